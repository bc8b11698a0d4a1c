;; Legacy exception handling, in the shapes clang emits for C++. Function 1:
;; a call in a `try` body is a try_call whose table lists the clauses
;; (catch by tag, catch_all); the catch body is the handler block, and the
;; exception is released (wasmc_exn_release) when control leaves the body:
;; at its end and on the br_if out of it (an edge block). Function 2: a
;; cleanup pad, `catch_all` + `rethrow 0`: wasmc_throw_ref of the caught
;; exception, nothing released. Function 3: `delegate 0` in a try_table
;; body: the inner call gets the try_table's handler, not the inner try's
;; (none); rethrow 1 caught inside its own catch body: the inner body's
;; exception is compared with the outer one's before it is released.
(module
  (tag $e (param i32))
  (func $f (param i32) (result i32)
    (if (local.get 0) (then (throw $e (local.get 0))))
    (i32.const 7))
  (func (param i32) (result i32) (local $r i32)
    block $out
      try
        (local.set $r (call $f (local.get 0)))
      catch $e
        (local.set $r)
        (br_if $out (local.get $r))
        (local.set $r (call $f (i32.const 0)))
      catch_all
        (local.set $r (i32.const -1))
      end
    end
    (local.get $r))
  (func (param i32)
    try
      (drop (call $f (local.get 0)))
    catch_all
      (drop (call $f (i32.const 0)))
      rethrow 0
    end)
  (func (param i32) (result i32)
    block $h (result i32)
      try_table (catch $e $h)
        try
          (drop (call $f (local.get 0)))
        delegate 0
        try
          (drop (call $f (local.get 0)))
        catch_all
          try
            rethrow 1
          catch_all
          end
        end
      end
      (i32.const 0)
    end))
