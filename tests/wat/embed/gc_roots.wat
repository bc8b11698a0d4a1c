;; Module of tests/c/embed/gc_roots_host.c (tests/gc_embed.rs): objects
;; handed to the host and back, and garbage to force collections.
(module
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
  (func (export "churn") (param $n i32)
    (loop $l
      (drop (struct.new $node (i64.const -1) (ref.null $node)))
      (drop (array.new $junk (i64.const -1) (i32.const 8)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get $n) (i32.const 0)))))
)
