;; Trapping float-to-int conversions. Inputs come from memory (run-time values).
;;   0..3: NaN into i32.trunc_f32_s, i32.trunc_f64_u, i64.trunc_f64_s, i64.trunc_f32_u
;;         -> invalid conversion to integer
;;   4: i32.trunc_f64_s 2147483648.0      -> integer overflow
;;   5: i32.trunc_f64_s -2147483649.0     -> integer overflow
;;   6: i32.trunc_f32_u -1.0              -> integer overflow
;;   7: i64.trunc_f64_s 9223372036854775808.0 -> integer overflow
;;   8: i64.trunc_f64_u 18446744073709551616.0 -> integer overflow
;;   9: i32.trunc_f32_s +inf              -> integer overflow
;;  10: i64.trunc_f64_u -inf              -> integer overflow
;;  99: the extreme values that do NOT trap
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 1024) "start\00")
  (data (i32.const 1040) "survived\00")

  (func $f64 (param f64) (result f64)
    (f64.store (i32.const 2048) (local.get 0))
    (f64.load (i32.const 2048)))
  (func $f32 (param f32) (result f32)
    (f32.store (i32.const 2048) (local.get 0))
    (f32.load (i32.const 2048)))

  (func (export "_start")
    (local $case i32)
    (local.set $case (call $arg_i32 (i32.const 1)))
    (call $print_cstr (i32.const 1024)) (call $nl)
    (block $cases
      (if (i32.eq (local.get $case) (i32.const 0))
        (then (call $println_i32 (i32.trunc_f32_s (call $f32 (f32.const nan)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 1))
        (then (call $println_i32 (i32.trunc_f64_u (call $f64 (f64.const -nan)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 2))
        (then (call $println_i64 (i64.trunc_f64_s (call $f64 (f64.const nan:0x4)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 3))
        (then (call $println_i64 (i64.trunc_f32_u (call $f32 (f32.const nan)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 4))
        (then (call $println_i32 (i32.trunc_f64_s (call $f64 (f64.const 2147483648.0)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 5))
        (then (call $println_i32 (i32.trunc_f64_s (call $f64 (f64.const -2147483649.0)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 6))
        (then (call $println_i32 (i32.trunc_f32_u (call $f32 (f32.const -1.0)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 7))
        (then (call $println_i64 (i64.trunc_f64_s (call $f64 (f64.const 9223372036854775808.0)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 8))
        (then (call $println_i64 (i64.trunc_f64_u (call $f64 (f64.const 18446744073709551616.0)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 9))
        (then (call $println_i32 (i32.trunc_f32_s (call $f32 (f32.const inf)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 10))
        (then (call $println_i64 (i64.trunc_f64_u (call $f64 (f64.const -inf)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 99))
        (then
          (call $println_i32 (i32.trunc_f64_s (call $f64 (f64.const 2147483647.9))))
          (call $println_i32 (i32.trunc_f64_s (call $f64 (f64.const -2147483648.9))))
          (call $println_i32 (i32.trunc_f64_u (call $f64 (f64.const 4294967295.9))))
          (call $println_i32 (i32.trunc_f64_u (call $f64 (f64.const -0.9))))
          (call $println_i32 (i32.trunc_f32_s (call $f32 (f32.const -2147483648.0))))
          (call $println_i32 (i32.trunc_f32_u (call $f32 (f32.const 4294967040.0))))
          (call $println_i64 (i64.trunc_f64_s (call $f64 (f64.const -9223372036854775808.0))))
          (call $println_i64 (i64.trunc_f64_s (call $f64 (f64.const 9223372036854774784.0))))
          (call $println_i64 (i64.trunc_f64_u (call $f64 (f64.const 18446744073709549568.0))))
          (call $println_i64 (i64.trunc_f64_u (call $f64 (f64.const -0.99))))
          (call $println_i64 (i64.trunc_f32_s (call $f32 (f32.const -0x1p63))))
          (call $println_i64 (i64.trunc_f32_u (call $f32 (f32.const 0x1.fffffep63))))
          (call $println_i32 (i32.trunc_f64_s (call $f64 (f64.const -0.0))))
          (br $cases)))
      (unreachable))
    (call $print_cstr (i32.const 1040)) (call $nl)))
