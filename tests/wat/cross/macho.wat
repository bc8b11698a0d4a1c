;; A module that makes every kind of reference: a libcall (memory.grow), a
;; direct call, an exported function and a table element. Compiled to
;; Mach-O objects for the darwin targets (tests/cross/darwin.rs).
(module
  (memory 1)
  (table 2 funcref)
  (elem (i32.const 0) $grow)
  (global $g (mut i32) (i32.const 5))
  (func $grow (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "_start") (global.set $g (call $grow (i32.const 1)))))
