;; Reference types: funcref and externref tables, table.get/set/size/grow/
;; fill/copy/init, elem.drop, ref.func, ref.null, ref.is_null, typed select,
;; multiple tables and call_indirect through table 1.
(module
  ;;@prelude
  (memory (export "memory") 1)
  (type $i2i (func (param i32) (result i32)))
  (table $t0 2 funcref)
  (table $t1 5 10 funcref)
  (table $ext 3 externref)
  (elem (table $t0) (i32.const 0) func $add1 $add2)
  (elem (table $t1) (i32.const 1) func $mul10 $neg)
  (elem $seg funcref (ref.func $add1) (ref.null func) (ref.func $mul10) (ref.func $neg))
  (elem declare func $add2)

  (func $add1 (type $i2i) (i32.add (local.get 0) (i32.const 1)))
  (func $add2 (type $i2i) (i32.add (local.get 0) (i32.const 2)))
  (func $mul10 (type $i2i) (i32.mul (local.get 0) (i32.const 10)))
  (func $neg (type $i2i) (i32.sub (i32.const 0) (local.get 0)))

  ;; prints 1 for a null slot, otherwise the result of calling it with 5
  (func $show1 (param $i i32)
    (if (ref.is_null (table.get $t1 (local.get $i)))
      (then (call $print_cstr (i32.const 1024)))
      (else (call $print_i32 (call_indirect $t1 (type $i2i) (i32.const 5) (local.get $i)))))
    (call $space))
  (func $dump1
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (table.size $t1)))
        (call $show1 (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $nl))

  (data (i32.const 1024) "null\00")

  (func (export "_start")
    (local $f funcref) (local $e externref)
    (call $println_i32 (table.size $t0))
    (call $println_i32 (table.size $t1))
    (call $println_i32 (table.size $ext))
    (call $println_i32 (call_indirect $t0 (type $i2i) (i32.const 40) (i32.const 1)))
    (call $dump1)
    ;; ref.func / table.set / table.get across tables
    (table.set $t1 (i32.const 0) (ref.func $add2))
    (table.set $t1 (i32.const 4) (table.get $t0 (i32.const 0)))
    (call $dump1)
    ;; typed select between two funcrefs
    (local.set $f (select (result funcref) (ref.func $neg) (ref.func $mul10) (i32.const 0)))
    (table.set $t1 (i32.const 3) (local.get $f))
    (call $dump1)
    ;; grow with an initial value; growing past the maximum fails with -1
    (call $println_i32 (table.grow $t1 (ref.func $add1) (i32.const 2)))
    (call $println_i32 (table.grow $t1 (ref.null func) (i32.const 4)))
    (call $println_i32 (table.grow $t1 (ref.null func) (i32.const 3)))
    (call $println_i32 (table.grow $t1 (ref.null func) (i32.const 0)))
    (call $dump1)
    ;; fill, copy (overlapping both ways), init, elem.drop
    (table.fill $t1 (i32.const 1) (ref.null func) (i32.const 2))
    (call $dump1)
    (table.copy $t1 $t1 (i32.const 1) (i32.const 3) (i32.const 4))
    (call $dump1)
    (table.copy $t1 $t1 (i32.const 4) (i32.const 2) (i32.const 5))
    (call $dump1)
    (table.copy $t1 $t0 (i32.const 0) (i32.const 0) (i32.const 2))
    (call $dump1)
    (table.init $t1 $seg (i32.const 5) (i32.const 0) (i32.const 4))
    (call $dump1)
    (elem.drop $seg)
    ;; a zero-length init from a dropped segment is fine
    (table.init $t1 $seg (i32.const 0) (i32.const 0) (i32.const 0))
    (call $dump1)
    ;; externref table: only null references exist without a host
    (call $println_i32 (ref.is_null (table.get $ext (i32.const 2))))
    (local.set $e (table.get $ext (i32.const 0)))
    (call $println_i32 (ref.is_null (local.get $e)))
    (call $println_i32 (table.grow $ext (local.get $e) (i32.const 7)))
    (table.fill $ext (i32.const 0) (ref.null extern) (i32.const 10))
    (call $println_i32 (table.size $ext))
    (call $println_i32 (ref.is_null (select (result externref) (ref.null extern) (local.get $e) (i32.const 1))))
    (call $println_i32 (ref.is_null (ref.func $add2)))
    (call $println_i32 (ref.is_null (ref.null func)))))
