;; memory64 and table64 end to end. Memory 0 is a 32-bit memory (the prelude
;; and WASI use it: WASI preview1 addresses are 32-bit); memory $s is a
;; 64-bit memory with a maximum that fits 4 GiB (guard mode checks its
;; indices against the constant 4 GiB) and $d one without a maximum (guard
;; mode checks against the current length). Covers loads/stores with i64
;; addresses and 64-bit offsets, memory.size/grow in i64, memory.fill/copy/
;; init with i64 operands, memory.copy between a 32-bit and a 64-bit memory
;; (the length is i32) and between two 64-bit ones (i64), an active data
;; segment at an i64 offset, and a table64: i64 indices for call_indirect,
;; table.get/set/size/grow/fill, table.copy to/from a 32-bit table (i32
;; length), an element segment at an i64 offset.
;; argv[1] selects a trapping case; 0 runs everything and must not trap.
(module
  ;;@prelude
  (memory (export "memory") 1)
  (memory $s i64 1 4)
  (memory $d i64 1)
  (data (i32.const 1024) "start\00")
  (data (i32.const 1040) "survived\00")
  (data (memory $s) (i64.const 0x1000) "\01\02\03\04\05\06\07\08")
  (data $p "passive!")
  (global $zero (mut i64) (i64.const 0))

  (type $v (func (result i64)))
  (table $t i64 2 10 funcref)
  (table $t32 4 funcref)
  (elem (table $t) (i64.const 0) func $seven $eight)
  (elem (table $t32) (i32.const 3) func $eight)
  (func $seven (result i64) (i64.const 7))
  (func $eight (result i64) (i64.const 8))

  ;; the address arrives through a mutable global, so it is a run-time value
  (func $a (param $x i64) (result i64) (i64.add (global.get $zero) (local.get $x)))

  (func $all
    ;; the i64-offset data segment, read back with an i64 address
    (call $println_hex64 (i64.load $s (call $a (i64.const 0x1000))))
    ;; the last 8 bytes of the first page of $s, offset folded or not
    (i64.store $s (call $a (i64.const 65528)) (i64.const 0x1122334455667788))
    (call $println_hex64 (i64.load $s offset=65520 (call $a (i64.const 8))))
    ;; memory.size / memory.grow are i64 on a 64-bit memory
    (call $println_i64 (memory.size $s))
    (call $println_i64 (memory.grow $s (call $a (i64.const 3))))
    (call $println_i64 (memory.grow $s (call $a (i64.const 1))))
    (call $println_i64 (memory.grow $s (call $a (i64.const 0x1_0000_0000))))
    (call $println_i64 (memory.size $s))
    (call $println_i64 (memory.grow $d (call $a (i64.const 2))))
    (call $println_i64 (memory.size $d))
    ;; the last byte of the grown $d
    (i32.store8 $d (call $a (i64.const 196607)) (i32.const 0x5a))
    (call $println_i32 (i32.load8_u $d (call $a (i64.const 196607))))
    ;; fill with i64 operands
    (memory.fill $s (call $a (i64.const 100)) (i32.const 0x41) (call $a (i64.const 4)))
    (call $println_hex32 (i32.load $s (call $a (i64.const 100))))
    ;; 64 -> 64 copy (i64 length), into the last page of $d
    (memory.copy $d $s (call $a (i64.const 196600)) (call $a (i64.const 0x1000)) (call $a (i64.const 7)))
    (call $println_hex64 (i64.load $d (call $a (i64.const 196600))))
    ;; 64 -> 32 copy (i32 length): "AAAA" to memory 0 at 2048
    (memory.copy 0 $s (i32.const 2048) (call $a (i64.const 100)) (i32.const 4))
    (call $println_hex32 (i32.load (i32.const 2048)))
    ;; 32 -> 64 copy (i32 length): "start" to $d at 70000
    (memory.copy $d 0 (call $a (i64.const 70000)) (i32.const 1024) (i32.const 5))
    (call $println_hex64 (i64.load $d (call $a (i64.const 70000))))
    ;; memory.init: i64 destination, i32 source and length
    (memory.init $d $p (call $a (i64.const 131072)) (i32.const 1) (i32.const 7))
    (call $println_hex64 (i64.load $d (call $a (i64.const 131072))))
    ;; table64: call_indirect with an i64 index
    (call $println_i64 (call_indirect $t (type $v) (call $a (i64.const 1))))
    (call $println_i64 (table.size $t))
    (call $println_i64 (table.grow $t (ref.null func) (call $a (i64.const 3))))
    (call $println_i64 (table.grow $t (ref.null func) (call $a (i64.const 0x1_0000_0000))))
    (call $println_i64 (table.grow $t (ref.null func) (call $a (i64.const 6))))
    (call $println_i64 (table.size $t))
    (table.set $t (call $a (i64.const 4)) (table.get $t (call $a (i64.const 0))))
    (call $println_i64 (call_indirect $t (type $v) (call $a (i64.const 4))))
    (table.fill $t (call $a (i64.const 2)) (ref.func $eight) (call $a (i64.const 2)))
    (call $println_i64 (call_indirect $t (type $v) (call $a (i64.const 3))))
    ;; table.copy t32 -> t64 and t64 -> t32 (i32 lengths)
    (table.copy $t $t32 (call $a (i64.const 0)) (i32.const 3) (i32.const 1))
    (call $println_i64 (call_indirect $t (type $v) (call $a (i64.const 0))))
    (table.copy $t32 $t (i32.const 0) (call $a (i64.const 4)) (i32.const 1))
    (call $println_i64 (call_indirect $t32 (type $v) (i32.const 0))))

  (func (export "_start")
    (local $case i32)
    (local.set $case (call $arg_i32 (i32.const 1)))
    (call $print_cstr (i32.const 1024)) (call $nl)
    (block $cases
      (if (i32.eq (local.get $case) (i32.const 0))
        (then (call $all) (br $cases)))
      ;; 1: 4-byte load straddling the end of $s (1 page)
      (if (i32.eq (local.get $case) (i32.const 1))
        (then (call $println_i32 (i32.load $s (call $a (i64.const 65534)))) (br $cases)))
      ;; 2: $s at 4 GiB (beyond the static bound)
      (if (i32.eq (local.get $case) (i32.const 2))
        (then (call $println_i32 (i32.load8_u $s (call $a (i64.const 0x1_0000_0000)))) (br $cases)))
      ;; 3: $d at 2^63
      (if (i32.eq (local.get $case) (i32.const 3))
        (then (call $println_i32 (i32.load $d (call $a (i64.const 0x8000_0000_0000_0000)))) (br $cases)))
      ;; 4: index + offset wraps past 2^64 (0x20 + 0xFFFF_FFFF_FFFF_FFF0)
      (if (i32.eq (local.get $case) (i32.const 4))
        (then (i64.store $d offset=0xFFFF_FFFF_FFFF_FFF0 (call $a (i64.const 0x20)) (i64.const 1)) (br $cases)))
      ;; 5: memory.fill with a length of 2^63
      (if (i32.eq (local.get $case) (i32.const 5))
        (then (memory.fill $d (call $a (i64.const 0)) (i32.const 0) (call $a (i64.const 0x8000_0000_0000_0000))) (br $cases)))
      ;; 6: table.get at 2^32 (its low 32 bits are in bounds)
      (if (i32.eq (local.get $case) (i32.const 6))
        (then (drop (table.get $t (call $a (i64.const 0x1_0000_0000)))) (br $cases)))
      ;; 7: call_indirect at 2^32 + 1
      (if (i32.eq (local.get $case) (i32.const 7))
        (then (call $println_i64 (call_indirect $t (type $v) (call $a (i64.const 0x1_0000_0001)))) (br $cases)))
      ;; 8: table.fill with a length of 2^32
      (if (i32.eq (local.get $case) (i32.const 8))
        (then (table.fill $t (call $a (i64.const 0)) (ref.null func) (call $a (i64.const 0x1_0000_0000))) (br $cases)))
      ;; 9: copy to memory 0 from $s at 2^32
      (if (i32.eq (local.get $case) (i32.const 9))
        (then (memory.copy 0 $s (i32.const 0) (call $a (i64.const 0x1_0000_0000)) (i32.const 1)) (br $cases)))
      ;; 99: in-bounds accesses at the very edges
      (call $println_i32 (i32.load $s (call $a (i64.const 65532))))
      (call $println_i64 (i64.load $d offset=65528 (call $a (i64.const 0))))
      (call $println_i32 (i32.load8_u $d offset=0xFFFF (call $a (i64.const 0))))
      (memory.fill $d (call $a (i64.const 65536)) (i32.const 0) (call $a (i64.const 0)))
      (drop (table.get $t (call $a (i64.const 1)))))
    (call $print_cstr (i32.const 1040)) (call $nl)))
