;; A module with a start function (runs during instantiation, before
;; _start), active data segments at several offsets, and a _start that
;; returns normally (status 0).
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 1024) "data one\00")
  (data (i32.const 1040) "data two\00")
  (data (i32.const 65530) "edge\00\00")
  (global $initialized (mut i32) (i32.const 0))
  (func $init
    (global.set $initialized (i32.add (global.get $initialized) (i32.const 41)))
    (i32.store8 (i32.const 1024) (i32.const 68)))
  (start $init)
  (func (export "_start")
    (global.set $initialized (i32.add (global.get $initialized) (i32.const 1)))
    (call $println_i32 (global.get $initialized))
    (call $print_cstr (i32.const 1024)) (call $nl)
    (call $print_cstr (i32.const 1040)) (call $nl)
    (call $print_cstr (i32.const 65530)) (call $nl)
    (call $println_i32 (i32.load8_u (i32.const 2000)))))
