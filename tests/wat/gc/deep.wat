;; GC stress: deep recursion holding references across allocations.
;; $down(n) allocates a struct for its level, keeps it in a local and on the
;; operand stack across the recursive call and across garbage allocated
;; after it returns, then adds its field to the result: every frame's
;; references must survive the collections run from far deeper frames.
;; argv[1] = depth, argv[2] = repetitions. Prints the sum and the count.
(module
  ;;@prelude
  (memory (export "memory") 1)
  (type $box (struct (field $v i64) (field $pad (ref null $box))))
  (type $arr (array (mut i64)))

  (func $down (param $n i32) (result i64)
    (local $mine (ref null $box)) (local $junk (ref null $arr)) (local $r i64)
    (if (i32.eqz (local.get $n)) (then (return (i64.const 0))))
    (local.set $mine (struct.new $box (i64.extend_i32_u (local.get $n)) (ref.null $box)))
    (local.set $junk (array.new $arr (i64.const 3) (i32.const 6)))
    ;; an operand-stack reference live across the call
    (struct.new $box (i64.const 1) (local.get $mine))
    (local.set $r (call $down (i32.sub (local.get $n) (i32.const 1))))
    ;; more garbage while both references are still needed
    (drop (array.new $arr (i64.const 5) (i32.const 30)))
    (drop (struct.new $box (i64.const -1000000) (ref.null $box)))
    (local.set $junk (array.new $arr (i64.const 7) (i32.const 6)))
    ;; level n adds 7 + n + n - 7: down(n) = n (n + 1)
    (struct.get $box $v (ref.as_non_null (struct.get $box $pad)))
    (i64.add (array.get $arr (local.get $junk) (i32.const 5)))
    (i64.add (struct.get $box $v (local.get $mine)))
    (i64.sub (i64.const 7))
    (i64.add (local.get $r)))

  (func $main (export "_start")
    (local $depth i32) (local $reps i32) (local $i i32) (local $sum i64)
    (local.set $depth (call $arg_i32 (i32.const 1)))
    (local.set $reps (call $arg_i32 (i32.const 2)))
    (loop $l
      (local.set $sum (i64.add (local.get $sum) (call $down (local.get $depth))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $reps))))
    (call $println_i64 (local.get $sum))
    (call $println_i32 (local.get $i)))
)
