;; Sign-extension operators on boundary values.
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 1024) "\00\00\00\00\7f\00\00\00\80\00\00\00\ff\00\00\00\ff\7f\00\00\00\80\00\00\34\12\cd\ab\ff\ff\ff\7f")

  (func (export "_start")
    (local $p i32) (local $x i32) (local $y i64)
    (local.set $p (i32.const 1024))
    (loop $l
      (local.set $x (i32.load (local.get $p)))
      (local.set $y (i64.or (i64.extend_i32_u (local.get $x)) (i64.const 0x5500000000)))
      (call $print_hex32 (local.get $x)) (call $space)
      (call $print_i32 (i32.extend8_s (local.get $x))) (call $space)
      (call $print_i32 (i32.extend16_s (local.get $x))) (call $space)
      (call $print_i64 (i64.extend8_s (local.get $y))) (call $space)
      (call $print_i64 (i64.extend16_s (local.get $y))) (call $space)
      (call $print_i64 (i64.extend32_s (local.get $y))) (call $nl)
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $l (i32.lt_u (local.get $p) (i32.const 1056))))
    (call $println_i64 (i64.extend32_s (i64.const 0x80000000)))
    (call $println_i64 (i64.extend32_s (i64.const 0xffffffff7fffffff)))))
