;; GC type identity across modules (iso-recursive canonicalization): a type
;; is its recursion group plus its position, compared structurally, so
;; separately defined but identical groups link and call_indirect across
;; modules; groups that differ in order, size or finality do not. Subtypes
;; are accepted where their declared supertype is expected (imports,
;; call_indirect, casts), never the other way round.
(module $a
  (rec (type $f (func (result i32))) (type $g (func (param (ref $f)) (result i32))))
  (type $base (sub (func (result i32))))
  (type $derived (sub $base (func (result i32))))
  (func $f (export "f") (type $f) (i32.const 1))
  (func $g (export "g") (type $g) (i32.add (call_ref $f (local.get 0)) (i32.const 10)))
  (func $d (export "derived") (type $derived) (i32.const 7))
  (func $b (export "base") (type $base) (i32.const 5))
  (table (export "t") 3 funcref)
  (elem (i32.const 0) func $f $d $b))
(register "a" $a)

;; The same groups written again: imports link, and calls go through.
(module $b
  (rec (type $f (func (result i32))) (type $g (func (param (ref $f)) (result i32))))
  (type $base (sub (func (result i32))))
  (type $derived (sub $base (func (result i32))))
  (import "a" "f" (func $f (type $f)))
  (import "a" "g" (func $g (type $g)))
  ;; A subtype's function where the supertype is expected.
  (import "a" "derived" (func $d_as_base (type $base)))
  (import "a" "t" (table $t 3 funcref))
  (func (export "call_g") (result i32) (call $g (ref.func $f)))
  (func (export "indirect") (param i32) (result i32)
    (call_indirect $t (type $f) (local.get 0)))
  (func (export "indirect_base") (param i32) (result i32)
    (call_indirect $t (type $base) (local.get 0)))
  (func (export "indirect_derived") (param i32) (result i32)
    (call_indirect $t (type $derived) (local.get 0)))
  (func (export "test_base") (param i32) (result i32)
    (ref.test (ref $base) (table.get $t (local.get 0))))
  (func (export "test_derived") (param i32) (result i32)
    (ref.test (ref $derived) (table.get $t (local.get 0))))
  (func (export "cast_derived") (param i32) (result i32)
    (call_ref $derived (ref.cast (ref $derived) (table.get $t (local.get 0)))))
  (func (export "d_as_base") (result i32) (call $d_as_base))
  (elem declare func $f))

(assert_return (invoke $b "call_g") (i32.const 11))
(assert_return (invoke $b "indirect" (i32.const 0)) (i32.const 1))
(assert_trap (invoke $b "indirect" (i32.const 1)) "indirect call type mismatch")
(assert_return (invoke $b "indirect_base" (i32.const 1)) (i32.const 7))
(assert_return (invoke $b "indirect_base" (i32.const 2)) (i32.const 5))
(assert_return (invoke $b "indirect_derived" (i32.const 1)) (i32.const 7))
(assert_trap (invoke $b "indirect_derived" (i32.const 2)) "indirect call type mismatch")
(assert_trap (invoke $b "indirect_base" (i32.const 0)) "indirect call type mismatch")
(assert_return (invoke $b "test_base" (i32.const 1)) (i32.const 1))
(assert_return (invoke $b "test_base" (i32.const 0)) (i32.const 0))
(assert_return (invoke $b "test_derived" (i32.const 2)) (i32.const 0))
(assert_return (invoke $b "cast_derived" (i32.const 1)) (i32.const 7))
(assert_trap (invoke $b "cast_derived" (i32.const 2)) "cast failure")
(assert_return (invoke $b "d_as_base") (i32.const 7))

;; The group's types in the other order: a different type.
(assert_unlinkable
  (module
    (rec (type $g (func (param (ref $f)) (result i32))) (type $f (func (result i32))))
    (import "a" "f" (func (type $f))))
  "incompatible import type")
;; A singleton group is not a member of a larger one.
(assert_unlinkable
  (module (type $f (func (result i32))) (import "a" "f" (func (type $f))))
  "incompatible import type")
;; A supertype's function where the subtype is expected.
(assert_unlinkable
  (module
    (type $base (sub (func (result i32))))
    (type $derived (sub $base (func (result i32))))
    (import "a" "base" (func (type $derived))))
  "incompatible import type")
;; Finality is part of the type.
(assert_unlinkable
  (module (type $base (sub final (func (result i32)))) (import "a" "base" (func (type $base))))
  "incompatible import type")
