;; i8x16.shuffle with constant masks, checked against expected constants.
;; On the default x86-64 CPU (SSE2, no SSSE3) most of these masks are lowered
;; without the pshufb runtime helper by compiler/src/translate/simd_shuffle.rs;
;; every class it recognises is here, next to masks one byte away from a class
;; ("off by one") so an over-generous recogniser gives a wrong byte.
;; Each case runs on two operand pairs read through memory (not foldable):
;;   P1: a = 00 01 .. 0f, b = 10 11 .. 1f  -> result byte j = mask[j]
;;   P2: a = ff fe .. f0, b = ef ee .. e0  -> result byte j = 0xff - mask[j]
;; (P2 has the top bits set, which catches sign and saturation mistakes.)
;; The expected vectors are those two formulas written out. Output: one line
;; per case, "<n> ok", or "<n> FAIL" and the result's four i32 lanes in hex.
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 1024) "\00\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10\11\12\13\14\15\16\17\18\19\1a\1b\1c\1d\1e\1f")
  (data (i32.const 1056) "\ff\fe\fd\fc\fb\fa\f9\f8\f7\f6\f5\f4\f3\f2\f1\f0\ef\ee\ed\ec\eb\ea\e9\e8\e7\e6\e5\e4\e3\e2\e1\e0")

  (func $check (param $n i32) (param $got v128) (param $want v128)
    (call $print_i32 (local.get $n))
    (if (i8x16.all_true (i8x16.eq (local.get $got) (local.get $want)))
      (then
        (call $space) (call $print_char (i32.const 111)) (call $print_char (i32.const 107)))
      (else
        (call $space) (call $print_char (i32.const 70)) (call $print_char (i32.const 65))
        (call $print_char (i32.const 73)) (call $print_char (i32.const 76))
        (call $space) (call $print_hex32 (i32x4.extract_lane 0 (local.get $got)))
        (call $space) (call $print_hex32 (i32x4.extract_lane 1 (local.get $got)))
        (call $space) (call $print_hex32 (i32x4.extract_lane 2 (local.get $got)))
        (call $space) (call $print_hex32 (i32x4.extract_lane 3 (local.get $got)))))
    (call $nl))
  (func (export "_start") (local $v v128)
    ;; 1: zext gather (sha256)
    (call $check (i32.const 1)
      (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x10 0x01 0x02 0x03 0x11 0x05 0x06 0x07 0x12 0x09 0x0a 0x0b 0x13 0x0d 0x0e 0x0f))
    (call $check (i32.const 1)
      (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xef 0xfe 0xfd 0xfc 0xee 0xfa 0xf9 0xf8 0xed 0xf6 0xf5 0xf4 0xec 0xf2 0xf1 0xf0))
    ;; 2: low-byte gather (chacha20)
    (call $check (i32.const 2)
      (i8x16.shuffle 0 4 8 12 0 0 0 0 0 0 0 0 0 0 0 0
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x00 0x04 0x08 0x0c 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00))
    (call $check (i32.const 2)
      (i8x16.shuffle 0 4 8 12 0 0 0 0 0 0 0 0 0 0 0 0
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xff 0xfb 0xf7 0xf3 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff))
    ;; 3: rotl 8 in 32-bit lanes
    (call $check (i32.const 3)
      (i8x16.shuffle 3 0 1 2 7 4 5 6 11 8 9 10 15 12 13 14
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x03 0x00 0x01 0x02 0x07 0x04 0x05 0x06 0x0b 0x08 0x09 0x0a 0x0f 0x0c 0x0d 0x0e))
    (call $check (i32.const 3)
      (i8x16.shuffle 3 0 1 2 7 4 5 6 11 8 9 10 15 12 13 14
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xfc 0xff 0xfe 0xfd 0xf8 0xfb 0xfa 0xf9 0xf4 0xf7 0xf6 0xf5 0xf0 0xf3 0xf2 0xf1))
    ;; 4: rotl 16 in 32-bit lanes
    (call $check (i32.const 4)
      (i8x16.shuffle 2 3 0 1 6 7 4 5 10 11 8 9 14 15 12 13
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x02 0x03 0x00 0x01 0x06 0x07 0x04 0x05 0x0a 0x0b 0x08 0x09 0x0e 0x0f 0x0c 0x0d))
    (call $check (i32.const 4)
      (i8x16.shuffle 2 3 0 1 6 7 4 5 10 11 8 9 14 15 12 13
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xfd 0xfc 0xff 0xfe 0xf9 0xf8 0xfb 0xfa 0xf5 0xf4 0xf7 0xf6 0xf1 0xf0 0xf3 0xf2))
    ;; 5: rotl 24 in 32-bit lanes
    (call $check (i32.const 5)
      (i8x16.shuffle 1 2 3 0 5 6 7 4 9 10 11 8 13 14 15 12
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x01 0x02 0x03 0x00 0x05 0x06 0x07 0x04 0x09 0x0a 0x0b 0x08 0x0d 0x0e 0x0f 0x0c))
    (call $check (i32.const 5)
      (i8x16.shuffle 1 2 3 0 5 6 7 4 9 10 11 8 13 14 15 12
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xfe 0xfd 0xfc 0xff 0xfa 0xf9 0xf8 0xfb 0xf6 0xf5 0xf4 0xf7 0xf2 0xf1 0xf0 0xf3))
    ;; 6: bswap16
    (call $check (i32.const 6)
      (i8x16.shuffle 1 0 3 2 5 4 7 6 9 8 11 10 13 12 15 14
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x01 0x00 0x03 0x02 0x05 0x04 0x07 0x06 0x09 0x08 0x0b 0x0a 0x0d 0x0c 0x0f 0x0e))
    (call $check (i32.const 6)
      (i8x16.shuffle 1 0 3 2 5 4 7 6 9 8 11 10 13 12 15 14
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xfe 0xff 0xfc 0xfd 0xfa 0xfb 0xf8 0xf9 0xf6 0xf7 0xf4 0xf5 0xf2 0xf3 0xf0 0xf1))
    ;; 7: bswap32
    (call $check (i32.const 7)
      (i8x16.shuffle 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x03 0x02 0x01 0x00 0x07 0x06 0x05 0x04 0x0b 0x0a 0x09 0x08 0x0f 0x0e 0x0d 0x0c))
    (call $check (i32.const 7)
      (i8x16.shuffle 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xfc 0xfd 0xfe 0xff 0xf8 0xf9 0xfa 0xfb 0xf4 0xf5 0xf6 0xf7 0xf0 0xf1 0xf2 0xf3))
    ;; 8: bswap64
    (call $check (i32.const 8)
      (i8x16.shuffle 7 6 5 4 3 2 1 0 15 14 13 12 11 10 9 8
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x07 0x06 0x05 0x04 0x03 0x02 0x01 0x00 0x0f 0x0e 0x0d 0x0c 0x0b 0x0a 0x09 0x08))
    (call $check (i32.const 8)
      (i8x16.shuffle 7 6 5 4 3 2 1 0 15 14 13 12 11 10 9 8
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xf8 0xf9 0xfa 0xfb 0xfc 0xfd 0xfe 0xff 0xf0 0xf1 0xf2 0xf3 0xf4 0xf5 0xf6 0xf7))
    ;; 9: rotl 8 in 64-bit lanes
    (call $check (i32.const 9)
      (i8x16.shuffle 7 0 1 2 3 4 5 6 15 8 9 10 11 12 13 14
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x07 0x00 0x01 0x02 0x03 0x04 0x05 0x06 0x0f 0x08 0x09 0x0a 0x0b 0x0c 0x0d 0x0e))
    (call $check (i32.const 9)
      (i8x16.shuffle 7 0 1 2 3 4 5 6 15 8 9 10 11 12 13 14
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xf8 0xff 0xfe 0xfd 0xfc 0xfb 0xfa 0xf9 0xf0 0xf7 0xf6 0xf5 0xf4 0xf3 0xf2 0xf1))
    ;; 10: rotl 8 in 32-bit lanes of b
    (call $check (i32.const 10)
      (i8x16.shuffle 19 16 17 18 23 20 21 22 27 24 25 26 31 28 29 30
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x13 0x10 0x11 0x12 0x17 0x14 0x15 0x16 0x1b 0x18 0x19 0x1a 0x1f 0x1c 0x1d 0x1e))
    (call $check (i32.const 10)
      (i8x16.shuffle 19 16 17 18 23 20 21 22 27 24 25 26 31 28 29 30
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xec 0xef 0xee 0xed 0xe8 0xeb 0xea 0xe9 0xe4 0xe7 0xe6 0xe5 0xe0 0xe3 0xe2 0xe1))
    ;; 11: zext high half of b into a
    (call $check (i32.const 11)
      (i8x16.shuffle 24 1 25 3 26 5 27 7 28 9 29 11 30 13 31 15
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x18 0x01 0x19 0x03 0x1a 0x05 0x1b 0x07 0x1c 0x09 0x1d 0x0b 0x1e 0x0d 0x1f 0x0f))
    (call $check (i32.const 11)
      (i8x16.shuffle 24 1 25 3 26 5 27 7 28 9 29 11 30 13 31 15
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xe7 0xfe 0xe6 0xfc 0xe5 0xfa 0xe4 0xf8 0xe3 0xf6 0xe2 0xf4 0xe1 0xf2 0xe0 0xf0))
    ;; 12: low bytes of 16-bit lanes
    (call $check (i32.const 12)
      (i8x16.shuffle 0 2 4 6 8 10 12 14 0 2 4 6 8 10 12 14
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x00 0x02 0x04 0x06 0x08 0x0a 0x0c 0x0e 0x00 0x02 0x04 0x06 0x08 0x0a 0x0c 0x0e))
    (call $check (i32.const 12)
      (i8x16.shuffle 0 2 4 6 8 10 12 14 0 2 4 6 8 10 12 14
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xff 0xfd 0xfb 0xf9 0xf7 0xf5 0xf3 0xf1 0xff 0xfd 0xfb 0xf9 0xf7 0xf5 0xf3 0xf1))
    ;; 13: splat byte 5 of b
    (call $check (i32.const 13)
      (i8x16.shuffle 21 21 21 21 21 21 21 21 21 21 21 21 21 21 21 21
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x15 0x15 0x15 0x15 0x15 0x15 0x15 0x15 0x15 0x15 0x15 0x15 0x15 0x15 0x15 0x15))
    (call $check (i32.const 13)
      (i8x16.shuffle 21 21 21 21 21 21 21 21 21 21 21 21 21 21 21 21
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xea 0xea 0xea 0xea 0xea 0xea 0xea 0xea 0xea 0xea 0xea 0xea 0xea 0xea 0xea 0xea))
    ;; 14: pshufd (Cranelift's)
    (call $check (i32.const 14)
      (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x04 0x05 0x06 0x07 0x00 0x01 0x02 0x03 0x0c 0x0d 0x0e 0x0f 0x08 0x09 0x0a 0x0b))
    (call $check (i32.const 14)
      (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xfb 0xfa 0xf9 0xf8 0xff 0xfe 0xfd 0xfc 0xf3 0xf2 0xf1 0xf0 0xf7 0xf6 0xf5 0xf4))
    ;; 15: punpcklbw (Cranelift's)
    (call $check (i32.const 15)
      (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x00 0x10 0x01 0x11 0x02 0x12 0x03 0x13 0x04 0x14 0x05 0x15 0x06 0x16 0x07 0x17))
    (call $check (i32.const 15)
      (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xff 0xef 0xfe 0xee 0xfd 0xed 0xfc 0xec 0xfb 0xeb 0xfa 0xea 0xf9 0xe9 0xf8 0xe8))
    ;; 16: off by one: zext gather lane 3
    (call $check (i32.const 16)
      (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 20 13 14 15
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x10 0x01 0x02 0x03 0x11 0x05 0x06 0x07 0x12 0x09 0x0a 0x0b 0x14 0x0d 0x0e 0x0f))
    (call $check (i32.const 16)
      (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 20 13 14 15
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xef 0xfe 0xfd 0xfc 0xee 0xfa 0xf9 0xf8 0xed 0xf6 0xf5 0xf4 0xeb 0xf2 0xf1 0xf0))
    ;; 17: off by one: low-byte gather
    (call $check (i32.const 17)
      (i8x16.shuffle 0 4 8 13 0 0 0 0 0 0 0 0 0 0 0 0
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x00 0x04 0x08 0x0d 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00))
    (call $check (i32.const 17)
      (i8x16.shuffle 0 4 8 13 0 0 0 0 0 0 0 0 0 0 0 0
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xff 0xfb 0xf7 0xf2 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff))
    ;; 18: off by one: rotl 8 last byte
    (call $check (i32.const 18)
      (i8x16.shuffle 3 0 1 2 7 4 5 6 11 8 9 10 15 12 13 13
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x03 0x00 0x01 0x02 0x07 0x04 0x05 0x06 0x0b 0x08 0x09 0x0a 0x0f 0x0c 0x0d 0x0d))
    (call $check (i32.const 18)
      (i8x16.shuffle 3 0 1 2 7 4 5 6 11 8 9 10 15 12 13 13
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xfc 0xff 0xfe 0xfd 0xf8 0xfb 0xfa 0xf9 0xf4 0xf7 0xf6 0xf5 0xf0 0xf3 0xf2 0xf2))
    ;; 19: off by one: bswap32 crosses lane
    (call $check (i32.const 19)
      (i8x16.shuffle 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 11
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x03 0x02 0x01 0x00 0x07 0x06 0x05 0x04 0x0b 0x0a 0x09 0x08 0x0f 0x0e 0x0d 0x0b))
    (call $check (i32.const 19)
      (i8x16.shuffle 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 11
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xfc 0xfd 0xfe 0xff 0xf8 0xf9 0xfa 0xfb 0xf4 0xf5 0xf6 0xf7 0xf0 0xf1 0xf2 0xf4))
    ;; 20: off by one: bswap16 from b
    (call $check (i32.const 20)
      (i8x16.shuffle 1 0 3 2 5 4 7 6 9 8 11 10 13 12 15 30
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x01 0x00 0x03 0x02 0x05 0x04 0x07 0x06 0x09 0x08 0x0b 0x0a 0x0d 0x0c 0x0f 0x1e))
    (call $check (i32.const 20)
      (i8x16.shuffle 1 0 3 2 5 4 7 6 9 8 11 10 13 12 15 30
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xfe 0xff 0xfc 0xfd 0xfa 0xfb 0xf8 0xf9 0xf6 0xf7 0xf4 0xf5 0xf2 0xf3 0xf0 0xe1))
    ;; 21: off by one: unaligned pshufd
    (call $check (i32.const 21)
      (i8x16.shuffle 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 0
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x01 0x02 0x03 0x04 0x05 0x06 0x07 0x08 0x09 0x0a 0x0b 0x0c 0x0d 0x0e 0x0f 0x00))
    (call $check (i32.const 21)
      (i8x16.shuffle 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 0
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xfe 0xfd 0xfc 0xfb 0xfa 0xf9 0xf8 0xf7 0xf6 0xf5 0xf4 0xf3 0xf2 0xf1 0xf0 0xff))
    ;; 22: off by one: narrow16 odd byte
    (call $check (i32.const 22)
      (i8x16.shuffle 0 2 4 6 8 10 12 14 0 2 4 6 8 10 12 15
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x00 0x02 0x04 0x06 0x08 0x0a 0x0c 0x0e 0x00 0x02 0x04 0x06 0x08 0x0a 0x0c 0x0f))
    (call $check (i32.const 22)
      (i8x16.shuffle 0 2 4 6 8 10 12 14 0 2 4 6 8 10 12 15
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xff 0xfd 0xfb 0xf9 0xf7 0xf5 0xf3 0xf1 0xff 0xfd 0xfb 0xf9 0xf7 0xf5 0xf3 0xf0))
    ;; 23: off by one: splat with one other
    (call $check (i32.const 23)
      (i8x16.shuffle 21 21 21 21 21 21 21 21 21 21 21 21 21 21 21 22
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x15 0x15 0x15 0x15 0x15 0x15 0x15 0x15 0x15 0x15 0x15 0x15 0x15 0x15 0x15 0x16))
    (call $check (i32.const 23)
      (i8x16.shuffle 21 21 21 21 21 21 21 21 21 21 21 21 21 21 21 22
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xea 0xea 0xea 0xea 0xea 0xea 0xea 0xea 0xea 0xea 0xea 0xea 0xea 0xea 0xea 0xe9))
    ;; 24: no cheap cover
    (call $check (i32.const 24)
      (i8x16.shuffle 31 0 17 5 9 22 3 3 14 27 8 1 19 30 6 12
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x1f 0x00 0x11 0x05 0x09 0x16 0x03 0x03 0x0e 0x1b 0x08 0x01 0x13 0x1e 0x06 0x0c))
    (call $check (i32.const 24)
      (i8x16.shuffle 31 0 17 5 9 22 3 3 14 27 8 1 19 30 6 12
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xe0 0xff 0xee 0xfa 0xf6 0xe9 0xfc 0xfc 0xf1 0xe4 0xf7 0xfe 0xec 0xe1 0xf9 0xf3))
    ;; 25: same operand: rotl 8 via b indices (a = b = one value: index i and i + 16 pick the same byte)
    (local.set $v (v128.load (i32.const 1024)))
    (call $check (i32.const 25)
      (i8x16.shuffle 19 0 1 2 7 20 5 6 11 8 25 10 15 12 13 30 (local.get $v) (local.get $v))
      (v128.const i8x16 0x03 0x00 0x01 0x02 0x07 0x04 0x05 0x06 0x0b 0x08 0x09 0x0a 0x0f 0x0c 0x0d 0x0e))
    (local.set $v (v128.load (i32.const 1056)))
    (call $check (i32.const 25)
      (i8x16.shuffle 19 0 1 2 7 20 5 6 11 8 25 10 15 12 13 30 (local.get $v) (local.get $v))
      (v128.const i8x16 0xfc 0xff 0xfe 0xfd 0xf8 0xfb 0xfa 0xf9 0xf4 0xf7 0xf6 0xf5 0xf0 0xf3 0xf2 0xf1))
    ;; 26: same operand: low-byte gather from b (a = b = one value: index i and i + 16 pick the same byte)
    (local.set $v (v128.load (i32.const 1024)))
    (call $check (i32.const 26)
      (i8x16.shuffle 16 20 24 28 16 16 16 16 16 16 16 16 16 16 16 16 (local.get $v) (local.get $v))
      (v128.const i8x16 0x00 0x04 0x08 0x0c 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00))
    (local.set $v (v128.load (i32.const 1056)))
    (call $check (i32.const 26)
      (i8x16.shuffle 16 20 24 28 16 16 16 16 16 16 16 16 16 16 16 16 (local.get $v) (local.get $v))
      (v128.const i8x16 0xff 0xfb 0xf7 0xf3 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff))
    ;; 27: zext low half of a into b
    (call $check (i32.const 27)
      (i8x16.shuffle 0 17 1 19 2 21 3 23 4 25 5 27 6 29 7 31
        (v128.load (i32.const 1024)) (v128.load (i32.const 1040)))
      (v128.const i8x16 0x00 0x11 0x01 0x13 0x02 0x15 0x03 0x17 0x04 0x19 0x05 0x1b 0x06 0x1d 0x07 0x1f))
    (call $check (i32.const 27)
      (i8x16.shuffle 0 17 1 19 2 21 3 23 4 25 5 27 6 29 7 31
        (v128.load (i32.const 1056)) (v128.load (i32.const 1072)))
      (v128.const i8x16 0xff 0xee 0xfe 0xec 0xfd 0xea 0xfc 0xe8 0xfb 0xe6 0xfa 0xe4 0xf9 0xe2 0xf8 0xe0))))
