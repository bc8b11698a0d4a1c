;; Module for tests/c/embed/typed_refs.c: typed reference globals and a
;; typed reference parameter, written and passed by the host.
(module
  (type $un (func (param i32) (result i32)))
  (type $bin (func (param i32 i32) (result i32)))
  (func $inc (type $un) (i32.add (local.get 0) (i32.const 1)))
  (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))
  (global $g (export "g") (mut (ref null $un)) (ref.null $un))
  (global (export "g_nonnull") (mut (ref $un)) (ref.func $inc))
  (global (export "g_add") (ref $bin) (ref.func $add))
  (func (export "call_g") (param i32) (result i32)
    (call_ref $un (local.get 0) (global.get $g)))
  (func (export "apply") (param (ref $un)) (param i32) (result i32)
    (call_ref $un (local.get 1) (local.get 0))))
