;; GC array objects: array.new/new_default/new_fixed/new_data/new_elem,
;; get/get_s/get_u/set/len/fill/copy (overlapping both ways)/init_data/
;; init_elem on packed (i8, i16), number and reference elements; an array of
;; arrays (a matrix); arrays in a global and a table (allocated by constant
;; expressions); casts to array types.
;;   0: array.get past the end traps "out of bounds array access"
;;   1: array.len of a null reference traps "null array reference"
;;   2: array.fill past the end traps "out of bounds array access"
;;   3: array.copy of a null source traps "null array reference"
;;   4: array.new_data past the segment traps "out of bounds memory access"
;;  99: everything that does not trap
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 1024) "start\00")
  (data (i32.const 1040) "survived\00")
  (data $bytes "\01\02\03\04\05\06\07\08\ff\80")

  (type $bytes (array (mut i8)))
  (type $shorts (array (mut i16)))
  (type $longs (array (mut i64)))
  (type $row (array (mut f64)))
  (type $matrix (array (mut (ref null $row))))
  (type $anys (array (mut eqref)))
  (type $pt (struct (field i32)))

  (global $g (ref $shorts) (array.new_fixed $shorts 3 (i32.const 10) (i32.const 20) (i32.const -1)))
  (table $tab 1 (ref null $longs))
  (elem (table $tab) (i32.const 0) (ref null $longs) (array.new $longs (i64.const 5) (i32.const 4)))
  (elem $items (ref null $pt) (struct.new $pt (i32.const 11)) (ref.null $pt) (struct.new $pt (i32.const 33)))

  ;; Bytes of a $bytes array, unsigned, separated by spaces.
  (func $print_bytes (param $a (ref $bytes))
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (array.len (local.get $a))))
        (if (local.get $i) (then (call $space)))
        (call $print_i32 (array.get_u $bytes (local.get $a) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $nl))

  ;; An n x n matrix with m[i][j] = i * 10 + j, and its trace.
  (func $matrix (param $n i32) (result (ref $matrix))
    (local $m (ref $matrix))
    (local $i i32) (local $j i32) (local $r (ref $row))
    (local.set $m (array.new_default $matrix (local.get $n)))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $r (array.new $row (f64.const 0) (local.get $n)))
        (local.set $j (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $j) (local.get $n)))
            (array.set $row (local.get $r) (local.get $j)
              (f64.convert_i32_u (i32.add (i32.mul (local.get $i) (i32.const 10)) (local.get $j))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $cols)))
        (array.set $matrix (local.get $m) (local.get $i) (local.get $r))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (local.get $m))
  (func $trace (param $m (ref $matrix)) (result f64)
    (local $i i32) (local $s f64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (array.len (local.get $m))))
        (local.set $s (f64.add (local.get $s)
          (array.get $row (array.get $matrix (local.get $m) (local.get $i)) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $s))

  (func $run
    (local $b (ref $bytes))
    (local $s (ref $shorts))
    (local $any (ref $anys))
    (local.set $b (array.new $bytes (i32.const 0x17f) (i32.const 5)))
    (call $print_bytes (local.get $b))                                  ;; 127 127 127 127 127
    (array.set $bytes (local.get $b) (i32.const 1) (i32.const -3))
    (call $println_i32 (array.get_s $bytes (local.get $b) (i32.const 1)))  ;; -3
    (call $println_i32 (array.get_u $bytes (local.get $b) (i32.const 1)))  ;; 253
    (array.fill $bytes (local.get $b) (i32.const 2) (i32.const 9) (i32.const 3))
    (call $print_bytes (local.get $b))                                  ;; 127 253 9 9 9
    (array.fill $bytes (local.get $b) (i32.const 5) (i32.const 1) (i32.const 0)) ;; empty at the end
    ;; Overlapping copies, forwards and backwards.
    (local.set $b (array.new_data $bytes $bytes (i32.const 0) (i32.const 8)))
    (array.copy $bytes $bytes (local.get $b) (i32.const 2) (local.get $b) (i32.const 0) (i32.const 5))
    (call $print_bytes (local.get $b))                                  ;; 1 2 1 2 3 4 5 8
    (array.copy $bytes $bytes (local.get $b) (i32.const 0) (local.get $b) (i32.const 3) (i32.const 5))
    (call $print_bytes (local.get $b))                                  ;; 2 3 4 5 8 4 5 8
    (array.init_data $bytes $bytes (local.get $b) (i32.const 6) (i32.const 8) (i32.const 2))
    (call $print_bytes (local.get $b))                                  ;; 2 3 4 5 8 4 255 128
    (call $println_i32 (array.len (array.new_default $bytes (i32.const 1000))))  ;; 1000

    (local.set $s (array.new_data $shorts $bytes (i32.const 8) (i32.const 1)))
    (call $println_i32 (array.get_s $shorts (local.get $s) (i32.const 0)))  ;; -32513 (0x80ff)
    (call $println_i32 (array.get_u $shorts (global.get $g) (i32.const 2)))  ;; 65535
    (call $println_i32 (i32.add (array.get_s $shorts (global.get $g) (i32.const 0))
                                (array.get_s $shorts (global.get $g) (i32.const 1))))  ;; 30

    (call $println_i64 (array.get $longs (table.get $tab (i32.const 0)) (i32.const 3)))  ;; 5

    (local.set $any (array.new_elem $anys $items (i32.const 0) (i32.const 3)))
    (call $println_i32 (struct.get $pt 0 (ref.cast (ref $pt)
      (array.get $anys (local.get $any) (i32.const 2)))))               ;; 33
    (call $println_i32 (ref.is_null (array.get $anys (local.get $any) (i32.const 1))))  ;; 1
    (array.init_elem $anys $items (local.get $any) (i32.const 1) (i32.const 0) (i32.const 1))
    (call $println_i32 (ref.eq (array.get $anys (local.get $any) (i32.const 0))
                               (array.get $anys (local.get $any) (i32.const 1))))  ;; 1
    (array.set $anys (local.get $any) (i32.const 1) (ref.i31 (i32.const 77)))
    (call $println_i32 (i31.get_u (ref.cast (ref i31)
      (array.get $anys (local.get $any) (i32.const 1)))))               ;; 77

    (call $println_i32 (i32.trunc_f64_s (call $trace (call $matrix (i32.const 4)))))  ;; 66

    (call $print_i32 (ref.test (ref array) (local.get $s)))
    (call $print_i32 (ref.test (ref struct) (local.get $s)))
    (call $print_i32 (ref.test (ref eq) (local.get $s)))
    (call $print_i32 (ref.test (ref $shorts) (local.get $s)))
    (call $print_i32 (ref.test (ref $bytes) (local.get $s)))
    (call $print_i32 (ref.test (ref $anys) (local.get $any)))
    (call $nl))                                                         ;; 101101

  (func (export "_start")
    (local $case i32)
    (local.set $case (call $arg_i32 (i32.const 1)))
    (call $print_cstr (i32.const 1024)) (call $nl)
    (if (i32.eqz (local.get $case))
      (then (drop (array.get_s $shorts (global.get $g) (i32.const 3)))))
    (if (i32.eq (local.get $case) (i32.const 1))
      (then (drop (array.len (ref.null $bytes)))))
    (if (i32.eq (local.get $case) (i32.const 2))
      (then (array.fill $shorts (global.get $g) (i32.const 2) (i32.const 0) (i32.const 2))))
    (if (i32.eq (local.get $case) (i32.const 3))
      (then (array.copy $shorts $shorts (global.get $g) (i32.const 0) (ref.null $shorts)
                        (i32.const 0) (i32.const 0))))
    (if (i32.eq (local.get $case) (i32.const 4))
      (then (drop (array.new_data $shorts $bytes (i32.const 4) (i32.const 4)))))
    (call $run)
    (call $print_cstr (i32.const 1040)) (call $nl)))
