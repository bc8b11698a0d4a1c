;; Typed function references: (ref $t) / (ref null $t) in locals (also
;; non-nullable ones, set before use), params, results, globals and tables
;; with an initializer expression; call_ref, ref.as_non_null, br_on_null,
;; br_on_non_null; canonical type identity of function types that mention
;; concrete references (call_indirect tells them apart).
;;   0: call_ref on null traps "null function reference"
;;   1: ref.as_non_null on null traps "null reference"
;;   2: call_indirect with a type differing only in a concrete reference
;;      traps "indirect call type mismatch"
;;  99: everything that does not trap
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 1024) "start\00")
  (data (i32.const 1040) "survived\00")
  (type $un (func (param i32) (result i32)))
  (type $bin (func (param i32 i32) (result i32)))
  (type $takes_un (func (param (ref null $un)) (result i32)))
  (type $takes_bin (func (param (ref null $bin)) (result i32)))

  (func $inc (type $un) (i32.add (local.get 0) (i32.const 1)))
  (func $dbl (type $un) (i32.mul (local.get 0) (i32.const 2)))
  (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))
  (elem declare func $inc $dbl $add)

  (global $g_inc (ref $un) (ref.func $inc))
  (global $g_var (mut (ref null $un)) (ref.null $un))
  (table $tt 3 (ref $un) (ref.func $dbl))
  (table $ft 2 funcref)
  (elem (table $ft) (i32.const 0) func $apply_un)

  ;; a (ref null $un) parameter, called with call_ref
  (func $apply_un (type $takes_un) (call_ref $un (i32.const 20) (local.get 0)))
  ;; a typed result
  (func $pick (param $i i32) (result (ref $un))
    (if (result (ref $un)) (local.get $i) (then (ref.func $dbl)) (else (global.get $g_inc))))

  ;; -1 for null, else f(100): br_on_null
  (func $or_minus1 (param $f (ref null $un)) (result i32)
    (block $null
      (return (call_ref $un (i32.const 100) (br_on_null $null (local.get $f)))))
    (i32.const -1))
  ;; br_on_non_null: f(7) when non-null, else 0
  (func $or_zero (param $f (ref null $un)) (result i32)
    (local $nn (ref $un))
    (local.set $nn
      (block $some (result (ref $un))
        (br_on_non_null $some (local.get $f))
        (return (i32.const 0))))
    (call_ref $un (i32.const 7) (ref.as_non_null (local.get $nn))))

  (func $run
    (local $nn (ref $un))
    (local $b (ref null $bin))
    (local.set $nn (ref.func $inc))
    (call $println_i32 (call_ref $un (i32.const 41) (local.get $nn)))      ;; 42
    (call $println_i32 (call_ref $un (i32.const 5) (global.get $g_inc)))   ;; 6
    (call $println_i32 (call_ref $un (i32.const 5) (call $pick (i32.const 1)))) ;; 10
    (call $println_i32 (call_ref $un (i32.const 5) (table.get $tt (i32.const 2)))) ;; 10
    (table.set $tt (i32.const 1) (ref.func $inc))
    (call $println_i32 (call_ref $un (i32.const 5) (table.get $tt (i32.const 1)))) ;; 6
    (call $println_i32 (table.grow $tt (ref.func $inc) (i32.const 2)))     ;; 3
    (call $println_i32 (call_ref $un (i32.const 9) (table.get $tt (i32.const 4)))) ;; 10
    (call $println_i32 (call $or_minus1 (global.get $g_var)))              ;; -1
    (global.set $g_var (ref.func $dbl))
    (call $println_i32 (call $or_minus1 (global.get $g_var)))              ;; 200
    (call $println_i32 (call $or_zero (ref.null $un)))                     ;; 0
    (call $println_i32 (call $or_zero (ref.func $inc)))                    ;; 8
    (call $println_i32 (ref.is_null (local.get $b)))                       ;; 1
    (local.set $b (ref.func $add))
    (call $println_i32 (call_ref $bin (i32.const 3) (i32.const 4) (local.get $b))) ;; 7
    (call $println_i32 (call_indirect $ft (type $takes_un) (ref.func $inc) (i32.const 0)))) ;; 21

  (func (export "_start")
    (local $case i32)
    (local.set $case (call $arg_i32 (i32.const 1)))
    (call $print_cstr (i32.const 1024)) (call $nl)
    (if (i32.eqz (local.get $case))
      (then (drop (call $or_zero (ref.null $un)))
            (drop (call_ref $un (i32.const 1) (global.get $g_var)))))
    (if (i32.eq (local.get $case) (i32.const 1))
      (then (drop (ref.as_non_null (global.get $g_var)))))
    (if (i32.eq (local.get $case) (i32.const 2))
      (then (drop (call_indirect $ft (type $takes_bin) (ref.null $bin) (i32.const 0)))))
    (call $run)
    (call $print_cstr (i32.const 1040)) (call $nl)))
