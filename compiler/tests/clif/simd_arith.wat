;; SIMD arithmetic: stack values are i8x16 and bitcast (little-endian lane
;; order) to the lane type each operator needs; shifts take the raw i32
;; amount (CLIF masks it); the extended multiply, pairwise add and dot product
;; are written as widen+imul / iadd_pairwise so the backend can fuse them.
(module
  (func (param v128 v128) (result v128)
    local.get 0
    local.get 1
    i32x4.add
    local.get 1
    i16x8.sub_sat_u
    local.get 0
    i8x16.avgr_u)
  (func (param v128 i32) (result v128)
    local.get 0
    local.get 1
    i64x2.shr_s
    local.get 1
    i8x16.shl)
  (func (param v128 v128) (result v128)
    local.get 0
    local.get 1
    i32x4.dot_i16x8_s
    local.get 1
    i16x8.q15mulr_sat_s
    i8x16.popcnt
    i16x8.extadd_pairwise_i8x16_u
    local.get 0
    i64x2.extmul_high_i32x4_s)
  (func (param v128 v128) (result v128)
    local.get 0
    local.get 1
    f32x4.min
    local.get 1
    f32x4.pmax
    f64x2.nearest
    local.get 0
    local.get 1
    v128.bitselect
    v128.not))
