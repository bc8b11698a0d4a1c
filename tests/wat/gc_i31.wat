;; i31 references (GC, no heap objects): ref.i31 wraps to 31 bits,
;; i31.get_s sign-extends and i31.get_u zero-extends them; ref.eq compares
;; i31s by value; i31refs in globals (constant ref.i31 initialisers), tables
;; (table.grow/fill/init with i31 items), locals, params and results; an
;; i31 through anyref and eqref and back (ref.cast), and through externref
;; (extern.convert_any / any.convert_extern) unchanged.
;;   0: i31.get_u of null traps "null i31 reference"
;;   1: ref.cast (ref i31) of a null anyref traps "cast failure"
;;  99: everything that does not trap
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 1024) "start\00")
  (data (i32.const 1040) "survived\00")

  (global $g (ref i31) (ref.i31 (i32.const -5)))
  (global $m (mut i31ref) (ref.null i31))
  (global $any anyref (ref.i31 (i32.const 0x7fffffff)))
  (table $t 2 10 i31ref)
  (elem (table $t) (i32.const 0) i31ref (item (ref.i31 (i32.const 100))) (item (ref.i31 (i32.const 200))))
  (elem $passive i31ref (item (ref.i31 (i32.const 7))) (item (ref.i31 (i32.const 8))))

  (func $wrap (param i32) (result (ref i31)) (ref.i31 (local.get 0)))
  (func $s (param i32) (result i32) (i31.get_s (call $wrap (local.get 0))))
  (func $u (param i32) (result i32) (i31.get_u (call $wrap (local.get 0))))
  (func $eq (param i32 i32) (result i32)
    (ref.eq (ref.i31 (local.get 0)) (ref.i31 (local.get 1))))
  (func $sum_table (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (table.size $t)))
        (local.set $acc (i32.add (local.get $acc)
          (i31.get_s (ref.as_non_null (table.get $t (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  (func $run
    (local $e eqref) (local $x externref)
    (call $println_i32 (call $s (i32.const 1)))              ;; 1
    (call $println_i32 (call $s (i32.const -1)))             ;; -1
    (call $println_i32 (call $s (i32.const 0x3fffffff)))     ;; 1073741823
    (call $println_i32 (call $s (i32.const 0x40000000)))     ;; -1073741824
    (call $println_i32 (call $s (i32.const 0x80000001)))     ;; 1 (bit 31 dropped)
    (call $println_i32 (call $u (i32.const -1)))             ;; 2147483647
    (call $println_i32 (call $u (i32.const 0x40000000)))     ;; 1073741824
    (call $println_i32 (call $eq (i32.const 3) (i32.const 3)))           ;; 1
    (call $println_i32 (call $eq (i32.const 3) (i32.const 4)))           ;; 0
    (call $println_i32 (call $eq (i32.const 0x80000000) (i32.const 0)))  ;; 1
    (call $println_i32 (ref.eq (ref.null eq) (ref.null i31)))            ;; 1
    (call $println_i32 (ref.eq (ref.null eq) (ref.i31 (i32.const 0))))   ;; 0
    (call $println_i32 (i31.get_s (global.get $g)))                      ;; -5
    (call $println_i32 (ref.is_null (global.get $m)))                    ;; 1
    (global.set $m (ref.i31 (i32.const 42)))
    (call $println_i32 (i31.get_u (global.get $m)))                      ;; 42
    (call $println_i32 (i31.get_s (ref.cast i31ref (global.get $any))))  ;; -1
    (call $println_i32 (call $sum_table))                                ;; 300
    (call $println_i32 (table.grow $t (ref.i31 (i32.const 5)) (i32.const 3)))  ;; 2
    (table.fill $t (i32.const 3) (ref.i31 (i32.const -10)) (i32.const 2))
    (table.init $t $passive (i32.const 0) (i32.const 0) (i32.const 2))
    (call $println_i32 (call $sum_table))                                ;; 7+8+5-10-10 = 0
    (local.set $e (ref.i31 (i32.const 9)))
    (call $println_i32 (ref.eq (local.get $e) (ref.i31 (i32.const 9))))  ;; 1
    (local.set $x (extern.convert_any (local.get $e)))
    (call $println_i32 (i31.get_u (ref.cast i31ref (any.convert_extern (local.get $x))))))  ;; 9

  (func (export "_start")
    (local $case i32)
    (local.set $case (call $arg_i32 (i32.const 1)))
    (call $print_cstr (i32.const 1024)) (call $nl)
    (if (i32.eqz (local.get $case))
      (then (drop (i31.get_u (global.get $m)))))
    (if (i32.eq (local.get $case) (i32.const 1))
      (then (drop (ref.cast (ref i31) (any.convert_extern (ref.null noextern))))))
    (call $run)
    (call $print_cstr (i32.const 1040)) (call $nl)))
