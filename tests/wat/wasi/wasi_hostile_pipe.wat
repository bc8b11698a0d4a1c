;; Partial writes to a full non-blocking pipe. stderr (fd 2) is a pipe that
;; the test does not read until the program has exited. The program makes fd
;; 2 non-blocking and writes three iovecs of 40000 bytes ('a', 'b', 'c'),
;; whose total is more than a pipe holds: the write must be partial and the
;; count must say exactly how much went in; then it writes until EAGAIN,
;; asks poll_oneoff whether fd 2 is writable (it is not: the 10 ms clock
;; fires instead), and prints on stdout:
;;   first N       bytes taken by the first (partial) fd_write, 0 < N < 120000
;;   errno E       6 (EAGAIN) from the first write that found the pipe full
;;   total T       bytes written in all (the test reads exactly T from stderr)
;;   poll type Y   1 event, of type 0 (the clock), not 2 (fd_write)
(module
  (import "wasi_snapshot_preview1" "fd_fdstat_set_flags" (func $set_flags (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  ;;@prelude
  (memory (export "memory") 3)
  (data (i32.const 1024) "first \00")
  (data (i32.const 1040) "errno \00")
  (data (i32.const 1056) "total \00")
  (data (i32.const 1072) "set_flags \00")
  (data (i32.const 1088) "poll \00")
  (data (i32.const 1104) "poll events \00")
  (data (i32.const 1120) "poll type \00")
  (data (i32.const 1136) "poll userdata \00")

  (func $say (param $s i32) (param $v i32)
    (call $print_cstr (local.get $s))
    (call $println_i32 (local.get $v)))

  (func (export "_start")
    (local $e i32) (local $total i32) (local $n i32)
    (memory.fill (i32.const 65536) (i32.const 97) (i32.const 40000))
    (memory.fill (i32.const 105536) (i32.const 98) (i32.const 40000))
    (memory.fill (i32.const 145536) (i32.const 99) (i32.const 40000))
    (i32.store (i32.const 4096) (i32.const 65536))
    (i32.store (i32.const 4100) (i32.const 40000))
    (i32.store (i32.const 4104) (i32.const 105536))
    (i32.store (i32.const 4108) (i32.const 40000))
    (i32.store (i32.const 4112) (i32.const 145536))
    (i32.store (i32.const 4116) (i32.const 40000))
    (call $say (i32.const 1072) (call $set_flags (i32.const 2) (i32.const 4)))
    (local.set $e (call $fd_write (i32.const 2) (i32.const 4096) (i32.const 3) (i32.const 4200)))
    (if (local.get $e) (then (call $say (i32.const 1040) (local.get $e)) (return)))
    (local.set $total (i32.load (i32.const 4200)))
    (call $say (i32.const 1024) (local.get $total))
    ;; more small writes (from the 'c' region) until the pipe is full
    (i32.store (i32.const 4120) (i32.const 145536))
    (i32.store (i32.const 4124) (i32.const 1000))
    (block $full
      (loop $more
        (i32.store (i32.const 4200) (i32.const -1))
        (local.set $e (call $fd_write (i32.const 2) (i32.const 4120) (i32.const 1) (i32.const 4200)))
        (br_if $full (local.get $e))
        (local.set $total (i32.add (local.get $total) (i32.load (i32.const 4200))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br_if $more (i32.lt_u (local.get $n) (i32.const 10000)))))
    (call $say (i32.const 1040) (local.get $e))
    (call $say (i32.const 1056) (local.get $total))
    ;; poll: fd_write on fd 2 (full) and a 10 ms clock; only the clock fires
    (i64.store (i32.const 8192) (i64.const 11))
    (i32.store8 (i32.const 8200) (i32.const 2))
    (i32.store (i32.const 8208) (i32.const 2))
    (i64.store (i32.const 8240) (i64.const 22))
    (i32.store8 (i32.const 8248) (i32.const 0))
    (i32.store (i32.const 8256) (i32.const 1))
    (i64.store (i32.const 8264) (i64.const 10000000))
    (i64.store (i32.const 8272) (i64.const 0))
    (i32.store16 (i32.const 8280) (i32.const 0))
    (call $say (i32.const 1088)
      (call $poll_oneoff (i32.const 8192) (i32.const 9000) (i32.const 2) (i32.const 4200)))
    (call $say (i32.const 1104) (i32.load (i32.const 4200)))
    (call $say (i32.const 1120) (i32.load8_u (i32.const 9010)))
    (call $say (i32.const 1136) (i32.wrap_i64 (i64.load (i32.const 9000))))))
