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
    local.get 3))
