;; GC stress: long-lived data survives thousands of collections intact.
;; A linked list of 5000 nodes (head in a global), a complete binary tree of
;; depth 10 (root in a table slot) and a list held only by a local are built
;; first; then argv[1] rounds of garbage (a 64-byte struct chain each) force
;; collections (run with a small --max-gc-heap); every 4096 rounds the three
;; structures are checked against checksums computed when they were built.
;; Prints the three checksums and the number of checks.
(module
  ;;@prelude
  (memory (export "memory") 1)
  (type $node (struct (field $v i64) (field $next (ref null $node))))
  (type $tree (struct (field $v i64) (field $l (ref null $tree)) (field $r (ref null $tree))))
  (global $list (mut (ref null $node)) (ref.null $node))
  (table $roots 4 (ref null $tree))

  (func $build_list (param $n i32) (result (ref null $node))
    (local $h (ref null $node))
    (loop $l
      (local.set $h (struct.new $node (i64.extend_i32_u (i32.mul (local.get $n) (i32.const 7))) (local.get $h)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get $n) (i32.const 0))))
    (local.get $h))

  (func $sum_list (param $h (ref null $node)) (result i64)
    (local $s i64) (local $i i64)
    (block $done
      (loop $l
        (br_if $done (ref.is_null (local.get $h)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (local.set $s (i64.add (local.get $s)
          (i64.mul (local.get $i) (struct.get $node $v (local.get $h)))))
        (local.set $h (struct.get $node $next (local.get $h)))
        (br $l)))
    (local.get $s))

  (func $build_tree (param $d i32) (param $v i64) (result (ref null $tree))
    (if (result (ref null $tree)) (i32.eqz (local.get $d))
      (then (ref.null $tree))
      (else
        (struct.new $tree (local.get $v)
          (call $build_tree (i32.sub (local.get $d) (i32.const 1)) (i64.mul (local.get $v) (i64.const 2)))
          (call $build_tree (i32.sub (local.get $d) (i32.const 1))
            (i64.add (i64.mul (local.get $v) (i64.const 2)) (i64.const 1)))))))

  (func $sum_tree (param $t (ref null $tree)) (result i64)
    (if (result i64) (ref.is_null (local.get $t))
      (then (i64.const 0))
      (else
        (i64.add (struct.get $tree $v (local.get $t))
          (i64.add (i64.mul (i64.const 3) (call $sum_tree (struct.get $tree $l (local.get $t))))
                   (call $sum_tree (struct.get $tree $r (local.get $t))))))))

  (func $garbage (param $k i64)
    (drop (struct.new $node (local.get $k)
      (struct.new $node (local.get $k) (ref.null $node)))))

  (func $main (export "_start")
    (local $rounds i32) (local $i i32) (local $checks i32)
    (local $mine (ref null $node))
    (local $c1 i64) (local $c2 i64) (local $c3 i64)
    (local.set $rounds (call $arg_i32 (i32.const 1)))
    (global.set $list (call $build_list (i32.const 5000)))
    (table.set $roots (i32.const 2) (call $build_tree (i32.const 10) (i64.const 1)))
    (local.set $mine (call $build_list (i32.const 1000)))
    (local.set $c1 (call $sum_list (global.get $list)))
    (local.set $c2 (call $sum_tree (table.get $roots (i32.const 2))))
    (local.set $c3 (call $sum_list (local.get $mine)))
    (loop $l
      (call $garbage (i64.extend_i32_u (local.get $i)))
      (if (i32.eqz (i32.and (local.get $i) (i32.const 4095)))
        (then
          (if (i64.ne (call $sum_list (global.get $list)) (local.get $c1)) (then (unreachable)))
          (if (i64.ne (call $sum_tree (table.get $roots (i32.const 2))) (local.get $c2)) (then (unreachable)))
          (if (i64.ne (call $sum_list (local.get $mine)) (local.get $c3)) (then (unreachable)))
          (local.set $checks (i32.add (local.get $checks) (i32.const 1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $rounds))))
    (call $println_i64 (local.get $c1))
    (call $println_i64 (local.get $c2))
    (call $println_i64 (local.get $c3))
    (call $println_i32 (local.get $checks)))
)
