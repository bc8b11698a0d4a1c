;; Prints "ready", then blocks reading stdin until it is closed, then exits
;; 0 (tests/cli_run.rs, run_*_signal: the test kills the program while it
;; waits, and checks how `wasmc run` reports the signal).
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 1024) "ready\00")
  (func (export "_start")
    (call $print_cstr (i32.const 1024))
    (call $nl)
    ;; iovec at 1040: 64 bytes at 1100; nread at 1048.
    (i32.store (i32.const 1040) (i32.const 1100))
    (i32.store (i32.const 1044) (i32.const 64))
    (block $eof
      (loop $more
        (br_if $eof (call $fd_read (i32.const 0) (i32.const 1040) (i32.const 1) (i32.const 1048)))
        (br_if $more (i32.load (i32.const 1048)))))
    (call $proc_exit (i32.const 0))))
