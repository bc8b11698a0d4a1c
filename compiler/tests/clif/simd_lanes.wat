;; Shuffle immediates become a CLIF shuffle mask (0-15 first operand, 16-31
;; second); swizzle, splat (i8/i16 splats reduce the i32 first), extract_lane
;; (sign/zero-extended to i32 for narrow lanes) and replace_lane.
(module
  (func (param v128 v128) (result v128)
    local.get 0
    local.get 1
    i8x16.shuffle 0 17 2 19 4 21 6 23 31 30 29 28 3 3 3 3
    local.get 1
    i8x16.swizzle)
  (func (param i32 f64) (result v128)
    local.get 0
    i8x16.splat
    local.get 1
    f64x2.replace_lane 1
    local.get 0
    i16x8.replace_lane 7)
  (func (param v128) (result i32 f32 i64)
    local.get 0
    i8x16.extract_lane_s 15
    local.get 0
    f32x4.extract_lane 2
    local.get 0
    i64x2.extract_lane 1)
  (func (result v128)
    v128.const i32x4 1 2 3 0xffffffff))
