;; Bounds checks: in guard mode the small offset needs no compare, the
;; offset beyond the guard region does; explicit mode compares both.
(module
  (memory 1)
  (func (param i32) (result i32)
    local.get 0
    i32.load offset=8
    local.get 0
    i32.load offset=0xfffffff0
    i32.add)
  (func (param i32 i64)
    local.get 0
    local.get 1
    i64.store8 offset=3))
