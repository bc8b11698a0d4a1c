;; wasi-threads without a shared memory: the module imports "wasi"
;; "thread-spawn" and exports wasi_thread_start, but its memory is its own
;; (not an imported shared memory), so no thread can share it and
;; thread-spawn returns -1 (wasi-libc's pthread_create then says EAGAIN).
;; The import links, the call returns, the program carries on.
(module
  (import "wasi" "thread-spawn" (func $thread_spawn (param i32) (result i32)))
  ;;@prelude
  (memory (export "memory") 1)
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    unreachable)
  (func (export "_start")
    (call $println_i32 (call $thread_spawn (i32.const 42)))
    (call $println_i32 (call $thread_spawn (i32.const 0)))
    (call $println_i32 (i32.const 7))))
