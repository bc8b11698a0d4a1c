;; A GC object held by a module WITHOUT GC types, as an externref in its
;; frame, across calls that collect: the module has externref in its
;; function types, so it gets stack maps too, and the object stays alive.
;; Without them the collector would free the boxes while `run` holds them,
;; and the churn would reuse their memory (their values would change, or
;; the cast would read a bad header).
(module $A
  (type $box (struct (field i64)))
  (func (export "make") (param i64) (result externref)
    (extern.convert_any (struct.new $box (local.get 0))))
  ;; 1,000,000 boxes of 24 bytes: several collections (>= 4 MiB budget).
  (func (export "churn") (param $n i32)
    (loop $l
      (drop (struct.new $box (i64.extend_i32_u (local.get $n))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get $n) (i32.const 0)))))
  (func (export "get") (param externref) (result i64)
    (struct.get $box 0 (ref.cast (ref $box) (any.convert_extern (local.get 0))))))
(register "A")

(module $B
  (import "A" "make" (func $make (param i64) (result externref)))
  (import "A" "churn" (func $churn (param i32)))
  (import "A" "get" (func $get (param externref) (result i64)))
  (func (export "run") (result i64)
    (local $x externref) (local $y externref)
    (local.set $x (call $make (i64.const 42)))
    (call $churn (i32.const 1000000))
    (local.set $y (call $make (i64.const 7)))
    (call $churn (i32.const 1000000))
    ;; an operand-stack value across a collecting call, too
    (call $get (local.get $x))
    (call $churn (i32.const 1000000))
    (i64.add (call $get (local.get $y)))
    (i64.mul (i64.const 1000))
    (call $get (call $make (i64.const 5)))
    (i64.add)))
(assert_return (invoke "run") (i64.const 49005))
(assert_return (invoke "run") (i64.const 49005))
