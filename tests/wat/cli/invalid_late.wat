;; Eight valid functions and, last, one whose body is ill-typed (it returns
;; an i64 where an i32 is declared): the text parser accepts it, wasmc
;; rejects it while compiling functions in parallel (tests/cli_jobserver.rs,
;; jobserver_tokens_returned_on_error: the tokens come back on that path;
;; cli_run.rs, run_bad_input: no cache entry is left).
(module
  (func (export "f0") (result i32) (i32.const 0))
  (func (export "f1") (result i32) (i32.const 1))
  (func (export "f2") (result i32) (i32.const 2))
  (func (export "f3") (result i32) (i32.const 3))
  (func (export "f4") (result i32) (i32.const 4))
  (func (export "f5") (result i32) (i32.const 5))
  (func (export "f6") (result i32) (i32.const 6))
  (func (export "f7") (result i32) (i32.const 7))
  (func (export "bad") (result i32) (i64.const 8)))
