;; Conversions: the f64x2 `_zero` truncations are a saturating conversion to
;; i64x2 narrowed against a zero vector; convert_low widens first.
(module
  (func (param v128) (result v128)
    local.get 0
    i32x4.trunc_sat_f32x4_u
    f32x4.convert_i32x4_s
    i32x4.trunc_sat_f64x2_s_zero
    f64x2.convert_low_i32x4_u
    f32x4.demote_f64x2_zero
    f64x2.promote_low_f32x4)
  (func (param v128 v128) (result v128)
    local.get 0
    local.get 1
    i8x16.narrow_i16x8_s
    local.get 1
    i16x8.narrow_i32x4_u
    i32x4.extend_high_i16x8_u
    i64x2.extend_low_i32x4_s))
