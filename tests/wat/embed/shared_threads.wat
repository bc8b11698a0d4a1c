;; Module of tests/c/embed/shared_threads_host.c: every thread instantiates
;; it with its own linker, over one shared memory (wasmc_linker_share_memory).
;; Layout: 0 i32 counter, 8 i64 counter, 16 ping-pong turn, 1024.. per-thread
;; regions of plain (non-atomic) bytes.
(module
  (import "env" "mem" (memory 1 16 shared))
  (export "mem" (memory 0))

  ;; n atomic increments of both counters
  (func (export "add") (param $n i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
        (drop (i64.atomic.rmw.add (i32.const 8) (i64.const 3)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l))))

  ;; plain stores of v into [base, base+len), then their sum
  (func (export "fill_sum") (param $base i32) (param $len i32) (param $v i32) (result i32)
    (local $i i32) (local $sum i32)
    (memory.fill (local.get $base) (local.get $v) (local.get $len))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $sum (i32.add (local.get $sum)
          (i32.load8_u (i32.add (local.get $base) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $sum))

  ;; ping-pong on the word at 16: wait until it is $me, hand it to the other
  ;; side (1 - $me) and notify; `rounds` times. Hangs if a wake-up is lost.
  (func (export "ping") (param $me i32) (param $rounds i32) (result i32)
    (local $waits i32)
    (block $done
      (loop $round
        (br_if $done (i32.eqz (local.get $rounds)))
        (block $mine
          (loop $wait
            (br_if $mine (i32.eq (i32.atomic.load (i32.const 16)) (local.get $me)))
            (drop (memory.atomic.wait32 (i32.const 16)
              (i32.sub (i32.const 1) (local.get $me)) (i64.const -1)))
            (local.set $waits (i32.add (local.get $waits) (i32.const 1)))
            (br $wait)))
        (i32.atomic.store (i32.const 16) (i32.sub (i32.const 1) (local.get $me)))
        (drop (memory.atomic.notify (i32.const 16) (i32.const 1)))
        (local.set $rounds (i32.sub (local.get $rounds) (i32.const 1)))
        (br $round)))
    (local.get $waits))

  (func (export "grow") (param $d i32) (result i32) (memory.grow (local.get $d)))
  (func (export "size") (result i32) (memory.size))

  ;; unbounded recursion: call stack exhausted, on this thread's own stack
  (func $down (export "down") (param $n i32) (result i32)
    (i32.add (call $down (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))

  (func (export "load32") (param $a i32) (result i32) (i32.atomic.load (local.get $a)))
  (func (export "load64") (param $a i32) (result i64) (i64.atomic.load (local.get $a))))
