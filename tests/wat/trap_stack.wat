;; Call stack exhaustion must be a trap ("call stack exhausted", status 134),
;; never a SIGSEGV.
;;   0: unbounded non-tail self recursion
;;   1: unbounded recursion with a big frame (many live locals, many params)
;;   2: unbounded mutual recursion through call_indirect
;;  99: bounded recursion 10000 deep must work
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 1024) "start\00")
  (data (i32.const 1040) "survived\00")
  (type $rec (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $ping $pong)
  (global $limit (mut i32) (i32.const -1))

  ;; depth-limited when $limit >= 0, unbounded otherwise
  (func $down (param $n i32) (result i32)
    (if (i32.eq (local.get $n) (global.get $limit)) (then (return (i32.const 0))))
    (i32.add (call $down (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))

  (func $fat (param $n i32) (param $a i64) (param $b i64) (param $c f64) (param $d f64) (result i64)
    (local $x0 i64) (local $x1 i64) (local $x2 i64) (local $x3 i64) (local $x4 i64)
    (local $x5 i64) (local $x6 i64) (local $x7 i64) (local $y0 f64) (local $y1 f64)
    (local.set $x0 (i64.add (local.get $a) (i64.const 1)))
    (local.set $x1 (i64.mul (local.get $b) (local.get $x0)))
    (local.set $x2 (i64.xor (local.get $x1) (local.get $a)))
    (local.set $x3 (i64.rotl (local.get $x2) (i64.const 7)))
    (local.set $x4 (i64.add (local.get $x3) (local.get $x1)))
    (local.set $x5 (i64.sub (local.get $x4) (local.get $x0)))
    (local.set $x6 (i64.or (local.get $x5) (local.get $x2)))
    (local.set $x7 (i64.and (local.get $x6) (local.get $x3)))
    (local.set $y0 (f64.add (local.get $c) (local.get $d)))
    (local.set $y1 (f64.mul (local.get $y0) (local.get $c)))
    (i64.add
      (call $fat (i32.add (local.get $n) (i32.const 1)) (local.get $x4) (local.get $x5) (local.get $y1) (local.get $y0))
      (i64.add (i64.add (i64.add (local.get $x0) (local.get $x1)) (i64.add (local.get $x2) (local.get $x3)))
               (i64.add (i64.add (local.get $x4) (local.get $x5)) (i64.add (local.get $x6) (local.get $x7))))))

  (func $ping (type $rec)
    (i32.add (call_indirect (type $rec) (i32.add (local.get 0) (i32.const 1)) (i32.const 1)) (i32.const 1)))
  (func $pong (type $rec)
    (i32.add (call_indirect (type $rec) (i32.add (local.get 0) (i32.const 1)) (i32.const 0)) (i32.const 2)))

  (func (export "_start")
    (local $case i32)
    (local.set $case (call $arg_i32 (i32.const 1)))
    (call $print_cstr (i32.const 1024)) (call $nl)
    (block $cases
      (if (i32.eq (local.get $case) (i32.const 0))
        (then (call $println_i32 (call $down (i32.const 0))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 1))
        (then (call $println_i64 (call $fat (i32.const 0) (i64.const 1) (i64.const 2) (f64.const 0.5) (f64.const 1.5))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 2))
        (then (call $println_i32 (call $ping (i32.const 0))) (br $cases)))
      (if (i32.eq (local.get $case) (i32.const 99))
        (then
          (global.set $limit (i32.const 10000))
          (call $println_i32 (call $down (i32.const 0)))
          (global.set $limit (i32.const 1))
          (call $println_i32 (call $down (i32.const 0)))
          (br $cases)))
      (unreachable))
    (call $print_cstr (i32.const 1040)) (call $nl)))
