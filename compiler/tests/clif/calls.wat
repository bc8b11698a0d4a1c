;; Direct, imported and indirect calls; globals; reference types.
(module
  (type $t (func (param i32) (result i32)))
  (import "env" "f" (func $imported (type $t)))
  (table $tab 2 funcref)
  (global $g (mut i64) (i64.const 0))
  (global $c i32 (i32.const 5))
  (func $local (type $t) local.get 0)
  (func (param i32) (result i32)
    local.get 0
    call $imported
    call $local
    global.get $c
    call_indirect $tab (type $t))
  (func (result funcref i32)
    ref.func $local
    ref.null func
    ref.is_null
    global.get $g
    i64.const 1
    i64.add
    global.set $g)
  (elem declare func $local))
