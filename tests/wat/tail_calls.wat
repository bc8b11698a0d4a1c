;; Tail calls (return_call, return_call_indirect, return_call_ref) run in
;; constant native stack: each path does 10^8 mutual tail calls, which would
;; hit the explicit stack-limit check ("call stack exhausted") if a frame
;; were kept per call. The callees take more parameters than the callers
;; (stack-passed arguments on every target), and one path tail-calls an
;; imported host function (WASI fd_write through its adapter).
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 1024) "start\00")
  (data (i32.const 1040) "survived\00")
  (data (i32.const 1056) "host tail call\n")
  (type $step (func (param i64 i64) (result i64)))
  (type $wide (func (param i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (table $t 2 funcref)
  (elem (table $t) (i32.const 0) func $ind_ping $ind_pong)
  (elem declare func $ref_ping $ref_pong)

  ;; direct: $ping -> $pong (12 params, most on the stack) -> $ping
  (func $ping (type $step)
    (if (result i64) (i64.eqz (local.get 0))
      (then (local.get 1))
      (else
        (return_call $pong (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 1))
          (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6) (i64.const 7) (i64.const 8)
          (i64.const 9) (i64.const 10) (i64.const 11) (i64.const 12)))))
  (func $pong (type $wide)
    (return_call $ping (local.get 0)
      (i64.add (local.get 1) (i64.sub (local.get 11) (i64.const 12)))))

  ;; indirect: through table $t, with a type check on every call
  (func $ind_ping (type $step)
    (if (result i64) (i64.eqz (local.get 0))
      (then (local.get 1))
      (else
        (return_call_indirect $t (type $step)
          (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 2))
          (i32.wrap_i64 (i64.and (local.get 0) (i64.const 1)))))))
  (func $ind_pong (type $step)
    (return_call_indirect $t (type $step) (local.get 0) (local.get 1) (i32.const 0)))

  ;; call_ref: typed references, one from a global, one from ref.func
  (global $pong_ref (ref $wide) (ref.func $ref_pong))
  (func $ref_ping (type $step)
    (if (result i64) (i64.eqz (local.get 0))
      (then (local.get 1))
      (else
        (return_call_ref $wide (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 3))
          (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0)
          (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0)
          (global.get $pong_ref)))))
  (func $ref_pong (type $wide)
    (return_call_ref $step (local.get 0) (local.get 1) (ref.func $ref_ping)))

  ;; a tail call to an imported (host) function
  (func $write_tail (param $ptr i32) (param $len i32) (result i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (return_call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))

  (func (export "_start")
    (call $print_cstr (i32.const 1024)) (call $nl)
    (call $println_i64 (call $ping (i64.const 100000000) (i64.const 0)))
    (call $println_i64 (call $ind_ping (i64.const 100000000) (i64.const 0)))
    (call $println_i64 (call $ref_ping (i64.const 100000000) (i64.const 0)))
    (call $println_i32 (call $write_tail (i32.const 1056) (i32.const 15)))
    (call $print_cstr (i32.const 1040)) (call $nl)))
