;; GC benchmark: binary-trees (the Benchmarks Game's shape) with struct
;; objects (scripts/bench_gc.sh). Usage: binary_trees N (WASI arguments):
;; a long-lived tree of depth N, then for depth d = 4, 6, ..., N,
;; 2^(N - d + 4) trees of depth d built and checked (node count), then the
;; long-lived tree checked. Prints the sum of all checks.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (type $tree (struct (field $l (ref null $tree)) (field $r (ref null $tree))))

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

  (func $make (param $d i32) (result (ref $tree))
    (if (result (ref $tree)) (i32.eqz (local.get $d))
      (then (struct.new $tree (ref.null $tree) (ref.null $tree)))
      (else
        (struct.new $tree
          (call $make (i32.sub (local.get $d) (i32.const 1)))
          (call $make (i32.sub (local.get $d) (i32.const 1)))))))

  (func $check (param $t (ref $tree)) (result i32)
    (local $l (ref null $tree))
    (local.set $l (struct.get $tree $l (local.get $t)))
    (if (result i32) (ref.is_null (local.get $l))
      (then (i32.const 1))
      (else
        (i32.add (i32.const 1)
          (i32.add (call $check (ref.as_non_null (local.get $l)))
                   (call $check (ref.as_non_null (struct.get $tree $r (local.get $t)))))))))

  (func $main (export "_start")
    (local $n i32) (local $d i32) (local $i i32) (local $iters i32) (local $sum i32)
    (local $long (ref null $tree))
    (local.set $n (call $arg (i32.const 1)))
    (local.set $sum (call $check (call $make (i32.add (local.get $n) (i32.const 1)))))
    (local.set $long (call $make (local.get $n)))
    (local.set $d (i32.const 4))
    (block $done
      (loop $depths
        (br_if $done (i32.gt_u (local.get $d) (local.get $n)))
        (local.set $iters (i32.shl (i32.const 1) (i32.add (i32.sub (local.get $n) (local.get $d)) (i32.const 4))))
        (local.set $i (i32.const 0))
        (loop $trees
          (local.set $sum (i32.add (local.get $sum) (call $check (call $make (local.get $d)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $trees (i32.lt_u (local.get $i) (local.get $iters))))
        (local.set $d (i32.add (local.get $d) (i32.const 2)))
        (br $depths)))
    (local.set $sum (i32.add (local.get $sum) (call $check (ref.as_non_null (local.get $long)))))
    (call $println (local.get $sum)))
)
