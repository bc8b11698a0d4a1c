;; `unreachable`, executed directly in _start (case 0) or three calls deep
;; (case 1, so the backtrace has frames); case 2 must not trap.
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 1024) "before\00")
  (data (i32.const 1040) "not reached\00")
  (data (i32.const 1056) "no trap\00")

  (func $level3 (param i32) (result i32)
    (if (i32.eq (local.get 0) (i32.const 1)) (then (unreachable)))
    (i32.add (local.get 0) (i32.const 100)))
  (func $level2 (param i32) (result i32) (i32.mul (call $level3 (local.get 0)) (i32.const 2)))
  (func $level1 (param i32) (result i32) (i32.sub (call $level2 (local.get 0)) (i32.const 1)))

  (func (export "_start")
    (local $case i32)
    (local.set $case (call $arg_i32 (i32.const 1)))
    (call $print_cstr (i32.const 1024)) (call $nl)
    (if (i32.eqz (local.get $case)) (then (unreachable)))
    (call $println_i32 (call $level1 (local.get $case)))
    (call $print_cstr (i32.const 1056)) (call $nl)))
