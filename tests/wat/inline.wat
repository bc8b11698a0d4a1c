;; Whole-module inlining at -O2 (compiler/src/emit/inline.rs): every callee
;; here is small, has one call site or two small enough, so it is copied into
;; its caller (except at the cold sites of $run, below); the
;; expected-CLIF test compiler/tests/clif/inline.wat shows that such calls
;; disappear. argv[1] selects what the inlined bodies must still do right:
;;   0: the sums below (99 prints them too)
;;   1: a trap in a callee two levels down (integer divide by zero)
;;   2: an out-of-bounds load in an inlined callee (a guard-page / explicit
;;      bounds trap whose site is in the caller's code)
;;   3: mutual recursion f <-> g without end: call stack exhausted, cleanly
;;   4: an exception thrown in an inlined callee, caught by the caller's
;;      try_table; one thrown through an inlined callee that has its own
;;      try_table (catch_ref + throw_ref); uncaught ones are case 5
;;   5: an exception thrown by an inlined callee and caught by no one
;;  99: everything that does not trap, in one run
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 1024) "start\00")
  (data (i32.const 1040) "survived\00")
  (tag $e (param i32))

  ;; small: inlined at every site
  (func $add3 (param i32 i32 i32) (result i32)
    (i32.add (i32.add (local.get 0) (local.get 1)) (local.get 2)))
  ;; multi-value
  (func $divmod (param i32 i32) (result i32 i32)
    (i32.div_u (local.get 0) (local.get 1))
    (i32.rem_u (local.get 0) (local.get 1)))
  ;; nested: $outer -> $mid -> $divmod
  (func $mid (param i32 i32) (result i32)
    (call $divmod (local.get 0) (local.get 1))
    (i32.add))
  (func $outer (param i32 i32) (result i32)
    (i32.mul (call $mid (local.get 0) (local.get 1)) (i32.const 3)))
  ;; a load through an inlined body
  (func $peek (param i32) (result i32) (i32.load (local.get 0)))
  ;; a tail call inside an inlined body: $dispatch return_calls $add3
  (func $dispatch (param i32) (result i32)
    (return_call $add3 (local.get 0) (i32.const 1) (i32.const 2)))
  ;; single call site, bigger than the small limit: a loop with locals
  (func $sum_to (param $n i32) (result i64)
    (local $i i32) (local $s i64)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $s (i64.add (local.get $s)
          (i64.extend_i32_u (call $add3 (local.get $i) (local.get $i) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $s))
  ;; mutual recursion: each is small, neither is inlined into itself
  (func $even (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
      (else (call $odd (i32.sub (local.get 0) (i32.const 1))))))
  (func $odd (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (call $even (i32.sub (local.get 0) (i32.const 1))))))
  (func $ping (param i32) (result i32) (i32.add (call $pong (local.get 0)) (i32.const 1)))
  (func $pong (param i32) (result i32) (i32.add (call $ping (local.get 0)) (i32.const 1)))
  ;; exceptions
  (func $raise (param i32) (throw $e (local.get 0)))
  (func $raise_if (param i32) (result i32)
    (if (i32.gt_u (local.get 0) (i32.const 10)) (then (call $raise (local.get 0))))
    (local.get 0))
  ;; a callee with its own handler that rethrows what it caught
  (func $wrap (param i32) (result i32)
    (local $x exnref)
    (block $h (result i32 exnref)
      (return (try_table (result i32) (catch_ref $e $h) (call $raise_if (local.get 0)))))
    (local.set $x)
    (drop)
    (throw_ref (local.get $x)))

  (func $sums
    (call $println_i32 (call $add3 (i32.const 1) (i32.const 2) (i32.const 3)))
    (call $divmod (i32.const 47) (i32.const 5))
    (call $println_i32)
    (call $println_i32)
    (call $println_i32 (call $outer (i32.const 47) (i32.const 5)))
    (i32.store (i32.const 4096) (i32.const 1234567))
    (call $println_i32 (call $peek (i32.const 4096)))
    (call $println_i32 (call $dispatch (i32.const 39)))
    (call $println_i64 (call $sum_to (i32.const 100000)))
    (call $println_i32 (call $even (i32.const 10001)))
    (call $println_i32 (call $odd (i32.const 10001))))

  (func $catches
    (block $h (result i32)
      (call $println_i32 (try_table (result i32) (catch $e $h) (call $raise_if (i32.const 7))))
      (call $println_i32 (try_table (result i32) (catch $e $h) (call $raise_if (i32.const 11))))
      (return))
    (call $println_i32)
    (block $h2 (result i32)
      (drop (try_table (result i32) (catch $e $h2) (call $wrap (i32.const 12))))
      (return))
    (call $println_i32))

  ;; It runs once: at its call sites outside loops only small bodies are
  ;; inlined (compiler/src/emit/cold_sites.rs), so $outer is, $sums and
  ;; $catches are not (they are compiled, with their callees inlined, on
  ;; their own).
  (func $run (export "_start")
    (local $case i32)
    (local.set $case (call $arg_i32 (i32.const 1)))
    (call $print_cstr (i32.const 1024)) (call $nl)
    (block $cases
      (if (i32.eq (local.get $case) (i32.const 0))
        (then (call $sums) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 1))
        (then (call $println_i32 (call $outer (i32.const 1) (i32.load (i32.const 8000)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 2))
        (then (call $println_i32 (call $peek (i32.const 65534))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 3))
        (then (call $println_i32 (call $ping (i32.const 0))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 4))
        (then (call $catches) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 5))
        (then (call $println_i32 (call $raise_if (i32.const 50))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 99))
        (then
          (call $sums)
          (call $catches)
          (call $println_i32 (call $peek (i32.const 65532))))))
    (call $print_cstr (i32.const 1040)) (call $nl))
)
