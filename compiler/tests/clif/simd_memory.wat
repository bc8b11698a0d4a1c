;; SIMD memory accesses share the scalar address computation, bounds checks
;; and trap code: whole vectors, extending loads, splats, zero-extending
;; loads, and lane loads/stores (which check only the bytes they touch).
(module
  (memory 1)
  (func (param i32) (result v128)
    local.get 0
    v128.load offset=16
    local.get 0
    v128.load8x8_s
    i16x8.add
    local.get 0
    v128.load32_splat
    i32x4.add
    local.get 0
    v128.load64_zero offset=0xfffffff0
    i64x2.add)
  (func (param i32 v128) (result v128)
    local.get 0
    local.get 1
    v128.store
    local.get 0
    local.get 1
    v128.store16_lane offset=2 5
    local.get 0
    local.get 1
    v128.load64_lane 1))
