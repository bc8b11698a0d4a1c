;; SIMD comparisons produce all-ones/all-zeros lanes of the compared shape;
;; any_true/all_true widen CLIF's i8 to i32; bitmask is vhigh_bits.
(module
  (func (param v128 v128) (result v128)
    local.get 0
    local.get 1
    i8x16.lt_u
    local.get 1
    i64x2.ge_s
    local.get 0
    f64x2.ne
    local.get 1
    f32x4.le)
  (func (param v128) (result i32)
    local.get 0
    v128.any_true
    local.get 0
    i16x8.all_true
    i32.add
    local.get 0
    i64x2.bitmask
    i32.add
    local.get 0
    i8x16.bitmask
    i32.add))
