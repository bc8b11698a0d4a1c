;; variants/gc.wat: GC references in frames across collections, in code whose
;; layout differs between CPU variants (cpu_variants.rs): before each
;; allocation the function runs bit counts and float rounding, which the
;; x86-64 baseline lowers to long sequences or libm calls and x86-64-v3 to
;; single instructions (popcnt, tzcnt, lzcnt, roundsd), so the safepoints
;; of the two variants sit at different offsets and a variant running with
;; the other's stack maps loses its roots.
;; Arguments: depth, repetitions. Prints the sum and the repetitions.
(module
  ;;@prelude
  (memory (export "memory") 1)
  (type $box (struct (field $v i64) (field $pad (ref null $box))))
  (type $arr (array (mut i64)))

  ;; Bit and rounding work on n: a value both variants compute alike.
  (func $mix (param $n i32) (result i64)
    (i64.add
      (i64.extend_i32_u
        (i32.add (i32.popcnt (i32.mul (local.get $n) (i32.const 2654435761)))
          (i32.add (i32.ctz (i32.or (local.get $n) (i32.const 0x10000)))
                   (i32.clz (i32.add (local.get $n) (i32.const 1))))))
      (i64.trunc_f64_s
        (f64.floor (f64.div (f64.convert_i32_u (local.get $n)) (f64.const 3.5))))))

  (func $down (param $n i32) (result i64)
    (local $mine (ref null $box)) (local $junk (ref null $arr)) (local $r i64) (local $m i64)
    (if (i32.eqz (local.get $n)) (then (return (i64.const 0))))
    (local.set $m (call $mix (local.get $n)))
    (local.set $mine (struct.new $box (i64.add (local.get $m) (i64.extend_i32_u (local.get $n))) (ref.null $box)))
    (local.set $m (i64.add (local.get $m) (i64.extend_i32_u (i32.popcnt (local.get $n)))))
    (local.set $junk (array.new $arr (local.get $m) (i32.const 6)))
    (struct.new $box (i64.const 1) (local.get $mine))
    (local.set $r (call $down (i32.sub (local.get $n) (i32.const 1))))
    (drop (array.new $arr (i64.const 5) (i32.const 30)))
    (local.set $m (i64.add (local.get $m) (i64.trunc_f64_s (f64.ceil (f64.convert_i64_s (local.get $r))))))
    (drop (struct.new $box (i64.const -1000000) (ref.null $box)))
    (local.set $junk (array.new $arr (i64.const 7) (i32.const 6)))
    (struct.get $box $v (ref.as_non_null (struct.get $box $pad)))
    (i64.add (array.get $arr (local.get $junk) (i32.const 5)))
    (i64.add (struct.get $box $v (local.get $mine)))
    (i64.sub (i64.and (local.get $m) (i64.const 0)))
    (i64.add (local.get $r)))

  (func $main (export "_start")
    (local $depth i32) (local $reps i32) (local $i i32) (local $sum i64)
    (local.set $depth (call $arg_i32 (i32.const 1)))
    (local.set $reps (call $arg_i32 (i32.const 2)))
    (loop $l
      (local.set $sum (i64.add (local.get $sum) (call $down (local.get $depth))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $reps))))
    (call $println_i64 (local.get $sum))
    (call $println_i32 (local.get $i)))
)
