;; Typed function references: call_ref (null check, call through the
;; record), ref.as_non_null, br_on_null, br_on_non_null.
(module
  (type $t (func (param i32) (result i32)))
  (func (param (ref null $t)) (result i32)
    i32.const 1
    local.get 0
    call_ref $t)
  (func (param (ref null $t)) (result (ref $t))
    local.get 0
    ref.as_non_null)
  (func (param (ref null $t)) (result i32)
    (block $null
      local.get 0
      br_on_null $null
      drop
      i32.const 1
      return)
    i32.const 0)
  (func (param (ref null $t)) (result (ref $t))
    (block $some (result (ref $t))
      local.get 0
      br_on_non_null $some
      unreachable)))
