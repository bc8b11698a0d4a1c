;; br_table with many targets, the default target, out-of-range and negative
;; indices, nested loops with br/br_if, and select.
(module
  ;;@prelude
  (memory (export "memory") 1)

  (func $classify (param $x i32) (result i32)
    (block $default
      (block $b7 (block $b6 (block $b5 (block $b4 (block $b3 (block $b2 (block $b1 (block $b0
        (br_table $b0 $b1 $b2 $b3 $b4 $b5 $b6 $b7 $b0 $b1 $b2 $b3 $b4 $b5 $b6 $b7 $b7 $b7 $default
          (local.get $x)))
        (return (i32.const 100)))
        (return (i32.const 101)))
        (return (i32.const 102)))
        (return (i32.const 103)))
        (return (i32.const 104)))
        (return (i32.const 105)))
        (return (i32.const 106)))
      (return (i32.const 107)))
    (i32.const -1))

  ;; br_table with only a default target
  (func $only_default (param $x i32) (result i32)
    (block $d (br_table $d (local.get $x)))
    (i32.const 7))

  ;; a br_table inside a loop: a tiny state machine
  (func $machine (param $steps i32) (result i32)
    (local $state i32) (local $acc i32)
    (loop $run
      (block $s2 (block $s1 (block $s0
        (br_table $s0 $s1 $s2 (local.get $state)))
        ;; state 0
        (local.set $acc (i32.add (local.get $acc) (i32.const 1)))
        (local.set $state (i32.const 1))
        (br 1))
        ;; state 1 -- br 0 leaves block $s2
        (local.set $acc (i32.mul (local.get $acc) (i32.const 3)))
        (local.set $state (select (i32.const 2) (i32.const 0) (i32.and (local.get $acc) (i32.const 1))))
        (br 0))
      ;; state 2 and fallthrough from the others
      (if (i32.eq (local.get $state) (i32.const 2))
        (then
          (local.set $acc (i32.sub (local.get $acc) (i32.const 5)))
          (local.set $state (i32.const 0))))
      (local.set $steps (i32.sub (local.get $steps) (i32.const 1)))
      (br_if $run (i32.gt_s (local.get $steps) (i32.const 0))))
    (local.get $acc))

  (func (export "_start")
    (local $i i32)
    (local.set $i (i32.const -3))
    (loop $l
      (call $print_i32 (call $classify (local.get $i)))
      (call $space)
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_s (local.get $i) (i32.const 22))))
    (call $nl)
    (call $println_i32 (call $classify (i32.const 0x7fffffff)))
    (call $println_i32 (call $classify (i32.const 0x80000000)))
    (call $println_i32 (call $only_default (i32.const 12345)))
    (call $println_i32 (call $machine (i32.const 1000)))))
