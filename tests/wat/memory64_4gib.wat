;; The 4 GiB boundary of 64-bit memories. $m has no maximum: it grows past
;; 65536 pages (to 4 GiB + 64 KiB), is accessed just below, across and above
;; 2^32 and at its end, filled and copied across 2^32, then grown to the
;; runtime's memory64 cap (16 GiB without --max-memory), one page more
;; failing. $f has a maximum of exactly 4 GiB (guard mode checks it against
;; the constant 4 GiB and lets the guard region catch the rest): grown to
;; it, its last bytes are accessible. Only a few pages are ever touched.
;; argv[1] selects a trapping case; 0 must not trap.
(module
  ;;@prelude
  (memory (export "memory") 1)
  (memory $m i64 1)
  (memory $f i64 1 65536)
  (data (i32.const 1024) "start\00")
  (data (i32.const 1040) "survived\00")
  (global $zero (mut i64) (i64.const 0))

  ;; the address arrives through a mutable global, so it is a run-time value
  (func $a (param $x i64) (result i64) (i64.add (global.get $zero) (local.get $x)))

  (func $grow
    (call $println_i64 (memory.grow $m (call $a (i64.const 65536))))
    (call $println_i64 (memory.size $m))
    (call $println_i64 (memory.grow $f (call $a (i64.const 65535))))
    (call $println_i64 (memory.size $f)))

  (func $all
    ;; just below, across and above 2^32
    (i64.store $m (call $a (i64.const 0xFFFF_FFF8)) (i64.const 0x0102030405060708))
    (call $println_hex64 (i64.load $m (call $a (i64.const 0xFFFF_FFF8))))
    (i32.store $m (call $a (i64.const 0xFFFF_FFFE)) (i32.const 0xAABBCCDD))
    (call $println_hex64 (i64.load $m (call $a (i64.const 0xFFFF_FFFC))))
    (i64.store $m (call $a (i64.const 0x1_0000_0000)) (i64.const 0x1111111122222222))
    (call $println_hex64 (i64.load $m offset=0x1_0000_0000 (call $a (i64.const 0))))
    ;; the last 8 bytes of $m
    (i64.store $m (call $a (i64.const 0x1_0000_FFF8)) (i64.const -2))
    (call $println_i64 (i64.load $m (call $a (i64.const 0x1_0000_FFF8))))
    ;; fill and copy across 2^32
    (memory.fill $m (call $a (i64.const 0xFFFF_FFFC)) (i32.const 0xEE) (call $a (i64.const 8)))
    (call $println_hex64 (i64.load $m (call $a (i64.const 0xFFFF_FFFC))))
    (memory.copy $m $m (call $a (i64.const 0x1_0000_8000)) (call $a (i64.const 0xFFFF_FFF8)) (call $a (i64.const 16)))
    (call $println_hex64 (i64.load $m (call $a (i64.const 0x1_0000_8008))))
    ;; copy from above 4 GiB into the 32-bit memory 0 (i32 length)
    (memory.copy 0 $m (i32.const 2048) (call $a (i64.const 0x1_0000_8000)) (i32.const 8))
    (call $println_hex64 (i64.load (i32.const 2048)))
    ;; the last bytes of $f (exactly 4 GiB)
    (i32.store $f (call $a (i64.const 0xFFFF_FFFC)) (i32.const 0x12345678))
    (call $println_hex32 (i32.load $f (call $a (i64.const 0xFFFF_FFFC))))
    (call $println_i32 (i32.load8_u $f offset=0xFFFF_FFFF (call $a (i64.const 0))))
    ;; grow $m to the 16 GiB cap (262144 pages), then one page more fails
    (call $println_i64 (memory.grow $m (call $a (i64.const 196607))))
    (call $println_i64 (memory.grow $m (call $a (i64.const 1))))
    (call $println_i64 (memory.size $m))
    (i64.store $m (call $a (i64.const 0x3_FFFF_FFF8)) (i64.const 42))
    (call $println_i64 (i64.load $m (call $a (i64.const 0x3_FFFF_FFF8)))))

  (func (export "_start")
    (local $case i32)
    (local.set $case (call $arg_i32 (i32.const 1)))
    (call $print_cstr (i32.const 1024)) (call $nl)
    (call $grow)
    (block $cases
      (if (i32.eq (local.get $case) (i32.const 0))
        (then (call $all) (br $cases)))
      ;; 1: 4-byte load straddling the end of $m (4 GiB + 64 KiB)
      (if (i32.eq (local.get $case) (i32.const 1))
        (then (call $println_i32 (i32.load $m (call $a (i64.const 0x1_0000_FFFE)))) (br $cases)))
      ;; 2: byte load at the end of $m, as a 4 GiB index plus an offset
      (if (i32.eq (local.get $case) (i32.const 2))
        (then (call $println_i32 (i32.load8_u $m offset=0x1_0000 (call $a (i64.const 0x1_0000_0000)))) (br $cases)))
      ;; 3: 4-byte store straddling the end of $f (exactly 4 GiB)
      (if (i32.eq (local.get $case) (i32.const 3))
        (then (i32.store $f (call $a (i64.const 0xFFFF_FFFE)) (i32.const 1)) (br $cases)))
      ;; 4: byte load at 4 GiB in $f
      (if (i32.eq (local.get $case) (i32.const 4))
        (then (call $println_i32 (i32.load8_u $f (call $a (i64.const 0x1_0000_0000)))) (br $cases)))
      ;; 5: fill across the end of $m
      (if (i32.eq (local.get $case) (i32.const 5))
        (then (memory.fill $m (call $a (i64.const 0x1_0000_FFF0)) (i32.const 0) (call $a (i64.const 17))) (br $cases)))
      ;; 99: the last byte of each, and an empty fill at the end
      (call $println_i32 (i32.load8_u $m (call $a (i64.const 0x1_0000_FFFF))))
      (call $println_i32 (i32.load8_u $f (call $a (i64.const 0xFFFF_FFFF))))
      (memory.fill $m (call $a (i64.const 0x1_0001_0000)) (i32.const 0) (call $a (i64.const 0))))
    (call $print_cstr (i32.const 1040)) (call $nl)))
