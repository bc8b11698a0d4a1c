;; `(either ...)` results (relaxed SIMD): a result matching any alternative
;; passes, one matching none fails: 4 pass (the module and three
;; assertions), the two at lines 9 and 12 fail.
(module
  (func (export "i32") (result i32) (i32.const 7))
  (func (export "v") (result v128) (v128.const i32x4 1 2 3 4))
  (func (export "f") (result f32) (f32.const nan)))
(assert_return (invoke "i32") (either (i32.const 1) (i32.const 7)))
(assert_return (invoke "i32") (either (i32.const 1) (i32.const 2)))
(assert_return (invoke "v")
  (either (v128.const i32x4 0 0 0 0) (v128.const i32x4 1 2 3 4)))
(assert_return (invoke "v")
  (either (v128.const i32x4 1 2 3 5) (v128.const i64x2 0 0)))
(assert_return (invoke "f") (either (f32.const 0) (f32.const nan:canonical)))
