;; Module of tests/c/embed/gc_roots_host.c (tests/gc_embed.rs): objects
;; handed to the host and back, and garbage to force collections.
(module
  ;; the host calls "churn" back: wasm -> host -> wasm, collecting
  (import "host" "reenter" (func $reenter (param anyref)))
  (type $node (struct (field $v i64) (field $next (ref null $node))))
  (type $junk (array (mut i64)))
  (func (export "make") (param $v i64) (result anyref)
    (struct.new $node (local.get $v) (struct.new $node (i64.add (local.get $v) (i64.const 1)) (ref.null $node))))
  ;; v + next.v of a node from make
  ;; (anyref: what the host passes is checked against the parameter type)
  (func (export "get") (param $a anyref) (result i64)
    (local $n (ref null $node))
    (local.set $n (ref.cast (ref null $node) (local.get $a)))
    (i64.add (struct.get $node $v (local.get $n))
      (struct.get $node $v (ref.as_non_null (struct.get $node $next (local.get $n))))))
  ;; holds a fresh object in a local and on the operand stack, and passes
  ;; one to the host, across a host call that runs wasm which collects;
  ;; returns 3 v + 2 when all three survived
  (func (export "hold") (param $v i64) (result i64)
    (local $a (ref null $node)) (local $b (ref null $node))
    (local.set $a (struct.new $node (local.get $v) (ref.null $node)))
    (local.set $b (struct.new $node (local.get $v) (ref.null $node)))
    (struct.new $node (i64.const 1) (local.get $b))
    (call $reenter (struct.new $node (i64.const 1) (ref.null $node)))
    (struct.get $node $next)
    (struct.get $node $v (ref.as_non_null))
    (i64.add (struct.get $node $v (local.get $a)))
    (i64.add (struct.get $node $v (local.get $b)))
    (i64.add (i64.const 2)))
  (func (export "churn") (param $n i32)
    (loop $l
      (drop (struct.new $node (i64.const -1) (ref.null $node)))
      (drop (array.new $junk (i64.const -1) (i32.const 8)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get $n) (i32.const 0)))))
)
