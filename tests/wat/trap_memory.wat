;; Out-of-bounds memory accesses with a 1-page memory (max 2 pages). The
;; effective address is the 33-bit sum address + offset: accesses at and
;; beyond 4 GiB and large static offsets must trap too (in guard mode these
;; exceed the guard region and need explicit checks).
;; argv[1] selects the case; case 99 performs only in-bounds accesses at the
;; very edges and must not trap.
(module
  ;;@prelude
  (memory (export "memory") 1 2)
  (data (i32.const 1024) "start\00")
  (data (i32.const 1040) "survived\00")
  (global $addr_base (mut i32) (i32.const 0))

  ;; the address arrives through a mutable global, so it is a run-time value
  (func $a (param $x i32) (result i32) (i32.add (global.get $addr_base) (local.get $x)))

  (func (export "_start")
    (local $case i32)
    (local.set $case (call $arg_i32 (i32.const 1)))
    (call $print_cstr (i32.const 1024)) (call $nl)
    (block $cases
      ;; 0: i32.load offset=0xFFFFFFF0 at address 0x20 -> 0x1_0000_0010
      (if (i32.eq (local.get $case) (i32.const 0))
        (then (call $println_i32 (i32.load offset=0xFFFFFFF0 (call $a (i32.const 0x20)))) (br $cases)))
      ;; 1: 4-byte load exactly at the end of memory
      (if (i32.eq (local.get $case) (i32.const 1))
        (then (call $println_i32 (i32.load (call $a (i32.const 0x10000)))) (br $cases)))
      ;; 2: 4-byte load straddling the end (65533..65537)
      (if (i32.eq (local.get $case) (i32.const 2))
        (then (call $println_i32 (i32.load (call $a (i32.const 0xFFFD)))) (br $cases)))
      ;; 3: 8-byte store straddling the end
      (if (i32.eq (local.get $case) (i32.const 3))
        (then (i64.store (call $a (i32.const 0xFFF9)) (i64.const -1)) (br $cases)))
      ;; 4: byte load at 0xFFFFFFFF
      (if (i32.eq (local.get $case) (i32.const 4))
        (then (call $println_i32 (i32.load8_u (call $a (i32.const -1)))) (br $cases)))
      ;; 5: static offset 2 GiB on address 0
      (if (i32.eq (local.get $case) (i32.const 5))
        (then (call $println_i32 (i32.load offset=0x80000000 (call $a (i32.const 0)))) (br $cases)))
      ;; 6: store with offset 0x7FFFFFF0 at address 0x90000000 (sum > 4 GiB)
      (if (i32.eq (local.get $case) (i32.const 6))
        (then (i32.store offset=0x7FFFFFF0 (call $a (i32.const 0x90000000)) (i32.const 1)) (br $cases)))
      ;; 7: f64 load at address -8 (0xFFFFFFF8)
      (if (i32.eq (local.get $case) (i32.const 7))
        (then (call $println_i64 (i64.trunc_f64_s (f64.load (call $a (i32.const -8))))) (br $cases)))
      ;; 8: 16-bit load with offset 1 at the last byte (65535 + 1)
      (if (i32.eq (local.get $case) (i32.const 8))
        (then (call $println_i32 (i32.load16_s offset=1 (call $a (i32.const 0xFFFF)))) (br $cases)))
      ;; 9: grow to 2 pages: the new last word is accessible, one byte past is not
      (if (i32.eq (local.get $case) (i32.const 9))
        (then
          (call $println_i32 (memory.grow (i32.const 1)))
          (i32.store (call $a (i32.const 0x1FFFC)) (i32.const 77))
          (call $println_i32 (i32.load (call $a (i32.const 0x1FFFC))))
          (call $println_i32 (i32.load (call $a (i32.const 0x1FFFD))))
          (br $cases)))
      ;; 10: i64 load with offset 0xFFFFFFFF on address 0xFFFFFFFF (largest effective address)
      (if (i32.eq (local.get $case) (i32.const 10))
        (then (call $println_i64 (i64.load offset=0xFFFFFFFF (call $a (i32.const -1)))) (br $cases)))
      ;; 11: store8 with offset 0x10000 on address 0
      (if (i32.eq (local.get $case) (i32.const 11))
        (then (i32.store8 offset=0x10000 (call $a (i32.const 0)) (i32.const 1)) (br $cases)))
      ;; 12: address 0xFFFFFFFF + offset 0x7FFFFFF0: the access ends 13 bytes
      ;;     before 6 GiB, i.e. inside the last bytes of a 4 GiB + 2 GiB guard reservation
      (if (i32.eq (local.get $case) (i32.const 12))
        (then (call $println_i32 (i32.load offset=0x7FFFFFF0 (call $a (i32.const -1)))) (br $cases)))
      ;; 99: in-bounds accesses at the very edges must work
      (if (i32.eq (local.get $case) (i32.const 99))
        (then
          (i32.store (call $a (i32.const 0xFFFC)) (i32.const 0x11223344))
          (call $println_hex32 (i32.load (call $a (i32.const 0xFFFC))))
          (call $println_hex32 (i32.load8_u offset=0xFFFF (call $a (i32.const 0))))
          (call $println_hex32 (i32.load16_u offset=0xFFF0 (call $a (i32.const 0xE))))
          (i64.store offset=8 (call $a (i32.const 0xFFF0)) (i64.const 0x0102030405060708))
          (call $println_hex64 (i64.load (call $a (i32.const 0xFFF8))))
          (f64.store (call $a (i32.const 0xFFF8)) (f64.const 2.5))
          (call $println_hex64 (i64.load (call $a (i32.const 0xFFF8))))
          (call $println_i32 (memory.size))
          (br $cases)))
      (unreachable))
    (call $print_cstr (i32.const 1040)) (call $nl)))
