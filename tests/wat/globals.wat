;; Globals of every numeric type, mutable and immutable, exported (mutable
;; exports included), read and written from several functions.
(module
  ;;@prelude
  (memory (export "memory") 1)
  (global $counter (export "counter") (mut i32) (i32.const 5))
  (global $big (export "big") (mut i64) (i64.const -9000000000))
  (global $ratio (export "ratio") (mut f32) (f32.const 1.5))
  (global $pi (export "pi") f64 (f64.const 3.141592653589793))
  (global $seed i64 (i64.const 0x0123456789abcdef))
  (global $acc (mut f64) (f64.const 0))
  (global $fref (mut funcref) (ref.null func))
  (elem declare func $twice)

  (func $bump (param $by i32) (result i32)
    (global.set $counter (i32.add (global.get $counter) (local.get $by)))
    (global.get $counter))
  (func $twice (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))

  (func (export "_start")
    (local $i i32)
    (call $println_i32 (global.get $counter))
    (call $println_i32 (call $bump (i32.const 10)))
    (call $println_i32 (call $bump (i32.const -20)))
    (loop $l
      (global.set $big (i64.mul (global.get $big) (i64.const -3)))
      (global.set $ratio (f32.mul (global.get $ratio) (f32.const 1.5)))
      (global.set $acc (f64.add (global.get $acc) (global.get $pi)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 10))))
    (call $println_i64 (global.get $big))
    (call $println_hex32 (i32.reinterpret_f32 (global.get $ratio)))
    (call $println_hex64 (i64.reinterpret_f64 (global.get $acc)))
    (call $println_hex64 (i64.xor (global.get $seed) (i64.const -1)))
    (call $println_i32 (ref.is_null (global.get $fref)))
    (global.set $fref (ref.func $twice))
    (call $println_i32 (ref.is_null (global.get $fref)))
    (call $println_i32 (global.get $counter))))
