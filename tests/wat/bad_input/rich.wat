;; A valid module with most section kinds (type, import, memory, global,
;; function, export, code, data): tests/bad_input.rs truncates its binary at
;; every section boundary, and `wasmc validate` must accept it whole.
(module
  (type $t (func (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (global $g (mut i32) (i32.const 7))
  (func $f (type $t) (i32.add (local.get 0) (global.get $g)))
  (func (export "_start") (call $exit (call $f (i32.const 35))))
  (data (i32.const 1024) "a few bytes of data for the data section"))
