;; Exception handling (3.0 encoding). Case 0: a throw 1000 frames deep,
;; through call_indirect, caught by tag with its payload; 1: catch_all;
;; 2: catch_ref then throw_ref, caught again outside; 3: the second of two
;; tags, with an i64 payload; 4: uncaught (a trap: status 134); 5: a throw
;; in a function called through call_ref, caught around the call_ref; 6 and
;; 7: a return_call / return_call_ref inside a try_table leaves it, so the
;; throw of the callee is caught by the caller's handler (6), not by the
;; try_table's catch_all (which would give 99).
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 1024) "start\00")
  (tag $e (param i32))
  (tag $f (param i64 i32))
  (type $t (func (param i32 i32)))
  (table 1 funcref)
  (elem (i32.const 0) $deep)
  (type $ti (func (param i32) (result i32)))
  (elem declare func $thrower)

  (func $throw (param $which i32) (param $v i32)
    (if (i32.eq (local.get $which) (i32.const 1))
      (then (throw $f (i64.const 7000000000) (local.get $v))))
    (throw $e (local.get $v)))
  ;; n frames of recursion, every other one through call_indirect.
  (func $deep (param $n i32) (param $which i32)
    (if (i32.eqz (local.get $n)) (then (call $throw (local.get $which) (i32.const 42)) (return)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then (call_indirect (type $t) (i32.sub (local.get $n) (i32.const 1)) (local.get $which) (i32.const 0)))
      (else (call $deep (i32.sub (local.get $n) (i32.const 1)) (local.get $which)))))

  (func $case0 (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (call $deep (i32.const 1000) (i32.const 0)))
      (i32.const -1)))
  (func $case1 (result i32)
    (block $h
      (try_table (catch_all $h) (call $deep (i32.const 10) (i32.const 0)))
      (return (i32.const -1)))
    (i32.const 1))
  (func $case2 (result i32) (local $x exnref)
    (block $outer (result i32)
      (try_table (catch $e $outer)
        (block $h (result i32 exnref)
          (try_table (catch_ref $e $h) (call $deep (i32.const 5) (i32.const 0)))
          (return (i32.const -1)))
        ;; the payload is dropped, the exception rethrown as is
        (local.set $x)
        (drop)
        (throw_ref (local.get $x)))
      (i32.const -2)))
  (func $case3 (result i32)
    (block $hf (result i64 i32)
      (block $he (result i32)
        (try_table (catch $e $he) (catch $f $hf) (call $deep (i32.const 3) (i32.const 1)))
        (return (i32.const -1)))
      (return (i32.const -2)))
    (drop)
    (i32.wrap_i64 (i64.div_u (i64.const 1000000))))

  (func $thrower (type $ti) (throw $e (local.get 0)))
  (func $case5 (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h)
        (call_ref $ti (i32.const 5) (ref.func $thrower)))
      (drop)
      (i32.const -1)))
  (func $tail (result i32)
    (block $h
      (try_table (catch_all $h) (return_call $thrower (i32.const 6))))
    (i32.const 99))
  (func $tail_ref (result i32)
    (block $h
      (try_table (catch_all $h) (return_call_ref $ti (i32.const 6) (ref.func $thrower))))
    (i32.const 99))
  (func $case6 (param $by_ref i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h)
        (if (result i32) (local.get $by_ref)
          (then (call $tail_ref))
          (else (call $tail))))
      (drop)
      (i32.const -1)))

  (func (export "_start")
    (local $case i32)
    (local.set $case (call $arg_i32 (i32.const 1)))
    (call $print_cstr (i32.const 1024)) (call $nl)
    (if (i32.eq (local.get $case) (i32.const 0)) (then (call $println_i32 (call $case0))))
    (if (i32.eq (local.get $case) (i32.const 1)) (then (call $println_i32 (call $case1))))
    (if (i32.eq (local.get $case) (i32.const 2)) (then (call $println_i32 (call $case2))))
    (if (i32.eq (local.get $case) (i32.const 3)) (then (call $println_i32 (call $case3))))
    (if (i32.eq (local.get $case) (i32.const 4)) (then (call $deep (i32.const 20) (i32.const 0))))
    (if (i32.eq (local.get $case) (i32.const 5)) (then (call $println_i32 (call $case5))))
    (if (i32.eq (local.get $case) (i32.const 6)) (then (call $println_i32 (call $case6 (i32.const 0)))))
    (if (i32.eq (local.get $case) (i32.const 7)) (then (call $println_i32 (call $case6 (i32.const 1)))))))
