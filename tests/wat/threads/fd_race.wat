;; wasi-threads and the descriptor table (tests/tests/wasi_threads.rs): four
;; threads open, write to and close files in the preopened directory (fd 3)
;; 500 times each while a fifth closes descriptors 4..35 at random, 4000
;; times: closes race with writes on the same descriptor. Whatever the
;; interleaving, every call returns an errno (a write on a descriptor another
;; thread closed gives BADF, or lands in the file the number now names) and
;; the process ends normally; the main thread waits for the five and prints
;; "done". Run under ThreadSanitizer too. The data segment is passive and
;; copied in by _start before any thread exists: every thread's instance
;; applies the module's active segments again (instantiation does), which
;; would race with the other threads (toolchains emit passive segments for a
;; shared memory, as wasi-libc's __wasm_init_memory shows).
(module
  (import "env" "memory" (memory 1 1 shared))
  (import "wasi" "thread-spawn" (func $thread_spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  ;;@prelude
  (data $names "f0f1f2f3f4\00\00\00\00\00\00done\00")
  (func $sleep_ms
    (i64.store (i32.const 8200) (i64.const 0))
    (i32.store8 (i32.const 8208) (i32.const 0))
    (i32.store (i32.const 8216) (i32.const 1))
    (i64.store (i32.const 8224) (i64.const 1000000))
    (i64.store (i32.const 8232) (i64.const 0))
    (i32.store16 (i32.const 8240) (i32.const 0))
    (drop (call $poll_oneoff (i32.const 8200) (i32.const 8300) (i32.const 1) (i32.const 8400))))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (local $i i32) (local $fd i32) (local $scratch i32)
    ;; per-thread scratch: 12288 + 256*arg (iovec, fd out, nwritten)
    (local.set $scratch (i32.add (i32.const 12288) (i32.shl (local.get $arg) (i32.const 8))))
    (i32.store (local.get $scratch) (i32.const 4000))
    (i32.store (i32.add (local.get $scratch) (i32.const 4)) (i32.const 2))
    (if (i32.eqz (local.get $arg))
      (then
        (loop $close
          (drop (call $fd_close (i32.add (i32.const 4)
            (i32.rem_u (i32.mul (local.get $i) (i32.const 7)) (i32.const 32)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $close (i32.lt_u (local.get $i) (i32.const 4000)))))
      (else
        (loop $work
          ;; O_CREAT, rights fd_read|fd_write
          (if (i32.eqz (call $path_open (i32.const 3) (i32.const 0)
                (i32.add (i32.const 4000) (i32.shl (local.get $arg) (i32.const 1))) (i32.const 2)
                (i32.const 1) (i64.const 66) (i64.const 0) (i32.const 0)
                (i32.add (local.get $scratch) (i32.const 8))))
            (then
              (local.set $fd (i32.load (i32.add (local.get $scratch) (i32.const 8))))
              (drop (call $fd_write (local.get $fd) (local.get $scratch) (i32.const 1)
                (i32.add (local.get $scratch) (i32.const 12))))
              (drop (call $fd_close (local.get $fd)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $work (i32.lt_u (local.get $i) (i32.const 500))))))
    (i32.store (i32.add (i32.const 2048) (i32.shl (local.get $arg) (i32.const 2))) (i32.const 1)))
  (func (export "_start")
    (local $i i32) (local $n i32)
    (memory.init $names (i32.const 4000) (i32.const 0) (i32.const 21))
    (data.drop $names)
    (loop $spawn
      (if (i32.le_s (call $thread_spawn (local.get $i)) (i32.const 0)) (then unreachable))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $spawn (i32.lt_u (local.get $i) (i32.const 5))))
    (block $all
      (loop $wait
        (call $sleep_ms)
        (local.set $n (i32.const 0))
        (local.set $i (i32.const 0))
        (loop $count
          (local.set $n (i32.add (local.get $n)
            (i32.load (i32.add (i32.const 2048) (i32.shl (local.get $i) (i32.const 2))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $count (i32.lt_u (local.get $i) (i32.const 5))))
        (br_if $all (i32.eq (local.get $n) (i32.const 5)))
        (br $wait)))
    (call $print_cstr (i32.const 4016))
    (call $nl)))
