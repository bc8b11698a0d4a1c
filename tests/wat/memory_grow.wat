;; memory.size / memory.grow up to the declared maximum and past it (-1),
;; new pages are zeroed and usable, huge requests fail cleanly.
(module
  ;;@prelude
  (memory (export "memory") 1 4)

  (func $sum_page (param $page i32) (result i32)
    (local $p i32) (local $end i32) (local $s i32)
    (local.set $p (i32.mul (local.get $page) (i32.const 65536)))
    (local.set $end (i32.add (local.get $p) (i32.const 65536)))
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $p) (local.get $end))))
    (local.get $s))

  (func (export "_start")
    (call $println_i32 (memory.size))
    (call $println_i32 (memory.grow (i32.const 0)))
    (call $println_i32 (memory.grow (i32.const 1)))
    (call $println_i32 (memory.size))
    (call $println_i32 (call $sum_page (i32.const 1)))
    (i32.store (i32.const 131068) (i32.const 0x01020304))
    (call $println_hex32 (i32.load (i32.const 131068)))
    (call $println_i32 (memory.grow (i32.const 2)))
    (call $println_i32 (memory.size))
    (call $println_i32 (memory.grow (i32.const 1)))
    (call $println_i32 (memory.grow (i32.const 65536)))
    (call $println_i32 (memory.grow (i32.const -1)))
    (call $println_i32 (memory.grow (i32.const 0)))
    (call $println_i32 (memory.size))
    (call $println_i32 (call $sum_page (i32.const 3)))
    (i64.store (i32.const 262136) (i64.const -2))
    (call $println_i64 (i64.load (i32.const 262136)))
    ;; the old contents survived the growth
    (call $println_hex32 (i32.load (i32.const 131068)))))
