;; A valid program that exits 7: the input of the bad command-line tests
;; in tests/bad_input.rs (the module is fine, the options are not).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start") (call $exit (i32.const 7))))
