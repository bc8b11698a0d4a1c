;; Integer division traps. Operands are loaded from memory (run-time values).
;;   0..3: i32 div_s, div_u, rem_s, rem_u by zero -> integer divide by zero
;;   4..7: i64 div_s, div_u, rem_s, rem_u by zero -> integer divide by zero
;;   8: i32.div_s INT_MIN / -1 -> integer overflow
;;   9: i64.div_s INT64_MIN / -1 -> integer overflow
;;  99: the non-trapping neighbours: rem_s INT_MIN % -1 = 0, div_u by -1, ...
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 1024) "start\00")
  (data (i32.const 1040) "survived\00")
  ;; operands in memory (run-time values): zero32 @2048, zero64 @2056,
  ;; m1_32 @2064, m1_64 @2072, min32 @2080, min64 @2088, x32 @2096, x64 @2104
  (data (i32.const 2048)
    "\00\00\00\00\00\00\00\00" "\00\00\00\00\00\00\00\00"
    "\ff\ff\ff\ff\00\00\00\00" "\ff\ff\ff\ff\ff\ff\ff\ff"
    "\00\00\00\80\00\00\00\00" "\00\00\00\00\00\00\00\80"
    "\11\00\00\00\00\00\00\00" "\11\00\00\00\00\00\00\00")

  (func (export "_start")
    (local $case i32)
    (local.set $case (call $arg_i32 (i32.const 1)))
    (call $print_cstr (i32.const 1024)) (call $nl)
    (block $cases
      (if (i32.eq (local.get $case) (i32.const 0))
        (then (call $println_i32 (i32.div_s (i32.load (i32.const 2096)) (i32.load (i32.const 2048)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 1))
        (then (call $println_i32 (i32.div_u (i32.load (i32.const 2096)) (i32.load (i32.const 2048)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 2))
        (then (call $println_i32 (i32.rem_s (i32.load (i32.const 2096)) (i32.load (i32.const 2048)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 3))
        (then (call $println_i32 (i32.rem_u (i32.load (i32.const 2096)) (i32.load (i32.const 2048)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 4))
        (then (call $println_i64 (i64.div_s (i64.load (i32.const 2104)) (i64.load (i32.const 2056)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 5))
        (then (call $println_i64 (i64.div_u (i64.load (i32.const 2104)) (i64.load (i32.const 2056)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 6))
        (then (call $println_i64 (i64.rem_s (i64.load (i32.const 2104)) (i64.load (i32.const 2056)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 7))
        (then (call $println_i64 (i64.rem_u (i64.load (i32.const 2104)) (i64.load (i32.const 2056)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 8))
        (then (call $println_i32 (i32.div_s (i32.load (i32.const 2080)) (i32.load (i32.const 2064)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 9))
        (then (call $println_i64 (i64.div_s (i64.load (i32.const 2088)) (i64.load (i32.const 2072)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 99))
        (then
          (call $println_i32 (i32.rem_s (i32.load (i32.const 2080)) (i32.load (i32.const 2064))))
          (call $println_i64 (i64.rem_s (i64.load (i32.const 2088)) (i64.load (i32.const 2072))))
          (call $println_i32 (i32.div_u (i32.load (i32.const 2080)) (i32.load (i32.const 2064))))
          (call $println_i32 (i32.rem_u (i32.load (i32.const 2080)) (i32.load (i32.const 2064))))
          (call $println_i32 (i32.div_s (i32.load (i32.const 2080)) (i32.const 2)))
          (call $println_i32 (i32.div_s (i32.const -17) (i32.load (i32.const 2096))))
          (call $println_i32 (i32.rem_s (i32.const -7) (i32.const 2)))
          (call $println_i32 (i32.rem_s (i32.const 7) (i32.const -2)))
          (call $println_i64 (i64.div_s (i64.load (i32.const 2088)) (i64.const 3)))
          (call $println_i64 (i64.div_u (i64.load (i32.const 2088)) (i64.const 3)))
          (call $println_i64 (i64.rem_s (i64.const -9223372036854775807) (i64.const 10)))
          (call $println_i64 (i64.rem_u (i64.load (i32.const 2072)) (i64.const 10)))
          (br $cases)))
      (unreachable))
    (call $print_cstr (i32.const 1040)) (call $nl)))
