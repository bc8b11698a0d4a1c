;; Imports that nothing provides unless a --link file does (tests/tests/link.rs):
;; with none, the build lists all three; with --allow-unresolved, _start
;; prints through WASI and then calls other.c, which traps naming it.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "env" "a" (func $a (param i32)))
  (import "env" "b" (func $b (result i64)))
  (import "other" "c" (func $c (param f64 v128) (result externref)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\08\00\00\00\07\00\00\00")
  (data (i32.const 8) "before\n")
  (func (export "_start")
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 100)))
    (drop (call $c (f64.const 1) (v128.const i64x2 0 0)))
    (call $a (i32.const 1))))
