;; A memory without a maximum: growing by reasonable amounts works, growing
;; past 65536 pages (4 GiB) in total must return -1 (and change nothing).
(module
  ;;@prelude
  (memory (export "memory") 2)
  (func (export "_start")
    (call $println_i32 (memory.grow (i32.const 65535)))
    (call $println_i32 (memory.grow (i32.const 0x7fffffff)))
    (call $println_i32 (memory.grow (i32.const 0x80000000)))
    (call $println_i32 (memory.size))
    (call $println_i32 (memory.grow (i32.const 30)))
    (call $println_i32 (memory.size))
    (i32.store (i32.const 2097148) (i32.const 123456789))
    (call $println_i32 (i32.load (i32.const 2097148)))
    (call $println_i32 (i32.load (i32.const 2097144)))))
