;; hello.wat: prints a greeting and its command-line arguments, one per line,
;; through WASI, then exits with the number of arguments (argv[0] excluded).
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get"
    (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "hello from wasm\n")
  (data (i32.const 16) "\n")

  ;; Write len bytes at ptr to stdout (iovec at 32, nwritten at 40).
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 32) (local.get $ptr))
    (i32.store (i32.const 36) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 40))))

  (func $strlen (param $p i32) (result i32) (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $n))

  (func (export "_start") (local $argc i32) (local $i i32) (local $arg i32)
    (call $print (i32.const 0) (i32.const 16))
    ;; argc at 48, buffer size at 52; argv pointers at 1024, strings at 4096.
    (drop (call $args_sizes_get (i32.const 48) (i32.const 52)))
    (local.set $argc (i32.load (i32.const 48)))
    (drop (call $args_get (i32.const 1024) (i32.const 4096)))
    (local.set $i (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $argc)))
        (local.set $arg (i32.load (i32.add (i32.const 1024) (i32.mul (local.get $i) (i32.const 4)))))
        (call $print (local.get $arg) (call $strlen (local.get $arg)))
        (call $print (i32.const 16) (i32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $proc_exit (i32.sub (local.get $argc) (i32.const 1)))))
