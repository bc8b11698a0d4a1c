;; Tail calls: return_call to a defined and to an imported function,
;; return_call_indirect (bounds, null and type checks, then the tail call
;; through the funcref record) and return_call_ref (null check only).
(module
  (type $t (func (param i32) (result i32)))
  (import "env" "f" (func $imported (type $t)))
  (table $tab 2 funcref)
  (func $local (type $t) local.get 0)
  (func (param i32) (result i32)
    local.get 0
    return_call $local)
  (func (param i32) (result i32)
    local.get 0
    return_call $imported)
  (func (param i32) (result i32)
    local.get 0
    local.get 0
    return_call_indirect $tab (type $t))
  (func (param i32 (ref null $t)) (result i32)
    local.get 0
    local.get 1
    return_call_ref $t))
