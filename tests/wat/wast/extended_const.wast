;; Extended constant expressions over imported globals (spectest's
;; global_i32 and global_i64 are 666): evaluated by the runtime at
;; instantiation, with wrap-around; constant-only ones are folded by the
;; compiler.
(module
  (import "spectest" "global_i32" (global $gi i32))
  (import "spectest" "global_i64" (global $gl i64))
  (global (export "a") i32 (i32.add (global.get $gi) (i32.const 1)))
  (global (export "b") i32 (i32.sub (i32.mul (global.get $gi) (i32.const 3)) (i32.const 6)))
  (global (export "c") i64 (i64.mul (global.get $gl) (i64.const 0x1_0000_0000)))
  (global (export "d") i64
    (i64.sub (i64.const 0) (i64.add (global.get $gl) (i64.mul (global.get $gl) (global.get $gl)))))
  (global (export "w") i32 (i32.mul (global.get $gi) (i32.const 0x7fff_ffff)))
  (global (export "k") i32 (i32.add (i32.const 0x7fff_ffff) (i32.mul (i32.const 2) (i32.const 3))))
  (global (export "m") i64 (i64.mul (i64.const 0x8000_0000_0000_0001) (i64.const 2)))
  (memory 1)
  (data (offset (i32.sub (global.get $gi) (i32.const 600))) "hi")
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (table 10 funcref)
  (elem (offset (i32.sub (global.get $gi) (i32.const 663))) $f)
  (func $f (result i32) (i32.const 42))
  (func (export "call") (param i32) (result i32) (call_indirect (result i32) (local.get 0))))

(assert_return (get "a") (i32.const 667))
(assert_return (get "b") (i32.const 1992))
(assert_return (get "c") (i64.const 2860448219136))
(assert_return (get "d") (i64.const -444222))
(assert_return (get "w") (i32.const -666))
(assert_return (get "k") (i32.const -2147483643))
(assert_return (get "m") (i64.const 2))
(assert_return (invoke "load" (i32.const 66)) (i32.const 104))
(assert_return (invoke "load" (i32.const 67)) (i32.const 105))
(assert_return (invoke "call" (i32.const 3)) (i32.const 42))
(assert_trap (invoke "call" (i32.const 2)) "uninitialized element")

;; An offset computed out of bounds fails instantiation.
(assert_trap
  (module
    (import "spectest" "global_i32" (global i32))
    (memory 1)
    (data (offset (i32.mul (global.get 0) (i32.const 100))) "x"))
  "out of bounds memory access")
(assert_trap
  (module
    (import "spectest" "global_i32" (global i32))
    (table 1 funcref)
    (elem (offset (i32.add (global.get 0) (i32.const -666))) func 0 0)
    (func))
  "out of bounds table access")
