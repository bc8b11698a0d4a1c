;; Descriptor table exhaustion: open the preopened directory (fd 3) again and
;; again until path_open fails, then show that closing one descriptor lets the
;; next open succeed with exactly that number, and that closing everything
;; lets the program carry on. Prints:
;;   opened N            descriptors opened before the failure
;;   errno E             the failure: NFILE (41) when wasmc's table (4096
;;                       entries) is full, MFILE (33) when the host's
;;                       RLIMIT_NOFILE runs out first
;;   first F, last L     the first and last descriptor numbers handed out
;;   closed L, reopened R, then errno E2   (R == L, and full again)
;;   after closing all: reopened R2, errno 0
(module
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 4000) ".")
  (data (i32.const 1024) "opened \00")
  (data (i32.const 1040) "errno \00")
  (data (i32.const 1056) "first \00")
  (data (i32.const 1072) "last \00")
  (data (i32.const 1088) "closed \00")
  (data (i32.const 1104) "reopened \00")
  (data (i32.const 1120) "after closing all: reopened \00")
  (data (i32.const 1160) "close errors \00")

  ;; open "." as a directory; the errno, the fd at 16384
  (func $open (result i32)
    (call $path_open (i32.const 3) (i32.const 0) (i32.const 4000) (i32.const 1)
      (i32.const 2) (i64.const 0) (i64.const -1) (i32.const 0) (i32.const 16384)))
  (func $say (param $s i32) (param $v i32)
    (call $print_cstr (local.get $s))
    (call $println_i32 (local.get $v)))

  (func (export "_start")
    (local $n i32) (local $e i32) (local $first i32) (local $last i32) (local $fd i32)
    (local $bad i32)
    (block $full
      (loop $more
        (local.set $e (call $open))
        (br_if $full (local.get $e))
        (local.set $last (i32.load (i32.const 16384)))
        (if (i32.eqz (local.get $n)) (then (local.set $first (local.get $last))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br_if $more (i32.lt_u (local.get $n) (i32.const 100000)))))
    (call $say (i32.const 1024) (local.get $n))
    (call $say (i32.const 1040) (local.get $e))
    (call $say (i32.const 1056) (local.get $first))
    (call $say (i32.const 1072) (local.get $last))
    ;; close one in the middle: the next open gets exactly that number
    (local.set $fd (i32.add (local.get $first) (i32.div_u (local.get $n) (i32.const 2))))
    (call $say (i32.const 1088) (i32.sub (local.get $fd) (local.get $first)))
    (call $say (i32.const 1040) (call $fd_close (local.get $fd)))
    (call $say (i32.const 1040) (call $open))
    (call $say (i32.const 1104) (i32.sub (i32.load (i32.const 16384)) (local.get $first)))
    (call $say (i32.const 1040) (call $open))
    ;; close everything we opened
    (local.set $fd (local.get $first))
    (loop $close
      (if (call $fd_close (local.get $fd)) (then (local.set $bad (i32.add (local.get $bad) (i32.const 1)))))
      (local.set $fd (i32.add (local.get $fd) (i32.const 1)))
      (br_if $close (i32.le_u (local.get $fd) (local.get $last))))
    (call $say (i32.const 1160) (local.get $bad))
    (call $say (i32.const 1040) (call $open))
    (call $say (i32.const 1120) (i32.load (i32.const 16384)))))
