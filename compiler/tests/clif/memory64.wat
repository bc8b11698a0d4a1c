;; memory64 bounds checks. Memory 0 (max 4 GiB): guard mode compares the
;; index with the constant 4 GiB (no load of the length); memory 1 (no
;; maximum): guard mode compares the index with the current length, no
;; addition. An offset beyond the guard region, and every access in
;; explicit mode, compares index + offset + size (overflow traps) with the
;; length. table64: call_indirect widens the 32-bit table size.
(module
  (memory i64 1 65536)
  (memory $big i64 1)
  (table i64 1 funcref)
  (type $t (func (result i32)))
  (func (param i64) (result i32)
    local.get 0
    i32.load offset=8
    local.get 0
    i32.load $big offset=8
    i32.add
    local.get 0
    i32.load $big offset=0xffff_ffff_ffff_fff0
    i32.add)
  (func (param i64 i64)
    local.get 0
    local.get 1
    i64.store8 $big offset=3)
  (func (param i64) (result i32)
    local.get 0
    call_indirect (type $t)))
