;; struct.get/struct.set (explicit null checks, inline field access at the
;; gc_layout offsets, a packed field) and a cast to a non-final struct type
;; (null, i31 tag, heap range, display check).
(module
  (type $a (sub (struct (field (mut i32)))))
  (type $b (sub $a (struct (field (mut i32)) (field (mut i8)))))
  (func (param (ref null $b)) (result i32)
    (struct.set $b 1 (local.get 0) (i32.const 7))
    (struct.get_s $b 1 (local.get 0)))
  (func (param anyref) (result i32)
    (ref.test (ref $b) (local.get 0))))
