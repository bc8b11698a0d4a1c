;; The threads proposal, single-threaded: atomics on an unshared memory
;; (memory 0, which toolchains also emit atomics for) and on a shared one
;; (memory 1), wait/notify, misaligned and out-of-bounds atomics, and a
;; memory64 (memory 2, i64 addresses).
;; argv[1] selects the case; case 99 traps nowhere and prints the results:
;; every read-modify-write returns the old value (narrow forms zero-extend
;; it, and compare/replace with the operands wrapped to their width).
;; Addresses arrive through a mutable global, so they are run-time values.
(module
  ;;@prelude
  (memory (export "memory") 1 2)
  (memory $sh 1 2 shared)
  (memory $m64 i64 1 1)
  (data (i32.const 1024) "start\00")
  (data (i32.const 1040) "survived\00")
  (global $base (mut i32) (i32.const 0))
  (func $a (param $x i32) (result i32) (i32.add (global.get $base) (local.get $x)))

  (func $case99
    ;; unshared memory 0
    (i32.atomic.store (call $a (i32.const 0x800)) (i32.const 0x11223344))
    (call $println_hex32 (i32.atomic.load (call $a (i32.const 0x800))))
    (call $println_hex32 (i32.atomic.rmw.add (call $a (i32.const 0x800)) (i32.const 1)))
    ;; byte 0x45 + 0xff (operand wrapped from 0x1ff) = 0x44
    (call $println_hex32 (i32.atomic.rmw8.add_u (call $a (i32.const 0x800)) (i32.const 0x1ff)))
    (call $println_hex32 (i32.atomic.load (call $a (i32.const 0x800))))
    (call $println_hex32 (i32.atomic.load16_u offset=2 (call $a (i32.const 0x800))))
    (call $println_hex32 (i32.atomic.rmw.sub (call $a (i32.const 0x800)) (i32.const 0x44)))
    (call $println_hex32 (i32.atomic.rmw.and (call $a (i32.const 0x800)) (i32.const 0xff00ff00)))
    (call $println_hex32 (i32.atomic.rmw.or (call $a (i32.const 0x800)) (i32.const 0x0000000f)))
    (call $println_hex32 (i32.atomic.rmw.xor (call $a (i32.const 0x800)) (i32.const -1)))
    (call $println_hex32 (i32.atomic.rmw.xchg (call $a (i32.const 0x800)) (i32.const 0x5678)))
    ;; 16-bit cmpxchg: expected 0x12345678 wraps to 0x5678, which matches
    (call $println_hex32 (i32.atomic.rmw16.cmpxchg_u (call $a (i32.const 0x800))
      (i32.const 0x12345678) (i32.const 0xabcd)))
    ;; mismatch: memory unchanged
    (call $println_hex32 (i32.atomic.rmw.cmpxchg (call $a (i32.const 0x800))
      (i32.const 0) (i32.const 7)))
    (call $println_hex32 (i32.atomic.load (call $a (i32.const 0x800))))
    (call $println_i32 (memory.atomic.notify (call $a (i32.const 0x800)) (i32.const 5)))
    (atomic.fence)
    ;; shared memory 1, 64-bit forms
    (i64.atomic.store $sh (call $a (i32.const 0x808)) (i64.const 0x0102030405060708))
    (call $println_hex64 (i64.atomic.rmw.add $sh (call $a (i32.const 0x808)) (i64.const 0x10)))
    (call $println_hex64 (i64.atomic.rmw32.xchg_u $sh (call $a (i32.const 0x808)) (i64.const 0xffffffff_00000001)))
    (call $println_hex64 (i64.atomic.load $sh (call $a (i32.const 0x808))))
    (call $println_hex64 (i64.atomic.rmw.cmpxchg $sh (call $a (i32.const 0x808))
      (i64.const 0x0102030400000001) (i64.const -2)))
    (call $println_hex64 (i64.atomic.load8_u $sh offset=7 (call $a (i32.const 0x808))))
    (call $println_hex64 (i64.atomic.rmw16.sub_u $sh (call $a (i32.const 0x808)) (i64.const 0x10000)))
    (call $println_hex64 (i64.atomic.load32_u $sh offset=4 (call $a (i32.const 0x808))))
    (i64.atomic.store8 $sh offset=1 (call $a (i32.const 0x808)) (i64.const 0x1234))
    (call $println_hex64 (i64.atomic.load $sh (call $a (i32.const 0x808))))
    ;; wait/notify on the shared memory: no waiters; value differs -> 1
    ;; ("not-equal"); value matches, 1 ms timeout -> 2 ("timed-out"); zero
    ;; timeout -> 2
    (call $println_i32 (memory.atomic.notify $sh (call $a (i32.const 0x808)) (i32.const 1)))
    (call $println_i32 (memory.atomic.wait32 $sh (call $a (i32.const 0x808)) (i32.const 0) (i64.const -1)))
    (call $println_i32 (memory.atomic.wait32 $sh (call $a (i32.const 0x80c))
      (i32.load $sh (call $a (i32.const 0x80c))) (i64.const 1000000)))
    (call $println_i32 (memory.atomic.wait64 $sh (call $a (i32.const 0x808))
      (i64.load $sh (call $a (i32.const 0x808))) (i64.const 0)))
    ;; growing a shared memory; the new page takes atomics
    (call $println_i32 (memory.grow $sh (i32.const 1)))
    (call $println_i32 (i32.atomic.rmw.add $sh (call $a (i32.const 0x1fffc)) (i32.const 3)))
    (call $println_i32 (i32.atomic.load $sh (call $a (i32.const 0x1fffc))))
    (call $println_i32 (memory.size $sh))
    ;; memory64
    (i64.atomic.store $m64 offset=8 (i64.extend_i32_u (call $a (i32.const 0xfff0))) (i64.const 40))
    (call $println_i64 (i64.atomic.rmw.add $m64 (i64.const 0xfff8) (i64.const 2)))
    (call $println_i64 (i64.atomic.load $m64 (i64.const 0xfff8)))
    (call $println_i32 (memory.atomic.notify $m64 (i64.const 0xfffc) (i32.const 1))))

  (func (export "_start")
    (local $case i32)
    (local.set $case (call $arg_i32 (i32.const 1)))
    (call $print_cstr (i32.const 1024)) (call $nl)
    (block $cases
      ;; 0: 4-byte atomic load at an odd address (unshared memory)
      (if (i32.eq (local.get $case) (i32.const 0))
        (then (drop (i32.atomic.load (call $a (i32.const 0x801)))) (br $cases)))
      ;; 1: 8-byte rmw at a 4-aligned address (shared memory)
      (if (i32.eq (local.get $case) (i32.const 1))
        (then (drop (i64.atomic.rmw.add $sh (call $a (i32.const 0x804)) (i64.const 1))) (br $cases)))
      ;; 2: the static offset makes the effective address misaligned
      (if (i32.eq (local.get $case) (i32.const 2))
        (then (i32.atomic.store offset=2 (call $a (i32.const 0x800)) (i32.const 1)) (br $cases)))
      ;; 3: 16-bit cmpxchg at an odd address
      (if (i32.eq (local.get $case) (i32.const 3))
        (then (drop (i32.atomic.rmw16.cmpxchg_u (call $a (i32.const 0x801)) (i32.const 0) (i32.const 1))) (br $cases)))
      ;; 4: wait on the unshared memory
      (if (i32.eq (local.get $case) (i32.const 4))
        (then (drop (memory.atomic.wait32 (call $a (i32.const 0x800)) (i32.const 0) (i64.const 0))) (br $cases)))
      ;; 5: aligned atomic load just past the end
      (if (i32.eq (local.get $case) (i32.const 5))
        (then (drop (i32.atomic.load (call $a (i32.const 0x10000)))) (br $cases)))
      ;; 6: 64-bit xchg at 0xFFFFFFF8 (inside the guard reservation)
      (if (i32.eq (local.get $case) (i32.const 6))
        (then (drop (i64.atomic.rmw.xchg $sh (call $a (i32.const 0xfffffff8)) (i64.const 1))) (br $cases)))
      ;; 7: narrow rmw past the end (a compare-and-swap loop on some targets)
      (if (i32.eq (local.get $case) (i32.const 7))
        (then (drop (i32.atomic.rmw8.add_u (call $a (i32.const 0x10000)) (i32.const 1))) (br $cases)))
      ;; 8: cmpxchg past the end of the shared memory
      (if (i32.eq (local.get $case) (i32.const 8))
        (then (drop (i64.atomic.rmw.cmpxchg $sh (call $a (i32.const 0x20000)) (i64.const 0) (i64.const 1))) (br $cases)))
      ;; 9: atomic store past the end
      (if (i32.eq (local.get $case) (i32.const 9))
        (then (i32.atomic.store16 (call $a (i32.const 0x10000)) (i32.const 1)) (br $cases)))
      ;; 10: misaligned notify (4-byte) on the shared memory
      (if (i32.eq (local.get $case) (i32.const 10))
        (then (drop (memory.atomic.notify $sh (call $a (i32.const 0x802)) (i32.const 1))) (br $cases)))
      ;; 11: wait64 past the end of the shared memory
      (if (i32.eq (local.get $case) (i32.const 11))
        (then (drop (memory.atomic.wait64 $sh (call $a (i32.const 0x10000)) (i64.const 0) (i64.const 0))) (br $cases)))
      ;; 12: notify past the end of the unshared memory traps too
      (if (i32.eq (local.get $case) (i32.const 12))
        (then (drop (memory.atomic.notify (call $a (i32.const 0x10000)) (i32.const 1))) (br $cases)))
      ;; 13: misaligned atomic on the memory64
      (if (i32.eq (local.get $case) (i32.const 13))
        (then (drop (i32.atomic.load $m64 (i64.extend_i32_u (call $a (i32.const 0x802))))) (br $cases)))
      ;; 14: memory64 atomic past the end
      (if (i32.eq (local.get $case) (i32.const 14))
        (then (drop (i64.atomic.rmw.xchg $m64 (i64.extend_i32_u (call $a (i32.const 0x10000))) (i64.const 1))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 99))
        (then (call $case99) (br $cases)))
      (unreachable))
    (call $print_cstr (i32.const 1040)) (call $nl)))
