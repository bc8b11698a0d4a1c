;; Relaxed SIMD: each operator has one semantics on every target
;; (translate/relaxed_simd.rs). swizzle, trunc and q15mulr are their
;; deterministic 2.0 counterparts; madd/nmadd are unfused (fmul then
;; fadd/fsub); laneselect is bitselect; min/max are pmin/pmax (the
;; bitselect-over-fcmp shape x64 lowers to minps/maxps); the i16 dot is
;; exact pair sums in i32 narrowed with saturation; the dot-add is the
;; exact i32 tree Cranelift folds into aarch64 `sdot`.
(module
  (func (param v128 v128) (result v128)
    (i8x16.relaxed_swizzle (local.get 0) (local.get 1)))
  (func (param v128) (result v128)
    (i32x4.relaxed_trunc_f32x4_s (local.get 0))
    i32x4.relaxed_trunc_f32x4_u
    i32x4.relaxed_trunc_f64x2_s_zero
    i32x4.relaxed_trunc_f64x2_u_zero)
  (func (param v128 v128 v128) (result v128)
    (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))
    (f64x2.relaxed_nmadd (local.get 0) (local.get 1)))
  (func (param v128 v128 v128) (result v128)
    (i8x16.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2))
    (i64x2.relaxed_laneselect (local.get 0) (local.get 1)))
  (func (param v128 v128) (result v128)
    (f32x4.relaxed_min (local.get 0) (local.get 1))
    (f64x2.relaxed_max (local.get 1)))
  (func (param v128 v128) (result v128)
    (i16x8.relaxed_q15mulr_s (local.get 0) (local.get 1)))
  (func (param v128 v128 v128) (result v128)
    (i16x8.relaxed_dot_i8x16_i7x16_s (local.get 0) (local.get 1))
    (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get 1) (local.get 2))))
