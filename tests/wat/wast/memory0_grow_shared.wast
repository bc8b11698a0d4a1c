;; Memory 0 imported by other instances while they grow it: every instance
;; must see the current length right after another one's memory.grow (the
;; explicit bounds check), through one shared memory record. Generated code
;; keeps a copy of memory 0's base in each vmctx (memory0_base): valid only
;; because the base never moves; a copy of the length would go stale here.
;; Run in both bounds modes, with an unshared and a shared memory.
;; --- memory 0 defined by $A, imported by $B and $C ---
(module $A
  (memory (export "mem") 1 200)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))
(register "A" $A)

;; Grows the memory it imports by one page and marks the new page's last
;; word with the new size in pages; returns the old size.
(module $B
  (import "A" "mem" (memory 1 200))
  (func (export "grow_and_mark") (result i32) (local $new i32)
    (local.set $new (i32.add (memory.grow (i32.const 1)) (i32.const 1)))
    (i32.store (i32.sub (i32.shl (local.get $new) (i32.const 16)) (i32.const 4))
               (local.get $new))
    (i32.sub (local.get $new) (i32.const 1)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))
(register "B" $B)

;; n rounds; even rounds the exporter grows (C marks the page itself), odd
;; rounds B grows and marks. After every grow C reads the new page's last
;; word: explicit mode checks it against the length, which changed under C
;; (other instances grew it). Returns the sum of the marks, or -round at
;; the first wrong mark.
(module $C
  (import "A" "mem" (memory 1 200))
  (import "A" "grow" (func $agrow (param i32) (result i32)))
  (import "B" "grow_and_mark" (func $bgrow (result i32)))
  (func (export "walk") (param $n i32) (result i32)
    (local $i i32) (local $pages i32) (local $sum i32) (local $addr i32)
    (loop $l
      (if (i32.and (local.get $i) (i32.const 1))
        (then (drop (call $bgrow)))
        (else
          (drop (call $agrow (i32.const 1)))
          (local.set $pages (memory.size))
          (i32.store (i32.sub (i32.shl (local.get $pages) (i32.const 16)) (i32.const 4))
                     (local.get $pages))))
      (local.set $pages (memory.size))
      (local.set $addr (i32.sub (i32.shl (local.get $pages) (i32.const 16)) (i32.const 4)))
      (if (i32.ne (i32.load (local.get $addr)) (local.get $pages))
        (then (return (i32.sub (i32.const 0) (local.get $i)))))
      (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $addr))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $sum))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))

;; Before any grow the second page is out of bounds for everyone.
(assert_trap (invoke $C "load" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke $C "walk" (i32.const 50)) (i32.const 1325))
(assert_return (invoke $A "size") (i32.const 51))
;; 51 pages: the last word is at 51 * 65536 - 4 = 3342332.
(assert_return (invoke $A "load" (i32.const 3342332)) (i32.const 51))
(assert_return (invoke $B "load" (i32.const 3342332)) (i32.const 51))
(assert_return (invoke $C "load" (i32.const 3342332)) (i32.const 51))
(assert_return (invoke $C "load" (i32.const 131068)) (i32.const 2))
(assert_trap (invoke $A "load" (i32.const 3342333)) "out of bounds memory access")
(assert_trap (invoke $B "load" (i32.const 3342336)) "out of bounds memory access")
(assert_trap (invoke $C "load" (i32.const 3342333)) "out of bounds memory access")

;; --- memory 0 defined by $A2 (shared), imported by $B2 and $C2 ---
(module $A2
  (memory (export "mem") 1 200 shared)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))
(register "A2" $A2)

;; Grows the memory it imports by one page and marks the new page's last
;; word with the new size in pages; returns the old size.
(module $B2
  (import "A2" "mem" (memory 1 200 shared))
  (func (export "grow_and_mark") (result i32) (local $new i32)
    (local.set $new (i32.add (memory.grow (i32.const 1)) (i32.const 1)))
    (i32.store (i32.sub (i32.shl (local.get $new) (i32.const 16)) (i32.const 4))
               (local.get $new))
    (i32.sub (local.get $new) (i32.const 1)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))
(register "B2" $B2)

;; n rounds; even rounds the exporter grows (C marks the page itself), odd
;; rounds B grows and marks. After every grow C reads the new page's last
;; word: explicit mode checks it against the length, which changed under C
;; (other instances grew it). Returns the sum of the marks, or -round at
;; the first wrong mark.
(module $C2
  (import "A2" "mem" (memory 1 200 shared))
  (import "A2" "grow" (func $agrow (param i32) (result i32)))
  (import "B2" "grow_and_mark" (func $bgrow (result i32)))
  (func (export "walk") (param $n i32) (result i32)
    (local $i i32) (local $pages i32) (local $sum i32) (local $addr i32)
    (loop $l
      (if (i32.and (local.get $i) (i32.const 1))
        (then (drop (call $bgrow)))
        (else
          (drop (call $agrow (i32.const 1)))
          (local.set $pages (memory.size))
          (i32.store (i32.sub (i32.shl (local.get $pages) (i32.const 16)) (i32.const 4))
                     (local.get $pages))))
      (local.set $pages (memory.size))
      (local.set $addr (i32.sub (i32.shl (local.get $pages) (i32.const 16)) (i32.const 4)))
      (if (i32.ne (i32.load (local.get $addr)) (local.get $pages))
        (then (return (i32.sub (i32.const 0) (local.get $i)))))
      (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $addr))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $sum))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))

;; Before any grow the second page is out of bounds for everyone.
(assert_trap (invoke $C2 "load" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke $C2 "walk" (i32.const 50)) (i32.const 1325))
(assert_return (invoke $A2 "size") (i32.const 51))
;; 51 pages: the last word is at 51 * 65536 - 4 = 3342332.
(assert_return (invoke $A2 "load" (i32.const 3342332)) (i32.const 51))
(assert_return (invoke $B2 "load" (i32.const 3342332)) (i32.const 51))
(assert_return (invoke $C2 "load" (i32.const 3342332)) (i32.const 51))
(assert_return (invoke $C2 "load" (i32.const 131068)) (i32.const 2))
(assert_trap (invoke $A2 "load" (i32.const 3342333)) "out of bounds memory access")
(assert_trap (invoke $B2 "load" (i32.const 3342336)) "out of bounds memory access")
(assert_trap (invoke $C2 "load" (i32.const 3342333)) "out of bounds memory access")
