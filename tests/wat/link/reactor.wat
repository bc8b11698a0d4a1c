;; A WASI reactor (exports _initialize, no _start), used from a C host through
;; the header `wasmc build --header` generates (tests/tests/link.rs,
;; c/link/reactor_host.c). _initialize sets $base and counts its calls:
;; every result shows it ran exactly once before any other export. It traps
;; when the host's env.init_fails says so (instantiation then fails).
(module
  (import "env" "init_fails" (func $init_fails (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "reactor memory")
  (global $base (mut i32) (i32.const 0))
  (global $inits (mut i32) (i32.const 0))
  (global (export "version") i32 (i32.const 3))
  (func (export "_initialize")
    (if (call $init_fails) (then unreachable))
    (global.set $base (i32.const 1000))
    (global.set $inits (i32.add (global.get $inits) (i32.const 1))))
  (func (export "inits") (result i32) (global.get $inits))
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (global.get $base) (i32.add (local.get 0) (local.get 1))))
  (func (export "div-mod") (param i64 i64) (result i64 i64)
    (i64.div_s (local.get 0) (local.get 1))
    (i64.rem_s (local.get 0) (local.get 1)))
  (func (export "mix") (param f32 f64) (result f64)
    (f64.mul (f64.promote_f32 (local.get 0)) (local.get 1)))
  (func (export "reverse") (param v128) (result v128)
    (i8x16.shuffle 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0 (local.get 0) (local.get 0)))
  (func (export "same") (param externref) (result externref) (local.get 0))
  (func (export "nothing")))
