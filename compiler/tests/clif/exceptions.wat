;; Exception handling: a call inside try_table is a try_call whose exception
;; table holds the vmctx context and the handlers (catch by tag, catch_all);
;; a call outside any try_table stays a plain call; throw spills its payload
;; and calls wasmc_throw with the PreserveAll convention. In the last
;; function a call_ref inside try_table is a try_call_indirect, and a
;; return_call stays a plain tail call (it leaves the try_table).
(module
  (tag $e (param i32))
  (func $f (param i32) (result i32)
    (if (local.get 0) (then (throw $e (local.get 0))))
    (i32.const 7))
  (func (param i32) (result i32)
    (block $all
      (block $h (result i32)
        (try_table (result i32) (catch $e $h) (catch_all $all)
          (call $f (local.get 0)))
        (return))
      (return))
    (drop (call $f (i32.const 0)))
    (i32.const -1))
  (type $ti (func (param i32) (result i32)))
  (elem declare func $f)
  (func (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h)
        (drop (call_ref $ti (local.get 0) (ref.func $f)))
        (return_call $f (local.get 0))))))
