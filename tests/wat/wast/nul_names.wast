;; Names are byte strings that may contain NUL bytes: exports, `register`
;; names and imports with NULs must link across modules and differ from
;; their prefixes (tests/spec.rs, wast_nul_names_link_across_modules: all 14
;; assertions must pass).
(module $a
  (func (export "\00") (result i32) (i32.const 1))
  (func (export "a\00b") (result i32) (i32.const 2))
  (func (export "a") (result i32) (i32.const 3))
  (func (export "a\00") (result i32) (i32.const 4))
  (global (export "g\00") i32 (i32.const 5))
  (global (export "g") i32 (i32.const 6)))
(register "m\00x" $a)
(register "m" $a)
(assert_return (invoke $a "\00") (i32.const 1))
(assert_return (invoke $a "a\00b") (i32.const 2))
(assert_return (invoke $a "a") (i32.const 3))
(assert_return (invoke $a "a\00") (i32.const 4))
(assert_return (get $a "g\00") (i32.const 5))
(assert_return (get $a "g") (i32.const 6))
(module $b
  (import "m\00x" "a\00b" (func $f (result i32)))
  (import "m" "a" (func $g (result i32)))
  (import "m\00x" "\00" (func $h (result i32)))
  (import "m" "g\00" (global $gg i32))
  (func (export "run") (result i32)
    (i32.add
      (i32.add (call $f) (i32.mul (call $g) (i32.const 10)))
      (i32.add (i32.mul (call $h) (i32.const 100)) (i32.mul (global.get $gg) (i32.const 1000))))))
(assert_return (invoke $b "run") (i32.const 5132))
(assert_unlinkable (module (import "m" "a\00c" (func (result i32)))) "unknown import")
(assert_unlinkable (module (import "m\00" "a" (func (result i32)))) "unknown import")
(assert_unlinkable (module (import "m" "a\00b" (global i32))) "incompatible import type")
