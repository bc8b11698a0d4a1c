;; GC stress: a constant expression of more than 16 operators allocates
;; while it holds earlier results on its value stack (heap memory in the
;; runtime's evaluator, registered as scratch roots). A global is
;; initialised with an array of 24 cells, each a struct holding an i32 tag and
;; a 30000-byte array filled with the tag: with a 1 MiB heap, collections run
;; in the middle of the evaluation (the test counts them). If an earlier cell
;; were not rooted, its memory would be reused by a later one and the checks
;; below would see another tag. Prints the number of intact cells.
(module
  ;;@prelude
  (memory (export "memory") 1)
  (type $bytes (array (mut i8)))
  (type $cell (struct (field $tag i32) (field $data (ref $bytes))))
  (type $cells (array (ref $cell)))
  (global $g (ref $cells)
    (array.new_fixed $cells 24
      (struct.new $cell (i32.const 0) (array.new $bytes (i32.const 0) (i32.const 30000)))
      (struct.new $cell (i32.const 1) (array.new $bytes (i32.const 1) (i32.const 30000)))
      (struct.new $cell (i32.const 2) (array.new $bytes (i32.const 2) (i32.const 30000)))
      (struct.new $cell (i32.const 3) (array.new $bytes (i32.const 3) (i32.const 30000)))
      (struct.new $cell (i32.const 4) (array.new $bytes (i32.const 4) (i32.const 30000)))
      (struct.new $cell (i32.const 5) (array.new $bytes (i32.const 5) (i32.const 30000)))
      (struct.new $cell (i32.const 6) (array.new $bytes (i32.const 6) (i32.const 30000)))
      (struct.new $cell (i32.const 7) (array.new $bytes (i32.const 7) (i32.const 30000)))
      (struct.new $cell (i32.const 8) (array.new $bytes (i32.const 8) (i32.const 30000)))
      (struct.new $cell (i32.const 9) (array.new $bytes (i32.const 9) (i32.const 30000)))
      (struct.new $cell (i32.const 10) (array.new $bytes (i32.const 10) (i32.const 30000)))
      (struct.new $cell (i32.const 11) (array.new $bytes (i32.const 11) (i32.const 30000)))
      (struct.new $cell (i32.const 12) (array.new $bytes (i32.const 12) (i32.const 30000)))
      (struct.new $cell (i32.const 13) (array.new $bytes (i32.const 13) (i32.const 30000)))
      (struct.new $cell (i32.const 14) (array.new $bytes (i32.const 14) (i32.const 30000)))
      (struct.new $cell (i32.const 15) (array.new $bytes (i32.const 15) (i32.const 30000)))
      (struct.new $cell (i32.const 16) (array.new $bytes (i32.const 16) (i32.const 30000)))
      (struct.new $cell (i32.const 17) (array.new $bytes (i32.const 17) (i32.const 30000)))
      (struct.new $cell (i32.const 18) (array.new $bytes (i32.const 18) (i32.const 30000)))
      (struct.new $cell (i32.const 19) (array.new $bytes (i32.const 19) (i32.const 30000)))
      (struct.new $cell (i32.const 20) (array.new $bytes (i32.const 20) (i32.const 30000)))
      (struct.new $cell (i32.const 21) (array.new $bytes (i32.const 21) (i32.const 30000)))
      (struct.new $cell (i32.const 22) (array.new $bytes (i32.const 22) (i32.const 30000)))
      (struct.new $cell (i32.const 23) (array.new $bytes (i32.const 23) (i32.const 30000)))))

  (func $intact (param $k i32) (result i32)
    (local $c (ref $cell)) (local $d (ref $bytes))
    (local.set $c (array.get $cells (global.get $g) (local.get $k)))
    (local.set $d (struct.get $cell $data (local.get $c)))
    (i32.and
      (i32.and (i32.eq (struct.get $cell $tag (local.get $c)) (local.get $k))
               (i32.eq (array.len (local.get $d)) (i32.const 30000)))
      (i32.and (i32.eq (array.get_u $bytes (local.get $d) (i32.const 0)) (local.get $k))
               (i32.eq (array.get_u $bytes (local.get $d) (i32.const 29999)) (local.get $k)))))

  (func $main (export "_start")
    (local $k i32) (local $good i32)
    (loop $l
      (local.set $good (i32.add (local.get $good) (call $intact (local.get $k))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $k) (array.len (global.get $g)))))
    (call $println_i32 (local.get $good)))
)
