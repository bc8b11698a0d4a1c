;; Calls of functions only ever called directly (not exported, not in a
;; table, not declared for ref.func): their code takes the internal signature
;; without a caller vmctx (ModuleEnv::direct_only), while exported, table and
;; declared functions keep the general one. Mixed in one module: direct calls
;; of both kinds, many parameters (some passed on the stack), several
;; results, tail calls from one kind to the other, and the general ones also
;; reached through call_indirect, call_ref and the export.
;;   0: all of the above
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 1024) "start\00")
  (type $t2 (func (param i32 i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $in_table)
  (elem declare func $declared)

  ;; acc * 10 + v: direct only
  (func $digit (param $acc i64) (param $v i64) (result i64)
    (i64.add (i64.mul (local.get $acc) (i64.const 10)) (local.get $v)))

  ;; 12 parameters, the digits of the result in parameter order: direct only
  (func $many (param $a i32) (param $b i64) (param $c i32) (param $d i64)
              (param $e i32) (param $f i64) (param $g i32) (param $h i64)
              (param $x f64) (param $y f64) (param $i i32) (param $j i32) (result i64)
    (local $acc i64)
    (local.set $acc (call $digit (i64.const 0) (i64.extend_i32_u (local.get $a))))
    (local.set $acc (call $digit (local.get $acc) (local.get $b)))
    (local.set $acc (call $digit (local.get $acc) (i64.extend_i32_u (local.get $c))))
    (local.set $acc (call $digit (local.get $acc) (local.get $d)))
    (local.set $acc (call $digit (local.get $acc) (i64.extend_i32_u (local.get $e))))
    (local.set $acc (call $digit (local.get $acc) (local.get $f)))
    (local.set $acc (call $digit (local.get $acc) (i64.extend_i32_u (local.get $g))))
    (local.set $acc (call $digit (local.get $acc) (local.get $h)))
    (local.set $acc (call $digit (local.get $acc) (i64.trunc_f64_s (local.get $x))))
    (local.set $acc (call $digit (local.get $acc) (i64.trunc_f64_s (local.get $y))))
    (local.set $acc (call $digit (local.get $acc) (i64.extend_i32_u (local.get $i))))
    (call $digit (local.get $acc) (i64.extend_i32_u (local.get $j))))

  ;; exported and called directly: the general signature
  (func $exported (export "exported") (param i32 i32) (result i32)
    (i32.sub (local.get 0) (local.get 1)))
  ;; in a table and called directly
  (func $in_table (type $t2) (i32.mul (local.get 0) (local.get 1)))
  ;; declared for ref.func, called with call_ref and directly
  (func $declared (type $t2) (i32.add (local.get 0) (local.get 1)))

  ;; direct only, tail-calls a table function (general signature)
  (func $tail_target (param i32 i32) (result i32)
    (return_call $in_table (local.get 0) (i32.add (local.get 1) (i32.const 1))))
  ;; exported, tail-calls a direct-only function
  (func $tail_from_exported (export "tail") (param i32) (result i32)
    (return_call $tail_target (local.get 0) (i32.const 2)))
  ;; direct only, tail-calls itself with many parameters (stack arguments)
  (func $countdown (param $n i32) (param $b i64) (param $c i32) (param $d i64)
                   (param $e i32) (param $f i64) (param $g i32) (param $h i64) (result i64)
    (if (result i64) (i32.eqz (local.get $n))
      (then (i64.add (local.get $b) (local.get $h)))
      (else
        (return_call $countdown (i32.sub (local.get $n) (i32.const 1))
          (i64.add (local.get $b) (i64.const 1)) (local.get $c) (local.get $d)
          (local.get $e) (local.get $f) (local.get $g) (i64.add (local.get $h) (i64.const 2))))))

  ;; direct only, two results
  (func $pair (param i32) (result i32 i32)
    (local.get 0) (i32.add (local.get 0) (i32.const 1)))

  (func (export "_start")
    (local $case i32)
    (local.set $case (call $arg_i32 (i32.const 1)))
    (call $print_cstr (i32.const 1024)) (call $nl)
    (if (i32.ne (local.get $case) (i32.const 0)) (then (unreachable)))
    (call $println_i64
      (call $many (i32.const 1) (i64.const 2) (i32.const 3) (i64.const 4)
                  (i32.const 5) (i64.const 6) (i32.const 7) (i64.const 8)
                  (f64.const 9.5) (f64.const 1.25) (i32.const 2) (i32.const 3)))
    (call $println_i32 (call $exported (i32.const 10) (i32.const 3)))
    (call $println_i32 (call $in_table (i32.const 6) (i32.const 7)))
    (call $println_i32 (call_indirect (type $t2) (i32.const 6) (i32.const 8) (i32.const 0)))
    (call $println_i32 (call $declared (i32.const 20) (i32.const 22)))
    (call $println_i32 (call_ref $t2 (i32.const 20) (i32.const 23) (ref.func $declared)))
    (call $println_i32 (call $tail_from_exported (i32.const 5)))
    (call $println_i64 (call $countdown (i32.const 100000) (i64.const 0) (i32.const 0) (i64.const 0)
                                        (i32.const 0) (i64.const 0) (i32.const 0) (i64.const 7)))
    (call $pair (i32.const 41))
    (call $println_i32)
    (call $println_i32)))
