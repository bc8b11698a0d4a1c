;; wasi-threads end to end (tests/tests/wasi_threads.rs): the module imports
;; a shared memory and "wasi" "thread-spawn" and exports wasi_thread_start.
;; No argument: spawn 8 threads (prints 1 for each positive thread id), each
;; writes arg*100 + (tid > 0) to its slot at 2048 + 4*arg; the main thread
;; sleeps 1 ms at a time (poll_oneoff) until all 8 slots are set, then prints
;; them. Argument 100: the thread calls proc_exit(7) (the process exits with
;; 7 while the main thread sleeps); 200: the thread traps (unreachable:
;; status 134, the trap message and the backtrace of that thread). Plain
;; loads and stores: the calls between them keep the loads in the loop, and
;; each slot has one writer.
(module
  (import "env" "memory" (memory 1 1 shared))
  (import "wasi" "thread-spawn" (func $thread_spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  ;;@prelude
  (func $sleep_ms
    (i64.store (i32.const 8200) (i64.const 0))
    (i32.store8 (i32.const 8208) (i32.const 0))
    (i32.store (i32.const 8216) (i32.const 1))
    (i64.store (i32.const 8224) (i64.const 1000000))
    (i64.store (i32.const 8232) (i64.const 0))
    (i32.store16 (i32.const 8240) (i32.const 0))
    (drop (call $poll_oneoff (i32.const 8200) (i32.const 8300) (i32.const 1) (i32.const 8400))))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (if (i32.eq (local.get $arg) (i32.const 100)) (then (call $proc_exit (i32.const 7))))
    (if (i32.eq (local.get $arg) (i32.const 200)) (then unreachable))
    (i32.store (i32.add (i32.const 2048) (i32.shl (local.get $arg) (i32.const 2)))
      (i32.add (i32.mul (local.get $arg) (i32.const 100)) (i32.gt_s (local.get $tid) (i32.const 0)))))
  (func (export "_start")
    (local $i i32) (local $n i32) (local $mode i32)
    (local.set $mode (i32.const 0))
    (if (i32.gt_u (call $argc) (i32.const 1)) (then (local.set $mode (call $arg_i32 (i32.const 1)))))
    (if (local.get $mode) (then
      (drop (call $thread_spawn (local.get $mode)))
      (loop $forever (call $sleep_ms) (br $forever))))
    (local.set $i (i32.const 1))
    (loop $spawn
      (call $println_i32 (i32.gt_s (call $thread_spawn (local.get $i)) (i32.const 0)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $spawn (i32.le_u (local.get $i) (i32.const 8))))
    (block $all
      (loop $wait
        (call $sleep_ms)
        (local.set $n (i32.const 0))
        (local.set $i (i32.const 1))
        (loop $count
          (if (i32.load (i32.add (i32.const 2048) (i32.shl (local.get $i) (i32.const 2))))
            (then (local.set $n (i32.add (local.get $n) (i32.const 1)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $count (i32.le_u (local.get $i) (i32.const 8))))
        (br_if $all (i32.eq (local.get $n) (i32.const 8)))
        (br $wait)))
    (local.set $i (i32.const 1))
    (loop $show
      (call $println_i32 (i32.load (i32.add (i32.const 2048) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $show (i32.le_u (local.get $i) (i32.const 8))))))
