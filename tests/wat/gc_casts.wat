;; Casts over the reference hierarchy (GC, no heap objects): ref.test,
;; ref.cast, br_on_cast and br_on_cast_fail on anyref values (null, i31,
;; an i31 that went through externref and back) against any, eq, i31,
;; struct, array, none and concrete struct types, nullable and not; and on
;; funcrefs against func, nofunc and concrete function types with declared
;; subtypes (a subtype's function passes a cast to its supertype, not the
;; other way round), also through call_indirect.
;;   0: ref.cast (ref $derived) of a $base function traps "cast failure"
;;   1: call_indirect (type $derived) of a $base function traps
;;      "indirect call type mismatch"
;;   2: ref.cast (ref eq) of a null converted from externref traps
;;      "cast failure"
;;  99: everything that does not trap
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 1024) "start\00")
  (data (i32.const 1040) "survived\00")

  (type $st (struct (field i32)))
  (type $base (sub (func (result i32))))
  (type $derived (sub $base (func (result i32))))
  (type $leaf (sub final $derived (func (result i32))))
  (func $fb (type $base) (i32.const 1))
  (func $fd (type $derived) (i32.const 2))
  (func $fl (type $leaf) (i32.const 3))
  (elem declare func $fb $fd $fl)
  (table $t 3 funcref)
  (elem (table $t) (i32.const 0) func $fb $fd $fl)

  ;; One digit per target type: whether ref.test says yes.
  (func $tests (param $v anyref)
    (call $print_i32 (ref.test anyref (local.get $v)))
    (call $print_i32 (ref.test (ref any) (local.get $v)))
    (call $print_i32 (ref.test (ref eq) (local.get $v)))
    (call $print_i32 (ref.test eqref (local.get $v)))
    (call $print_i32 (ref.test (ref i31) (local.get $v)))
    (call $print_i32 (ref.test i31ref (local.get $v)))
    (call $print_i32 (ref.test (ref struct) (local.get $v)))
    (call $print_i32 (ref.test arrayref (local.get $v)))
    (call $print_i32 (ref.test (ref null $st) (local.get $v)))
    (call $print_i32 (ref.test (ref $st) (local.get $v)))
    (call $print_i32 (ref.test nullref (local.get $v)))
    (call $nl))

  (func $func_tests (param $f funcref)
    (call $print_i32 (ref.test (ref func) (local.get $f)))
    (call $print_i32 (ref.test nullfuncref (local.get $f)))
    (call $print_i32 (ref.test (ref $base) (local.get $f)))
    (call $print_i32 (ref.test (ref $derived) (local.get $f)))
    (call $print_i32 (ref.test (ref null $leaf) (local.get $f)))
    (call $nl))

  ;; 1 via br_on_cast to (ref i31), 2 via br_on_cast_fail out of (ref eq)
  ;; (null), 3 otherwise.
  (func $classify (param $v anyref) (result i32)
    (block $not_eq (result anyref)
      (block $is_i31 (result i31ref)
        (br_on_cast $is_i31 anyref (ref i31) (local.get $v))
        (br_on_cast_fail $not_eq anyref (ref eq))
        (return (i32.const 3)))
      (drop)
      (return (i32.const 1)))
    (drop)
    (i32.const 2))

  ;; The value that reached the label, kept by br_on_cast.
  (func $i31_or_minus1 (param $v anyref) (result i32)
    (i31.get_s
      (block $yes (result (ref i31))
        (br_on_cast $yes anyref (ref i31) (local.get $v))
        (drop)
        (return (i32.const -1)))))

  (func $call_base (param $f funcref) (result i32)
    (call_ref $base (ref.cast (ref $base) (local.get $f))))

  (func $run
    (local $host anyref)
    (local.set $host (any.convert_extern (extern.convert_any (ref.i31 (i32.const 4)))))
    (call $tests (ref.null any))                       ;; 10010101101
    (call $tests (ref.i31 (i32.const 5)))              ;; 11111100000
    (call $tests (local.get $host))                    ;; 11111100000
    (call $func_tests (ref.null func))                 ;; 01001
    (call $func_tests (ref.func $fb))                  ;; 10100
    (call $func_tests (ref.func $fd))                  ;; 10110
    (call $func_tests (ref.func $fl))                  ;; 10111
    (call $println_i32 (call $classify (ref.i31 (i32.const 1))))   ;; 1
    (call $println_i32 (call $classify (ref.null any)))            ;; 2
    ;; A nullable target takes null.
    (call $println_i32 (ref.is_null
      (block $n (result i31ref) (br_on_cast $n anyref i31ref (ref.null any)) (unreachable)))) ;; 1
    (call $println_i32 (call $i31_or_minus1 (ref.i31 (i32.const -8))))  ;; -8
    (call $println_i32 (call $i31_or_minus1 (ref.null none)))      ;; -1
    (call $println_i32 (call $call_base (ref.func $fl)))           ;; 3
    (call $println_i32 (call_indirect $t (type $base) (i32.const 1)))    ;; 2
    (call $println_i32 (call_indirect $t (type $derived) (i32.const 2))) ;; 3
    (call $println_i32 (call_indirect $t (type $leaf) (i32.const 2))))   ;; 3

  (func (export "_start")
    (local $case i32)
    (local.set $case (call $arg_i32 (i32.const 1)))
    (call $print_cstr (i32.const 1024)) (call $nl)
    (if (i32.eqz (local.get $case))
      (then (drop (ref.cast (ref $derived) (ref.func $fb)))))
    (if (i32.eq (local.get $case) (i32.const 1))
      (then (drop (call_indirect $t (type $derived) (i32.const 0)))))
    (if (i32.eq (local.get $case) (i32.const 2))
      (then (drop (ref.cast (ref eq) (any.convert_extern (ref.null noextern))))))
    (call $run)
    (call $print_cstr (i32.const 1040)) (call $nl)))
