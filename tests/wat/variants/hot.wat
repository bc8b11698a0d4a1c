;; variants/hot.wat: code shared between CPU variants and code copied for
;; the further one (cpu_variants.rs). With the default `--multiversion hot`
;; only the functions with loops are copied: $sum (a loop) is, $step, $outer
;; and $main (loop-free) are not. $main (shared) calls $outer (shared), which
;; calls $sum (copied: shared code reaches the picked variant's copy through
;; its funcref record), which calls $step (shared) in its loop. Argument 1
;; picks the ending: 0 sums 0..99 normally, 1 traps in $step (shared, called
;; from the copy), 2 traps in $sum (the copy, called from shared code), 3
;; throws from $step and catches in $outer across the copy's frame.
;; Argument 2: repetitions.
(module
  ;;@prelude
  (memory (export "memory") 1)
  (tag $e (param i32))
  (global $mode (mut i32) (i32.const 0))

  (func $step (param $i i32) (result i32)
    (if (i32.and (i32.eq (global.get $mode) (i32.const 1)) (i32.eq (local.get $i) (i32.const 57)))
      (then unreachable))
    (if (i32.and (i32.eq (global.get $mode) (i32.const 3)) (i32.eq (local.get $i) (i32.const 42)))
      (then (throw $e (i32.mul (local.get $i) (i32.const 10)))))
    (i32.add (i32.popcnt (i32.mul (local.get $i) (i32.const 0x9e3779b1)))
             (i32.rotl (local.get $i) (i32.const 7))))

  (func $sum (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (call $step (local.get $i))))
      (if (i32.and (i32.eq (global.get $mode) (i32.const 2)) (i32.eq (local.get $i) (i32.const 77)))
        (then (drop (i32.div_u (local.get $s) (i32.sub (local.get $i) (i32.const 77))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))

  (func $outer (param $n i32) (result i32)
    (block $h (result i32)
      (return (try_table (result i32) (catch $e $h) (call $sum (local.get $n)))))
    (i32.add (i32.const 1000000)))

  (func $main (export "_start")
    (local $reps i32) (local $r i32) (local $total i32)
    (global.set $mode (call $arg_i32 (i32.const 1)))
    (local.set $reps (call $arg_i32 (i32.const 2)))
    (block $done
      (br_if $done (i32.eqz (local.get $reps)))
      (local.set $total (i32.add (local.get $total) (call $outer (i32.const 100))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $done (i32.ge_u (local.get $r) (local.get $reps)))
      (local.set $total (i32.add (local.get $total) (call $outer (i32.const 100)))))
    (call $println_i32 (local.get $total)))
)
