;; A module for the embedding example: imports a host logger, exports `add`
;; and a `fib` that traps on negative input.
(module
  (import "env" "log" (func $log (param i32)))
  (func (export "add") (param i32 i32) (result i32)
    (call $log (local.get 0))
    (i32.add (local.get 0) (local.get 1)))
  (func $fib (export "fib") (param i32) (result i64)
    (if (i32.lt_s (local.get 0) (i32.const 0)) (then unreachable))
    (if (result i64) (i32.lt_s (local.get 0) (i32.const 2))
      (then (i64.extend_i32_u (local.get 0)))
      (else (i64.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2))))))))
