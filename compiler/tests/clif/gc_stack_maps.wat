;; GC stack maps (emit/stack_maps.rs): in a module with GC types, references
;; live across a call (a local, an operand-stack value, a parameter) are
;; spilled around it and listed in its stack map; i32s and funcrefs are not.
(module
  (type $box (struct (field $v i32)))
  (func $callee (param i32) (result i32) (local.get 0))
  (func (export "hold") (param $p (ref null $box)) (result i32)
    (local $l (ref null $box)) (local $f funcref)
    (local.set $l (struct.new $box (i32.const 1)))
    (local.set $f (ref.func $callee))
    (struct.new $box (i32.const 2))
    (drop (call $callee (i32.const 3)))
    (struct.get $box $v)
    (i32.add (struct.get $box $v (local.get $l)))
    (i32.add (struct.get $box $v (local.get $p)))
    (drop (local.get $f)))
  (elem declare func $callee)
)
