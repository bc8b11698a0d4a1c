;; Branch layout: a `br_if` that leaves a loop jumps through a block of its
;; own (block8 below), so Cranelift lays the exit out after the loop body
;; instead of splitting the critical edge right after the branch; a `br_if`
;; that stays inside the loop (to `$skip`) and the back edge branch directly.
(module
  (memory 1)
  (func (param i32 i32 i32) (result i32)
    (local i32)
    (block $done
      (loop $next
        (block $skip
          local.get 3
          i32.const 7
          i32.and
          br_if $skip
          local.get 2
          i32.const 1
          i32.add
          local.set 2)
        (br_if $done
          (i32.ne
            (i32.load8_u (i32.add (local.get 0) (local.get 3)))
            (i32.load8_u (i32.add (local.get 1) (local.get 3)))))
        (local.tee 3 (i32.add (local.get 3) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get 2)))))
    local.get 3)
  ;; An `if` whose `then` arm is the loop's back edge (clang's latch): its
  ;; brif is turned around, `brif (icmp eq c, 0), <next>, <then>`, so the
  ;; back edge follows the branch and the exit is out of line. The `if`
  ;; before it, whose arm leaves the loop, keeps its order.
  (func (param i32) (result i32)
    (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (if (i32.gt_u (local.get 1) (i32.const 1000))
        (then (return (local.get 1))))
      (if (i32.ne (local.get 0) (i32.const 100))
        (then
          (local.set 0 (i32.add (local.get 0) (i32.const 1)))
          (br $l))))
    local.get 1)
  ;; Nested loops: the inner `if` arm jumps to the outer loop's header, which
  ;; leaves the inner loop, so its brif keeps its order; a `br_on_null` out
  ;; of the loops takes a block of its own, like `br_if`.
  (func (param i32 externref) (result i32)
    (block $out
      (loop $outer
        (loop $inner
          (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
          (if (i32.and (local.get 0) (i32.const 1))
            (then (br $outer)))
          (drop (br_on_null $out (local.get 1)))
          (br_if $inner (local.get 0)))))
    local.get 0))
