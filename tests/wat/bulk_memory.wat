;; Bulk memory: memory.copy with overlap in both directions, memory.fill,
;; memory.init from passive segments, data.drop; case 0 runs all of that and
;; prints a checksum of the region; cases 1..8 are out-of-bounds operations
;; that must trap with "out of bounds memory access":
;;   1 copy dst past end, 2 copy src past end, 3 fill past end,
;;   4 init past the segment end, 5 init past memory end,
;;   6 init of a dropped segment with nonzero length, 7 copy len 0xFFFFFFFF,
;;   8 fill at 0xFFFFFFFF with length 2
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data $hello "Hello, bulk memory!")
  (data $digits "0123456789")
  (data (i32.const 1024) "start\00")
  (data (i32.const 1040) "survived\00")

  ;; print n bytes at p as text
  (func $show (param $p i32) (param $n i32) (call $write (local.get $p) (local.get $n)) (call $nl))

  (func (export "_start")
    (local $case i32) (local $i i32) (local $h i32)
    (local.set $case (call $arg_i32 (i32.const 1)))
    (call $print_cstr (i32.const 1024)) (call $nl)
    (block $cases
      (if (i32.eqz (local.get $case))
        (then
          (memory.init $digits (i32.const 4096) (i32.const 0) (i32.const 10))
          (call $show (i32.const 4096) (i32.const 10))
          ;; forward overlap: dst > src
          (memory.copy (i32.const 4099) (i32.const 4096) (i32.const 5))
          (call $show (i32.const 4096) (i32.const 10))
          ;; backward overlap: dst < src
          (memory.init $digits (i32.const 4096) (i32.const 0) (i32.const 10))
          (memory.copy (i32.const 4096) (i32.const 4099) (i32.const 5))
          (call $show (i32.const 4096) (i32.const 10))
          ;; partial init from an offset inside the segment
          (memory.init $hello (i32.const 4200) (i32.const 7) (i32.const 12))
          (call $show (i32.const 4200) (i32.const 12))
          (memory.fill (i32.const 4200) (i32.const 0x2a) (i32.const 4))
          (call $show (i32.const 4200) (i32.const 12))
          ;; fill value is truncated to a byte
          (memory.fill (i32.const 4300) (i32.const 0x141) (i32.const 3))
          (call $show (i32.const 4300) (i32.const 3))
          ;; large overlapping copy, then checksum
          (local.set $i (i32.const 0))
          (loop $f
            (i32.store8 (i32.add (i32.const 8192) (local.get $i)) (local.get $i))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $f (i32.lt_u (local.get $i) (i32.const 20000))))
          (memory.copy (i32.const 8200) (i32.const 8192) (i32.const 19000))
          (memory.copy (i32.const 8192) (i32.const 9000) (i32.const 15000))
          (local.set $i (i32.const 0))
          (loop $s
            (local.set $h (i32.add (i32.mul (local.get $h) (i32.const 31))
              (i32.load8_u (i32.add (i32.const 8192) (local.get $i)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $s (i32.lt_u (local.get $i) (i32.const 20000))))
          (call $println_hex32 (local.get $h))
          ;; zero-length operations at exactly the end of memory are in bounds
          (memory.copy (i32.const 65536) (i32.const 0) (i32.const 0))
          (memory.copy (i32.const 0) (i32.const 65536) (i32.const 0))
          (memory.fill (i32.const 65536) (i32.const 0) (i32.const 0))
          (memory.init $hello (i32.const 65536) (i32.const 19) (i32.const 0))
          ;; copy/fill touching the last byte
          (memory.fill (i32.const 65530) (i32.const 0x5a) (i32.const 6))
          (memory.copy (i32.const 4400) (i32.const 65530) (i32.const 6))
          (call $show (i32.const 4400) (i32.const 6))
          ;; after data.drop only zero-length init is allowed
          (data.drop $hello)
          (memory.init $hello (i32.const 100) (i32.const 0) (i32.const 0))
          (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 1))
        (then (memory.copy (i32.const 65530) (i32.const 0) (i32.const 7)) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 2))
        (then (memory.copy (i32.const 0) (i32.const 65535) (i32.const 2)) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 3))
        (then (memory.fill (i32.const 60000) (i32.const 1) (i32.const 6000)) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 4))
        (then (memory.init $digits (i32.const 4096) (i32.const 5) (i32.const 6)) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 5))
        (then (memory.init $digits (i32.const 65530) (i32.const 0) (i32.const 10)) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 6))
        (then
          (data.drop $digits)
          (memory.init $digits (i32.const 4096) (i32.const 0) (i32.const 1))
          (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 7))
        (then (memory.copy (i32.const 0) (i32.const 0) (i32.const -1)) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 8))
        (then (memory.fill (i32.const -1) (i32.const 0) (i32.const 2)) (br $cases)))
      (unreachable))
    (call $print_cstr (i32.const 1040)) (call $nl)))
