;; Module for tests/c/embed/gc_objects_host.c: GC objects handed to the host
;; and back, into typed globals and a typed parameter.
(module
  (type $s (struct (field i32)))
  (type $t (struct (field i64)))
  (global (export "gs") (mut (ref null $s)) (ref.null $s))
  (global (export "geq") (mut eqref) (ref.null eq))
  (global (export "gstruct") (mut structref) (ref.null struct))
  (global (export "garray") (mut arrayref) (ref.null array))
  (func (export "make_s") (param i32) (result (ref $s)) (struct.new $s (local.get 0)))
  (func (export "make_t") (result (ref $t)) (struct.new $t (i64.const 1)))
  (func (export "get") (param (ref $s)) (result i32) (struct.get $s 0 (local.get 0))))
