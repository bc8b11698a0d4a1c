;; GC struct objects: struct.new/new_default/get/get_s/get_u/set on mutable
;; and packed fields, a linked list of nested structs, objects in a global
;; and a table (allocated by constant expressions), casts across a subtype
;; chain ($a <: $b <: $c), ref.eq identity and a round trip through
;; externref.
;;   0: struct.get of a null reference traps "null structure reference"
;;   1: struct.set of a null reference traps "null structure reference"
;;   2: ref.cast (ref $c) of a $b traps "cast failure"
;;  99: everything that does not trap
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 1024) "start\00")
  (data (i32.const 1040) "survived\00")

  (type $point (struct (field $x (mut i32)) (field $y (mut i32))))
  (type $packed (struct (field $b (mut i8)) (field $h (mut i16)) (field $l i64) (field $d f64)
                        (field $r (mut anyref))))
  (type $node (struct (field $val i32) (field $next (ref null $node))))
  (type $a (sub (struct (field i32))))
  (type $b (sub $a (struct (field i32) (field i64))))
  (type $c (sub final $b (struct (field i32) (field i64) (field f32))))

  (global $g (ref $point) (struct.new $point (i32.const 3) (i32.const 4)))
  (table $tab 2 (ref null $a))
  (elem (table $tab) (i32.const 0) (ref null $a)
    (struct.new $b (i32.const 7) (i64.const 8))
    (struct.new_default $c))

  ;; A list of n..1, summed by walking it.
  (func $list (param $n i32) (result (ref null $node))
    (local $l (ref null $node))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $l (struct.new $node (local.get $n) (local.get $l)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $l))
  (func $sum (param $l (ref null $node)) (result i32)
    (local $s i32)
    (block $done
      (loop $next
        (br_if $done (ref.is_null (local.get $l)))
        (local.set $s (i32.add (local.get $s) (struct.get $node $val (local.get $l))))
        (local.set $l (struct.get $node $next (local.get $l)))
        (br $next)))
    (local.get $s))

  ;; 3 for a $c, 2 for a $b, 1 for an $a, 0 otherwise.
  (func $classify (param $v anyref) (result i32)
    (drop (block $is_c (result (ref $c))
      (drop (block $is_b (result (ref $b))
        (drop (block $is_a (result (ref $a))
          (br_on_cast $is_c anyref (ref $c) (local.get $v))
          (br_on_cast $is_b anyref (ref $b))
          (br_on_cast $is_a anyref (ref $a))
          (return (i32.const 0))))
        (return (i32.const 1))))
      (return (i32.const 2))))
    (i32.const 3))

  ;; One digit per target type: whether ref.test says yes.
  (func $tests (param $v anyref)
    (call $print_i32 (ref.test (ref eq) (local.get $v)))
    (call $print_i32 (ref.test (ref struct) (local.get $v)))
    (call $print_i32 (ref.test (ref array) (local.get $v)))
    (call $print_i32 (ref.test (ref i31) (local.get $v)))
    (call $print_i32 (ref.test (ref $a) (local.get $v)))
    (call $print_i32 (ref.test (ref $b) (local.get $v)))
    (call $print_i32 (ref.test (ref $c) (local.get $v)))
    (call $print_i32 (ref.test (ref $point) (local.get $v)))
    (call $nl))

  (func $run
    (local $p (ref $point))
    (local $k (ref $packed))
    (local.set $p (struct.new $point (i32.const 3) (i32.const 4)))
    (struct.set $point $x (local.get $p)
      (i32.add (struct.get $point $x (local.get $p)) (struct.get $point $y (local.get $p))))
    (call $println_i32 (struct.get $point $x (local.get $p)))            ;; 7
    (call $println_i32 (struct.get $point $y (local.get $p)))            ;; 4

    (local.set $k (struct.new $packed (i32.const 0x1ff) (i32.const 0x18000) (i64.const -2)
                                      (f64.const 1.5) (ref.i31 (i32.const 9))))
    (call $println_i32 (struct.get_s $packed $b (local.get $k)))         ;; -1
    (call $println_i32 (struct.get_u $packed $b (local.get $k)))         ;; 255
    (call $println_i32 (struct.get_s $packed $h (local.get $k)))         ;; -32768
    (call $println_i32 (struct.get_u $packed $h (local.get $k)))         ;; 32768
    (call $println_i64 (struct.get $packed $l (local.get $k)))           ;; -2
    (call $println_i32 (i32.trunc_f64_s
      (f64.mul (struct.get $packed $d (local.get $k)) (f64.const 2))))  ;; 3
    (call $println_i32 (i31.get_s (ref.cast (ref i31) (struct.get $packed $r (local.get $k))))) ;; 9
    (struct.set $packed $b (local.get $k) (i32.const 0x80))
    (struct.set $packed $r (local.get $k) (local.get $p))
    (call $println_i32 (struct.get_s $packed $b (local.get $k)))         ;; -128
    (call $println_i32 (struct.get $point $y
      (ref.cast (ref $point) (struct.get $packed $r (local.get $k)))))   ;; 4
    (call $println_i64 (struct.get $packed $l (struct.new_default $packed))) ;; 0

    (call $println_i32 (call $sum (call $list (i32.const 100))))        ;; 5050

    (call $println_i32 (struct.get $point $x (global.get $g)))          ;; 3
    (struct.set $point $x (global.get $g) (i32.const 30))
    (call $println_i32 (struct.get $point $x (global.get $g)))          ;; 30

    (call $println_i64 (struct.get $b 1
      (ref.cast (ref $b) (table.get $tab (i32.const 0)))))             ;; 8
    (call $tests (table.get $tab (i32.const 0)))                        ;; 11001100
    (call $tests (table.get $tab (i32.const 1)))                        ;; 11001110
    (call $tests (local.get $p))                                        ;; 11000001
    (call $tests (ref.i31 (i32.const 1)))                               ;; 10010000
    (call $tests (any.convert_extern (extern.convert_any (local.get $p)))) ;; 11000001
    (call $println_i32 (call $classify (table.get $tab (i32.const 1)))) ;; 3
    (call $println_i32 (call $classify (table.get $tab (i32.const 0)))) ;; 2
    (call $println_i32 (call $classify (struct.new $a (i32.const 0))))  ;; 1
    (call $println_i32 (call $classify (local.get $p)))                 ;; 0
    (call $println_i32 (ref.eq (local.get $p) (local.get $p)))          ;; 1
    (call $println_i32 (ref.eq (local.get $p)
      (struct.new $point (i32.const 7) (i32.const 4)))))                ;; 0

  (func (export "_start")
    (local $case i32)
    (local.set $case (call $arg_i32 (i32.const 1)))
    (call $print_cstr (i32.const 1024)) (call $nl)
    (if (i32.eqz (local.get $case))
      (then (drop (struct.get $point $x (ref.null $point)))))
    (if (i32.eq (local.get $case) (i32.const 1))
      (then (struct.set $point $y (ref.null $point) (i32.const 1))))
    (if (i32.eq (local.get $case) (i32.const 2))
      (then (drop (ref.cast (ref $c) (table.get $tab (i32.const 0))))))
    (call $run)
    (call $print_cstr (i32.const 1040)) (call $nl)))
