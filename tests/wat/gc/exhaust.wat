;; GC heap exhaustion is a clean trap, never a crash.
;; argv[1] = 0: keep every node of a growing linked list reachable (from a
;; global) until the heap is full; 1: one array larger than the whole heap;
;; 99: a little allocation that fits (prints "fits"). Each exhausting case
;; prints "start" first; the trap must be "GC heap exhausted".
(module
  ;;@prelude
  (memory (export "memory") 1)
  (type $node (struct (field $v i64) (field $next (ref null $node))))
  (type $big (array (mut i8)))
  (global $head (mut (ref null $node)) (ref.null $node))

  (func $main (export "_start")
    (local $case i32) (local $i i64)
    (local.set $case (call $arg_i32 (i32.const 1)))
    (if (i32.eq (local.get $case) (i32.const 99))
      (then
        (drop (array.new $big (i32.const 0) (i32.const 1000)))
        (call $write (i32.const 2048) (i32.const 5))
        (return)))
    (call $write (i32.const 2053) (i32.const 6))
    (if (i32.eqz (local.get $case))
      (then
        (loop $l
          (global.set $head (struct.new $node (local.get $i) (global.get $head)))
          (local.set $i (i64.add (local.get $i) (i64.const 1)))
          (br $l))))
    (drop (array.new $big (i32.const 0) (i32.const 0x7ffffff0))))
  (data (i32.const 2048) "fits\nstart\n")
)
