;; variants/exceptions.wat: exceptions thrown and caught across frames in
;; code whose layout differs between CPU variants (cpu_variants.rs): bit
;; counts and float rounding, which the x86-64 baseline lowers to long
;; sequences or libm calls and x86-64-v3 to single instructions, come before
;; the calls with handlers, so the call sites of the two variants sit at
;; different offsets and a variant unwinding with the other's call-site
;; table finds no handler.
;; $down(n) recurses to 0; $thrower throws at every n divisible by 8; the
;; nearest frame above with n divisible by 5 catches (the frames between are
;; unwound). Arguments: depth, repetitions. Prints the sum and the repetitions.
(module
  ;;@prelude
  (memory (export "memory") 1)
  (tag $e (param i64))

  (func $mix (param $n i32) (result i64)
    (i64.add
      (i64.extend_i32_u
        (i32.add (i32.popcnt (i32.mul (local.get $n) (i32.const 2654435761)))
          (i32.add (i32.ctz (i32.or (local.get $n) (i32.const 0x10000)))
                   (i32.clz (i32.add (local.get $n) (i32.const 1))))))
      (i64.trunc_f64_s
        (f64.floor (f64.div (f64.convert_i32_u (local.get $n)) (f64.const 3.5))))))

  (func $thrower (param $n i32) (result i64)
    (if (i32.eqz (i32.and (local.get $n) (i32.const 7)))
      (then (throw $e (call $mix (local.get $n)))))
    (i64.extend_i32_u (i32.popcnt (local.get $n))))

  (func $body (param $n i32) (result i64)
    (i64.add (call $thrower (local.get $n))
             (call $down (i32.sub (local.get $n) (i32.const 1)))))

  (func $down (param $n i32) (result i64)
    (local $m i64)
    (if (i32.eqz (local.get $n)) (then (return (i64.const 0))))
    (local.set $m
      (i64.add (i64.extend_i32_u (i32.popcnt (i32.mul (local.get $n) (i32.const 0x9e3779b1))))
        (i64.trunc_f64_s (f64.ceil (f64.div (f64.convert_i32_u (local.get $n)) (f64.const 7.25))))))
    (if (i32.rem_u (local.get $n) (i32.const 5))
      (then (return (i64.add (local.get $m) (call $body (local.get $n))))))
    (block $h (result i64)
      (return
        (i64.add (local.get $m)
          (try_table (result i64) (catch $e $h) (call $body (local.get $n))))))
    ;; caught: the payload
    (i64.add (local.get $m))
    (i64.add (i64.extend_i32_u (i32.ctz (local.get $n))))
    (i64.add (i64.const 1000)))

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
