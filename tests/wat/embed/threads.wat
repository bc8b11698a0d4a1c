;; The module of the embedding host c/embed/threads_host.c: every thread of
;; the host instantiates it in a linker of its own and calls these exports
;; while the other threads do the same. `wasi_work` makes WASI calls that touch
;; the process-wide state (descriptor table, clocks, random, arguments,
;; environment, a 1 ms poll_oneoff sleep) and returns the sum of their errnos
;; (0 expected); `depth` recurses n frames deep; `forever` recurses until the
;; stack limit traps (it must be the calling thread's limit: a wrong one
;; either traps at once or lets the stack run into its guard page); `boom`
;; traps with unreachable.
(module
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (memory (export "memory") 1)

  (func (export "wasi_work") (param $n i32) (result i32)
    (local $sum i32) (local $i i32)
    ;; a poll_oneoff subscription: userdata 0, clock, monotonic, 1 ms, relative
    (i32.store8 (i32.const 8200) (i32.const 0))
    (i32.store (i32.const 8208) (i32.const 1))
    (i64.store (i32.const 8216) (i64.const 1000000))
    (i64.store (i32.const 8224) (i64.const 0))
    (i32.store16 (i32.const 8232) (i32.const 0))
    (block $done
      (loop $more
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum)
          (call $clock_time_get (i32.const 1) (i64.const 0) (i32.const 1024))))
        (local.set $sum (i32.add (local.get $sum)
          (call $random_get (i32.const 2048) (i32.const 64))))
        (local.set $sum (i32.add (local.get $sum)
          (call $fd_fdstat_get (i32.const 1) (i32.const 3072))))
        (local.set $sum (i32.add (local.get $sum)
          (call $args_sizes_get (i32.const 4096) (i32.const 4100))))
        (local.set $sum (i32.add (local.get $sum)
          (call $args_get (i32.const 4104) (i32.const 4608))))
        (local.set $sum (i32.add (local.get $sum)
          (call $environ_sizes_get (i32.const 4096) (i32.const 4100))))
        ;; a closed descriptor: BADF (8) each time, from the table under its lock
        (local.set $sum (i32.add (local.get $sum)
          (i32.sub (call $fd_close (i32.const 99)) (i32.const 8))))
        (if (i32.eqz (i32.rem_u (local.get $i) (i32.const 64)))
          (then
            (local.set $sum (i32.add (local.get $sum)
              (call $poll_oneoff (i32.const 8200) (i32.const 8300) (i32.const 1) (i32.const 8400))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $more)))
    (local.get $sum))

  (func $depth (export "depth") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (i32.add (call $depth (i32.sub (local.get $n) (i32.const 1))) (i32.const 1)))))

  (func $forever (export "forever") (param $n i32) (result i32)
    (i32.add (call $forever (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))

  (func (export "boom") (param i32) (result i32) unreachable))
