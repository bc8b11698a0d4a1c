;; Table traps. Table $t has 4 slots (max 8): [$f0, $f1, null, $g_f64].
;;   0: call_indirect of a null slot           -> uninitialized element
;;   1: call_indirect with the wrong signature -> indirect call type mismatch
;;   2: call_indirect index == table size      -> undefined element
;;   3: call_indirect index 0xFFFFFFFF         -> undefined element
;;   4: table.get past the end                 -> out of bounds table access
;;   5: table.set past the end                 -> out of bounds table access
;;   6: table.fill running past the end        -> out of bounds table access
;;   7: table.copy source range past the end   -> out of bounds table access
;;   8: table.init with a range past the segment -> out of bounds table access
;;   9: after table.grow 1 the new (null) slot traps as uninitialized element
;;  99: valid calls, including a slot filled at run time; must not trap
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 1024) "start\00")
  (data (i32.const 1040) "survived\00")
  (type $i2i (func (param i32) (result i32)))
  (type $d2d (func (param f64) (result f64)))
  (table $t 4 8 funcref)
  (elem (table $t) (i32.const 0) func $f0 $f1)
  (elem (table $t) (i32.const 3) func $g_f64)
  (elem $passive func $f1 $f0)
  (global $n (mut i32) (i32.const 0))

  (func $f0 (type $i2i) (i32.add (local.get 0) (i32.const 1000)))
  (func $f1 (type $i2i) (i32.mul (local.get 0) (i32.const 3)))
  (func $g_f64 (type $d2d) (f64.mul (local.get 0) (f64.const 0.5)))

  ;; run-time index
  (func $i (param i32) (result i32) (i32.add (global.get $n) (local.get 0)))

  (func (export "_start")
    (local $case i32)
    (local.set $case (call $arg_i32 (i32.const 1)))
    (call $print_cstr (i32.const 1024)) (call $nl)
    (block $cases
      (if (i32.eq (local.get $case) (i32.const 0))
        (then (call $println_i32 (call_indirect $t (type $i2i) (i32.const 5) (call $i (i32.const 2)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 1))
        (then (call $println_i32 (call_indirect $t (type $i2i) (i32.const 5) (call $i (i32.const 3)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 2))
        (then (call $println_i32 (call_indirect $t (type $i2i) (i32.const 5) (call $i (i32.const 4)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 3))
        (then (call $println_i32 (call_indirect $t (type $i2i) (i32.const 5) (call $i (i32.const -1)))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 4))
        (then (call $println_i32 (ref.is_null (table.get $t (call $i (i32.const 4))))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 5))
        (then (table.set $t (call $i (i32.const 4)) (ref.func $f0)) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 6))
        (then (table.fill $t (call $i (i32.const 2)) (ref.func $f1) (i32.const 3)) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 7))
        (then (table.copy $t $t (i32.const 0) (call $i (i32.const 3)) (i32.const 2)) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 8))
        (then (table.init $t $passive (i32.const 0) (call $i (i32.const 1)) (i32.const 2)) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 9))
        (then
          (call $println_i32 (table.grow $t (ref.null func) (i32.const 1)))
          (call $println_i32 (call_indirect $t (type $i2i) (i32.const 5) (call $i (i32.const 4))))
          (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 99))
        (then
          (call $println_i32 (call_indirect $t (type $i2i) (i32.const 5) (call $i (i32.const 0))))
          (call $println_i32 (call_indirect $t (type $i2i) (i32.const 5) (call $i (i32.const 1))))
          (call $println_i64 (i64.trunc_f64_s
            (call_indirect $t (type $d2d) (f64.const 84) (call $i (i32.const 3)))))
          (table.set $t (call $i (i32.const 2)) (ref.func $f1))
          (call $println_i32 (call_indirect $t (type $i2i) (i32.const 7) (call $i (i32.const 2))))
          ;; zero-length operations exactly at the end are in bounds
          (table.fill $t (call $i (i32.const 4)) (ref.null func) (i32.const 0))
          (table.copy $t $t (i32.const 4) (call $i (i32.const 4)) (i32.const 0))
          (table.init $t $passive (i32.const 4) (call $i (i32.const 2)) (i32.const 0))
          (table.init $t $passive (i32.const 2) (call $i (i32.const 0)) (i32.const 2))
          (call $println_i32 (call_indirect $t (type $i2i) (i32.const 7) (call $i (i32.const 2))))
          (call $println_i32 (call_indirect $t (type $i2i) (i32.const 7) (call $i (i32.const 3))))
          (call $println_i32 (table.size $t))
          (br $cases)))
      (unreachable))
    (call $print_cstr (i32.const 1040)) (call $nl)))
