  ;; ---- shared prelude (tests/wat/prelude.wat), spliced in at ";;@prelude" ----
  ;; WASI imports and helpers to print numbers and read numeric arguments.
  ;; Scratch memory used by the helpers: bytes [0, 1024) of memory 0.
  ;;   0..8 iovec, 8..12 nwritten, 16..48 digits,
  ;;   128..136 argc/argv_buf_size, 136..264 argv pointers (max 32), 512..1024 argv strings.
  ;; Test code must keep its own data at 1024 and above.
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))

  ;; write len bytes at ptr to stdout
  (func $write (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func $print_char (param $c i32)
    (i32.store8 (i32.const 16) (local.get $c))
    (call $write (i32.const 16) (i32.const 1)))

  (func $nl (call $print_char (i32.const 10)))
  (func $space (call $print_char (i32.const 32)))

  ;; unsigned decimal
  (func $print_u64 (param $v i64)
    (local $p i32)
    (local.set $p (i32.const 48))
    (loop $digits
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $v) (i64.const 10)))))
      (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
      (br_if $digits (i64.ne (local.get $v) (i64.const 0))))
    (call $write (local.get $p) (i32.sub (i32.const 48) (local.get $p))))

  ;; signed decimal
  (func $print_i64 (param $v i64)
    (if (i64.lt_s (local.get $v) (i64.const 0))
      (then
        (call $print_char (i32.const 45))
        (local.set $v (i64.sub (i64.const 0) (local.get $v)))))
    (call $print_u64 (local.get $v)))

  (func $print_i32 (param $v i32) (call $print_i64 (i64.extend_i32_s (local.get $v))))
  (func $print_u32 (param $v i32) (call $print_u64 (i64.extend_i32_u (local.get $v))))

  ;; $n lowest hex digits of $v, most significant first
  (func $print_hex (param $v i64) (param $n i32)
    (local $d i32)
    (loop $digits
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (local.set $d (i32.wrap_i64 (i64.and (i64.shr_u (local.get $v)
        (i64.extend_i32_u (i32.mul (local.get $n) (i32.const 4)))) (i64.const 15))))
      (call $print_char (i32.add (local.get $d)
        (select (i32.const 48) (i32.const 87) (i32.lt_u (local.get $d) (i32.const 10)))))
      (br_if $digits (i32.gt_s (local.get $n) (i32.const 0)))))

  (func $print_hex32 (param $v i32) (call $print_hex (i64.extend_i32_u (local.get $v)) (i32.const 8)))
  (func $print_hex64 (param $v i64) (call $print_hex (local.get $v) (i32.const 16)))

  ;; NUL-terminated string at $ptr
  (func $print_cstr (param $ptr i32)
    (local $end i32)
    (local.set $end (local.get $ptr))
    (block $done
      (loop $scan
        (br_if $done (i32.eqz (i32.load8_u (local.get $end))))
        (local.set $end (i32.add (local.get $end) (i32.const 1)))
        (br $scan)))
    (call $write (local.get $ptr) (i32.sub (local.get $end) (local.get $ptr))))

  ;; "v\n" helpers
  (func $println_i32 (param $v i32) (call $print_i32 (local.get $v)) (call $nl))
  (func $println_i64 (param $v i64) (call $print_i64 (local.get $v)) (call $nl))
  (func $println_hex32 (param $v i32) (call $print_hex32 (local.get $v)) (call $nl))
  (func $println_hex64 (param $v i64) (call $print_hex64 (local.get $v)) (call $nl))

  ;; number of arguments including argv[0]
  (func $argc (result i32)
    (drop (call $args_sizes_get (i32.const 128) (i32.const 132)))
    (i32.load (i32.const 128)))

  ;; argv[$i] parsed as a signed decimal i32 (0 if missing)
  (func $arg_i32 (param $i i32) (result i32)
    (local $p i32) (local $c i32) (local $neg i32) (local $v i32)
    (if (i32.ge_u (local.get $i) (call $argc)) (then (return (i32.const 0))))
    (if (i32.gt_u (call $argc) (i32.const 32)) (then (unreachable)))
    (if (i32.gt_u (i32.load (i32.const 132)) (i32.const 512)) (then (unreachable)))
    (drop (call $args_get (i32.const 136) (i32.const 512)))
    (local.set $p (i32.load (i32.add (i32.const 136) (i32.shl (local.get $i) (i32.const 2)))))
    (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 45))
      (then
        (local.set $neg (i32.const 1))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))))
    (block $done
      (loop $digits
        (local.set $c (i32.sub (i32.load8_u (local.get $p)) (i32.const 48)))
        (br_if $done (i32.gt_u (local.get $c) (i32.const 9)))
        (local.set $v (i32.add (i32.mul (local.get $v) (i32.const 10)) (local.get $c)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $digits)))
    (select (i32.sub (i32.const 0) (local.get $v)) (local.get $v) (local.get $neg)))
  ;; ---- end of prelude ----
