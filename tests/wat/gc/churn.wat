;; GC stress: short-lived garbage, far more of it than the heap holds.
;; argv[1] = megabytes to allocate in total (run with a small --max-gc-heap).
;; Each round allocates a small struct, a small array of references and,
;; every 64th round, a large array (over the large-object threshold): all of
;; it dies at once. A checksum over what was read back proves the objects
;; were initialised and intact while alive. Prints the checksum and "ok".
(module
  ;;@prelude
  (memory (export "memory") 1)
  (type $pair (struct (field $a i64) (field $b (mut (ref null $pair)))))
  (type $bytes (array (mut i8)))
  (type $refs (array (mut (ref null $pair))))

  (func $main (export "_start")
    (local $total i64) (local $done i64) (local $sum i64) (local $round i64)
    (local $p (ref null $pair)) (local $q (ref null $pair))
    (local $big (ref null $bytes)) (local $r (ref null $refs))
    (local.set $total (i64.mul (i64.extend_i32_u (call $arg_i32 (i32.const 1))) (i64.const 1048576)))
    (loop $again
      (local.set $p (struct.new $pair (local.get $round) (ref.null $pair)))
      (local.set $q (struct.new $pair (i64.const 1) (local.get $p)))
      (local.set $r (array.new $refs (local.get $q) (i32.const 8)))
      ;; 32 + 32 + 16 + 64 bytes
      (local.set $done (i64.add (local.get $done) (i64.const 144)))
      (if (i64.eqz (i64.and (local.get $round) (i64.const 63)))
        (then
          (local.set $big (array.new $bytes (i32.wrap_i64 (local.get $round)) (i32.const 100000)))
          (local.set $done (i64.add (local.get $done) (i64.const 100016)))
          (local.set $sum (i64.add (local.get $sum)
            (i64.extend_i32_u (array.get_u $bytes (local.get $big) (i32.const 99999)))))))
      (local.set $sum (i64.add (local.get $sum)
        (struct.get $pair $a (ref.as_non_null (struct.get $pair $b
          (ref.as_non_null (array.get $refs (local.get $r) (i32.const 7))))))))
      (local.set $round (i64.add (local.get $round) (i64.const 1)))
      (br_if $again (i64.lt_u (local.get $done) (local.get $total))))
    (call $println_i64 (local.get $sum))
    (call $println_i64 (local.get $round)))
)
