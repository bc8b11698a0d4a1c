;; Multi-value: functions returning several values, blocks/loops/ifs with
;; parameters and multiple results, br/br_if/br_table carrying values,
;; multi-value call_indirect and `return` of several values.
(module
  ;;@prelude
  (memory (export "memory") 1)
  (type $pair (func (param i32 i32) (result i32 i32)))
  (table 1 funcref)
  (elem (i32.const 0) $swap)

  (func $three (param $x i32) (result i32 i64 f64)
    (local.get $x)
    (i64.mul (i64.extend_i32_s (local.get $x)) (i64.const 1000000000000))
    (f64.div (f64.convert_i32_s (local.get $x)) (f64.const 4)))

  (func $swap (type $pair) (local.get 1) (local.get 0))

  (func $divmod (param $a i64) (param $b i64) (result i64 i64)
    (if (i64.eqz (local.get $b))
      (then (return (i64.const -1) (i64.const -1))))
    (i64.div_s (local.get $a) (local.get $b))
    (i64.rem_s (local.get $a) (local.get $b)))

  ;; fib via a loop whose parameters carry (a, b, n)
  (func $fib (param $n i32) (result i64)
    (i64.const 0) (i64.const 1) (local.get $n)
    (loop $l (param i64 i64 i32) (result i64 i64 i32)
      (call $fib_step)
      (br_if $l (i32.gt_s (call $peek_n) (i32.const 0))))
    (drop) (drop))

  (global $n_scratch (mut i32) (i32.const 0))
  (func $fib_step (param $a i64) (param $b i64) (param $n i32) (result i64 i64 i32)
    (global.set $n_scratch (i32.sub (local.get $n) (i32.const 1)))
    (local.get $b)
    (i64.add (local.get $a) (local.get $b))
    (global.get $n_scratch))
  (func $peek_n (result i32) (global.get $n_scratch))

  ;; block with params and two results, exited early with br_if
  (func $clamp_pair (param $x i32) (param $y i32) (result i32 i32)
    (local.get $x) (local.get $y)
    (block $b (param i32 i32) (result i32 i32)
      (br_if $b (i32.lt_s (local.get $x) (i32.const 100)))
      (drop) (drop)
      (i32.const 100) (i32.const -100)))

  ;; if with a parameter and two results
  (func $sign_split (param $x i32) (result i32 i32)
    (local.get $x)
    (if (param i32) (result i32 i32) (i32.lt_s (local.get $x) (i32.const 0))
      (then (i32.const -1) (i32.mul) (i32.const -1))
      (else (i32.const 1))))

  ;; br_table carrying two values to one of three blocks
  (func $route (param $k i32) (result i32 i32)
    (block $c (result i32 i32)
      (block $b (result i32 i32)
        (block $a (result i32 i32)
          (i32.const 10) (i32.const 20)
          (br_table $a $b $c (local.get $k)))
        (return (i32.add) (i32.const 1)))
      (return (i32.mul) (i32.const 2)))
    (i32.sub) (i32.const 3))

  (func (export "_start")
    (local $i i32) (local $j i64) (local $f f64)
    (call $three (i32.const 7))
    (local.set $f) (local.set $j) (local.set $i)
    (call $println_i32 (local.get $i))
    (call $println_i64 (local.get $j))
    (call $println_i64 (i64.trunc_f64_s (f64.mul (local.get $f) (f64.const 100))))
    ;; results of one call feed the next call directly
    (call $swap (call $swap (i32.const 1) (i32.const 2)))
    (call $print_i32) (call $space) (call $println_i32)
    (call_indirect (type $pair) (i32.const 3) (i32.const 4) (i32.const 0))
    (call $print_i32) (call $space) (call $println_i32)
    (call $divmod (i64.const -47) (i64.const 5))
    (call $print_i64) (call $space) (call $println_i64)
    (call $divmod (i64.const 47) (i64.const 0))
    (call $print_i64) (call $space) (call $println_i64)
    (call $println_i64 (call $fib (i32.const 90)))
    (call $clamp_pair (i32.const 5) (i32.const 6))
    (call $print_i32) (call $space) (call $println_i32)
    (call $clamp_pair (i32.const 500) (i32.const 6))
    (call $print_i32) (call $space) (call $println_i32)
    (call $sign_split (i32.const -9))
    (call $print_i32) (call $space) (call $println_i32)
    (call $sign_split (i32.const 9))
    (call $print_i32) (call $space) (call $println_i32)
    (call $route (i32.const 0)) (call $print_i32) (call $space) (call $println_i32)
    (call $route (i32.const 1)) (call $print_i32) (call $space) (call $println_i32)
    (call $route (i32.const 2)) (call $print_i32) (call $space) (call $println_i32)
    (call $route (i32.const 99)) (call $print_i32) (call $space) (call $println_i32)))
