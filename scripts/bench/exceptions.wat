;; Throw/catch micro-benchmark (scripts/bench_exceptions.sh).
;; Usage: exceptions MODE N   (WASI arguments), prints a checksum.
;;   MODE 0: N times throw + catch across 1 frame (the thrower's caller
;;           catches);
;;   MODE 1: N times throw + catch across 100 frames (a recursion 100 deep,
;;           caught at the top);
;;   MODE 2: N calls of a small non-throwing function, each inside a
;;           try_table (the zero-cost check: compare with MODE 3);
;;   MODE 3: the same N calls without try_table.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (tag $e (param i32))

  ;; argv[$i] as an unsigned decimal (0 if missing). Scratch: 128..1024.
  (func $arg (param $i i32) (result i32)
    (local $p i32) (local $c i32) (local $v i32)
    (drop (call $args_sizes_get (i32.const 128) (i32.const 132)))
    (if (i32.ge_u (local.get $i) (i32.load (i32.const 128))) (then (return (i32.const 0))))
    (if (i32.gt_u (i32.load (i32.const 128)) (i32.const 32)) (then (unreachable)))
    (if (i32.gt_u (i32.load (i32.const 132)) (i32.const 512)) (then (unreachable)))
    (drop (call $args_get (i32.const 136) (i32.const 512)))
    (local.set $p (i32.load (i32.add (i32.const 136) (i32.shl (local.get $i) (i32.const 2)))))
    (block $done
      (loop $digits
        (local.set $c (i32.sub (i32.load8_u (local.get $p)) (i32.const 48)))
        (br_if $done (i32.gt_u (local.get $c) (i32.const 9)))
        (local.set $v (i32.add (i32.mul (local.get $v) (i32.const 10)) (local.get $c)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $digits)))
    (local.get $v))

  ;; print $v in decimal and a newline. Scratch: 0..64.
  (func $println (param $v i32)
    (local $p i32)
    (local.set $p (i32.const 63))
    (i32.store8 (i32.const 63) (i32.const 10))
    (loop $digits
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
      (br_if $digits (local.get $v)))
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (i32.sub (i32.const 64) (local.get $p)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func $thrower (param $v i32) (throw $e (local.get $v)))
  (func $deep (param $n i32) (param $v i32)
    (if (i32.eqz (local.get $n)) (then (throw $e (local.get $v))))
    (call $deep (i32.sub (local.get $n) (i32.const 1)) (local.get $v)))
  (func $leaf (param $v i32) (result i32) (i32.add (local.get $v) (i32.const 1)))

  (func $throw_1 (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum)
        (block $h (result i32)
          (try_table (catch $e $h) (call $thrower (local.get $i)))
          (i32.const 0))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $sum))
  (func $throw_100 (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum)
        (block $h (result i32)
          (try_table (catch $e $h) (call $deep (i32.const 99) (local.get $i)))
          (i32.const 0))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $sum))
  (func $calls_try (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $l
      (block $h
        (try_table (catch_all $h)
          (local.set $sum (i32.add (local.get $sum) (call $leaf (local.get $i))))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $sum))
  (func $calls_plain (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (call $leaf (local.get $i))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $sum))

  (func (export "_start")
    (local $mode i32) (local $n i32)
    (local.set $mode (call $arg (i32.const 1)))
    (local.set $n (call $arg (i32.const 2)))
    (call $println
      (if (result i32) (i32.eqz (local.get $mode))
        (then (call $throw_1 (local.get $n)))
        (else (if (result i32) (i32.eq (local.get $mode) (i32.const 1))
          (then (call $throw_100 (local.get $n)))
          (else (if (result i32) (i32.eq (local.get $mode) (i32.const 2))
            (then (call $calls_try (local.get $n)))
            (else (call $calls_plain (local.get $n)))))))))))
