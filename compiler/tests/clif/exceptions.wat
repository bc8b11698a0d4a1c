;; Exception handling: a call inside try_table is a try_call whose exception
;; table holds the vmctx context and the handlers (catch by tag, catch_all);
;; a call outside any try_table stays a plain call; throw spills its payload
;; and calls wasmc_throw with the PreserveAll convention.
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
    (i32.const -1)))
