;; proc_exit with a computed status: the sum of the numeric arguments, after
;; printing argc and each argument. Output written before proc_exit must
;; appear, code after it must not run.
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 1024) "not reached\00")
  (func (export "_start")
    (local $i i32) (local $sum i32)
    (call $println_i32 (call $argc))
    (local.set $i (i32.const 1))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (call $argc)))
        (call $println_i32 (call $arg_i32 (local.get $i)))
        (local.set $sum (i32.add (local.get $sum) (call $arg_i32 (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (call $proc_exit (local.get $sum))
    (call $print_cstr (i32.const 1024))
    (call $nl)))
