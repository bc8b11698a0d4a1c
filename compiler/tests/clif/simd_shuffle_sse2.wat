;; Constant `i8x16.shuffle` masks on the SSE2 baseline (no SSSE3 `pshufb`;
;; compiler/src/translate/simd_shuffle.rs): sha256's zero-extending gather
;; (two widenings, one `band`, one `bor`), chacha20's low-byte gather
;; (narrowing + broadcast), a byte rotation within 32-bit lanes (two
;; shifts, no `band`), a `pshufd` mask left to Cranelift (`shuffle`), and a
;; mask with no cheap cover (`shuffle`, the libcall).
(module
  (func (param v128 v128) (result v128)
    (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15 (local.get 0) (local.get 1)))
  (func (param v128 v128) (result v128)
    (i8x16.shuffle 0 4 8 12 0 0 0 0 0 0 0 0 0 0 0 0 (local.get 0) (local.get 1)))
  (func (param v128 v128) (result v128)
    (i8x16.shuffle 3 0 1 2 7 4 5 6 11 8 9 10 15 12 13 14 (local.get 0) (local.get 1)))
  (func (param v128 v128) (result v128)
    (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get 0) (local.get 1)))
  (func (param v128 v128) (result v128)
    (i8x16.shuffle 31 0 17 5 9 22 3 3 14 27 8 1 19 30 6 12 (local.get 0) (local.get 1))))
