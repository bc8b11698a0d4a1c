;; GC stress: collections around exceptions carrying references.
;; $throw_at(d) recurses d frames, allocating garbage in each, and throws a
;; new struct at the bottom; $catcher catches it several frames up with
;; `catch` (the payload arrives on the operand stack) and with `catch_ref`
;; (the payload stays in the exnref, rethrown after more allocation and
;; caught again), allocates garbage while holding it, then reads it back.
;; argv[1] = rounds. Prints the sum of payload checks and the rounds.
(module
  ;;@prelude
  (memory (export "memory") 1)
  (type $msg (struct (field $v i64) (field $next (ref null $msg))))
  (type $junk (array (mut i64)))
  (tag $e (param (ref $msg)))

  (func $garbage (param $n i32)
    (loop $l
      (drop (array.new $junk (i64.const 1) (i32.const 20)))
      ;; same size class as the payloads: a freed payload would be reused
      (drop (struct.new $msg (i64.const -1000000) (ref.null $msg)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get $n) (i32.const 0)))))

  (func $throw_at (param $d i32) (param $v i64)
    (local $keep (ref null $msg))
    (local.set $keep (struct.new $msg (local.get $v) (ref.null $msg)))
    (call $garbage (i32.const 50))
    (if (i32.eqz (local.get $d))
      (then (throw $e (struct.new $msg (i64.const 1) (local.get $keep)))))
    (call $throw_at (i32.sub (local.get $d) (i32.const 1)) (local.get $v)))

  ;; caught with `catch`: the payload is on the operand stack
  (func $catch_plain (param $v i64) (result i64)
    (local $m (ref null $msg))
    (local.set $m
      (block $h (result (ref $msg))
        (try_table (catch $e $h)
          (call $throw_at (i32.const 8) (local.get $v)))
        (unreachable)))
    (call $garbage (i32.const 400))
    (i64.add (struct.get $msg $v (local.get $m))
      (struct.get $msg $v (ref.as_non_null (struct.get $msg $next (local.get $m))))))

  ;; caught with `catch_ref`, rethrown after allocating, caught again
  (func $catch_ref (param $v i64) (result i64)
    (local $x exnref)
    (local.set $x
      (block $h (result exnref)
        (try_table (catch_all_ref $h)
          (call $throw_at (i32.const 5) (local.get $v)))
        (unreachable)))
    (call $garbage (i32.const 400))
    (block $h2 (result (ref $msg))
      (try_table (catch $e $h2)
        (throw_ref (local.get $x)))
      (unreachable))
    (call $garbage (i32.const 100))
    (struct.get $msg $next)
    (struct.get $msg $v (ref.as_non_null)))

  (func $main (export "_start")
    (local $rounds i32) (local $i i32) (local $sum i64)
    (local.set $rounds (call $arg_i32 (i32.const 1)))
    (loop $l
      ;; each check is 1 + v, then v
      (local.set $sum (i64.add (local.get $sum)
        (i64.sub (call $catch_plain (i64.extend_i32_u (local.get $i))) (i64.const 1))))
      (local.set $sum (i64.add (local.get $sum)
        (call $catch_ref (i64.extend_i32_u (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $rounds))))
    (call $println_i64 (local.get $sum))
    (call $println_i32 (local.get $i)))
)
