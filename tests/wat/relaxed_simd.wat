;; Relaxed SIMD on inputs where the spec allows several results and CPUs
;; differ: NaN and out-of-range truncation, madd/nmadd rounding (fused vs
;; unfused), laneselect with masks that are not all-ones/all-zeros per lane,
;; min/max of NaN and signed zeros, swizzle indices >= 16, q15mulr of
;; -1 * -1, and dot products whose second operand has the top bit set.
;; wasmc gives each operator one semantics on every target and CPU
;; (compiler/src/translate/relaxed_simd.rs), so the output below is the same
;; with --cpu baseline, native or x86-64-v3, and on aarch64, riscv64 (+v) and
;; s390x (tests/tests/cross/relaxed_simd.rs). Each line is one result, its
;; four i32 lanes in hex, lane 0 first. Inputs pass through memory so that
;; nothing is constant-folded.
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 2048) "swizzle\00")
  (data (i32.const 2064) "trunc_f32_s\00")
  (data (i32.const 2080) "trunc_f32_u\00")
  (data (i32.const 2096) "trunc_f64_s\00")
  (data (i32.const 2112) "trunc_f64_u\00")
  (data (i32.const 2128) "madd_f32\00")
  (data (i32.const 2144) "nmadd_f32\00")
  (data (i32.const 2160) "madd_f64\00")
  (data (i32.const 2176) "nmadd_f64\00")
  (data (i32.const 2192) "laneselect8\00")
  (data (i32.const 2208) "laneselect16\00")
  (data (i32.const 2224) "laneselect32\00")
  (data (i32.const 2240) "laneselect64\00")
  (data (i32.const 2256) "min_f32\00")
  (data (i32.const 2272) "max_f32\00")
  (data (i32.const 2288) "min_f64\00")
  (data (i32.const 2304) "max_f64\00")
  (data (i32.const 2320) "q15mulr\00")
  (data (i32.const 2336) "dot_i16\00")
  (data (i32.const 2352) "dot_add_i32\00")

  ;; an opaque copy of $v
  (func $m (param $v v128) (result v128)
    (v128.store (i32.const 4096) (local.get $v))
    (v128.load (i32.const 4096)))

  ;; "name: l0 l1 l2 l3\n"
  (func $line (param $name i32) (param $v v128)
    (call $print_cstr (local.get $name))
    (call $print_char (i32.const 58))
    (call $space) (call $print_hex32 (i32x4.extract_lane 0 (local.get $v)))
    (call $space) (call $print_hex32 (i32x4.extract_lane 1 (local.get $v)))
    (call $space) (call $print_hex32 (i32x4.extract_lane 2 (local.get $v)))
    (call $space) (call $print_hex32 (i32x4.extract_lane 3 (local.get $v)))
    (call $nl))

  (func (export "_start")
    (local $a v128) (local $b v128) (local $c v128)

    ;; Indices >= 16 (also with the top bit clear, where pshufb would wrap).
    (call $line (i32.const 2048) (i8x16.relaxed_swizzle
      (call $m (v128.const i8x16 0x10 0x11 0x12 0x13 0x14 0x15 0x16 0x17 0x18 0x19 0x1a 0x1b 0x1c 0x1d 0x1e 0x1f))
      (call $m (v128.const i8x16 0 15 16 17 0x7f 0x80 0xff 31 1 2 0x70 0x8f 3 0x4f 5 200))))

    (call $line (i32.const 2064) (i32x4.relaxed_trunc_f32x4_s
      (call $m (v128.const f32x4 nan 1e10 -1e10 -3.7))))
    (call $line (i32.const 2080) (i32x4.relaxed_trunc_f32x4_u
      (call $m (v128.const f32x4 nan 1e10 -1.0 4e9))))
    (call $line (i32.const 2096) (i32x4.relaxed_trunc_f64x2_s_zero
      (call $m (v128.const f64x2 nan -1e20))))
    (call $line (i32.const 2112) (i32x4.relaxed_trunc_f64x2_u_zero
      (call $m (v128.const f64x2 -nan 5e9))))

    ;; Lane 0: a * b = 1 + 2^-11 + 2^-24 (f32), 1 + 2^-26 + 2^-54 (f64),
    ;; c = -(1 + 2^-11) / -(1 + 2^-26): fused 2^-24 / 2^-54, unfused 0.
    ;; f32 lanes 1..3: 2 * 3 + 1, 1e38 * 10 - 1e38 (inf), -0 * 1 + -0.
    (call $line (i32.const 2128) (f32x4.relaxed_madd
      (call $m (v128.const f32x4 0x1.001p0 2.0 1e38 -0.0))
      (call $m (v128.const f32x4 0x1.001p0 3.0 10.0 1.0))
      (call $m (v128.const f32x4 -0x1.002p0 1.0 -1e38 -0.0))))
    (call $line (i32.const 2144) (f32x4.relaxed_nmadd
      (call $m (v128.const f32x4 0x1.001p0 2.0 1e38 -0.0))
      (call $m (v128.const f32x4 0x1.001p0 3.0 10.0 1.0))
      (call $m (v128.const f32x4 0x1.002p0 1.0 -1e38 -0.0))))
    (call $line (i32.const 2160) (f64x2.relaxed_madd
      (call $m (v128.const f64x2 0x1.0000002p0 2.0))
      (call $m (v128.const f64x2 0x1.0000002p0 3.0))
      (call $m (v128.const f64x2 -0x1.0000004p0 1.0))))
    (call $line (i32.const 2176) (f64x2.relaxed_nmadd
      (call $m (v128.const f64x2 0x1.0000002p0 2.0))
      (call $m (v128.const f64x2 0x1.0000002p0 3.0))
      (call $m (v128.const f64x2 0x1.0000004p0 1.0))))

    ;; Masks with mixed bits: every bit selects (not only a lane's top bit).
    (local.set $a (call $m (v128.const i8x16 0x11 0x11 0x11 0x11 0x11 0x11 0x11 0x11 0x11 0x11 0x11 0x11 0x11 0x11 0x11 0x11)))
    (local.set $b (call $m (v128.const i8x16 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22)))
    (local.set $c (call $m (v128.const i8x16 0xff 0x00 0x80 0x7f 0x0f 0xf0 0x01 0xfe 0x00 0x00 0x00 0x80 0xff 0xff 0xff 0x7f)))
    (call $line (i32.const 2192) (i8x16.relaxed_laneselect (local.get $a) (local.get $b) (local.get $c)))
    (call $line (i32.const 2208) (i16x8.relaxed_laneselect (local.get $a) (local.get $b) (local.get $c)))
    (call $line (i32.const 2224) (i32x4.relaxed_laneselect (local.get $a) (local.get $b) (local.get $c)))
    (call $line (i32.const 2240) (i64x2.relaxed_laneselect (local.get $a) (local.get $b) (local.get $c)))

    ;; NaN (with a payload) and zeros of both signs: the first operand.
    (call $line (i32.const 2256) (f32x4.relaxed_min
      (call $m (v128.const f32x4 nan:0x600001 0.0 -0.0 1.0))
      (call $m (v128.const f32x4 1.0 -0.0 0.0 -nan:0x500000))))
    (call $line (i32.const 2272) (f32x4.relaxed_max
      (call $m (v128.const f32x4 nan:0x600001 0.0 -0.0 1.0))
      (call $m (v128.const f32x4 1.0 -0.0 0.0 -nan:0x500000))))
    (call $line (i32.const 2288) (f64x2.relaxed_min
      (call $m (v128.const f64x2 -0.0 2.0))
      (call $m (v128.const f64x2 0.0 nan))))
    (call $line (i32.const 2304) (f64x2.relaxed_max
      (call $m (v128.const f64x2 nan -3.0))
      (call $m (v128.const f64x2 1.0 -2.0))))

    (call $line (i32.const 2320) (i16x8.relaxed_q15mulr_s
      (call $m (v128.const i16x8 -32768 -32768 32767 16384 -1 -32768 1 0x1234))
      (call $m (v128.const i16x8 -32768 32767 32767 16384 -1 1 -1 0x5678))))

    ;; Second operand with the top bit set: signed, and i16 sums saturate.
    (local.set $a (call $m (v128.const i8x16 -128 -128 127 127 -128 -128 -128 127 1 2 3 4 -5 6 -7 8)))
    (local.set $b (call $m (v128.const i8x16 -128 -128 127 127 127 127 -1 -1 -128 -127 -126 -125 127 -2 3 -4)))
    (call $line (i32.const 2336) (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $a) (local.get $b)))
    (call $line (i32.const 2352) (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get $a) (local.get $b)
      (call $m (v128.const i32x4 1 2 3 0x7fffffff))))
  )
)
