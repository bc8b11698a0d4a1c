;; Extended constant expressions (i32/i64 add, sub, mul) in global
;; initialisers and data/element segment offsets, with wrap-around, and
;; global.get of earlier defined immutable globals (3.0). In an executable
;; every such expression is over constants (the only imports are WASI
;; functions), so the compiler folds them; tests/wat/wast/extended_const.wast
;; covers the runtime evaluation over imported globals.
(module
  ;;@prelude
  (memory (export "memory") 1)
  (global $base i32 (i32.mul (i32.const 512) (i32.const 4)))                  ;; 2048
  (global $wrap i32 (i32.add (i32.const 0x7fff_ffff) (i32.const 1)))          ;; -2^31
  (global $neg i32 (i32.sub (i32.const 3) (i32.mul (i32.const 5) (i32.const 7)))) ;; -32
  (global $big i64
    (i64.sub (i64.mul (i64.const 0x1_0000_0001) (i64.const 0x1_0000_0001)) (i64.const 1)))
  (global $wrap64 i64 (i64.mul (i64.const 0x4000_0000_0000_0000) (i64.const 4)))  ;; 0
  (global $mut (mut i32) (i32.add (i32.const 40) (i32.const 2)))
  ;; Reading earlier defined globals.
  (global $derived i32 (i32.sub (global.get $base) (global.get $neg)))      ;; 2080
  (global $big1 i64 (i64.add (global.get $big) (i64.const 1)))
  (global $slot i32 (i32.const 2))
  (data (offset (i32.add (global.get $derived) (i32.const 8))) "derived")
  (elem (offset (global.get $slot)) $six)
  ;; Offsets computed from constants; the element offset wraps back into range.
  (data (offset (i32.add (i32.mul (i32.const 1024) (i32.const 2)) (i32.const 16))) "xconst")
  (table 8 funcref)
  (elem (offset (i32.add (i32.const 0xffff_fffe) (i32.const 7))) $five $six)  ;; 5
  (type $r (func (result i32)))
  (func $five (result i32) (i32.const 5))
  (func $six (result i32) (i32.const 6))

  (func (export "_start")
    (call $println_i32 (global.get $base))
    (call $println_i32 (global.get $wrap))
    (call $println_i32 (global.get $neg))
    (call $println_hex64 (global.get $big))
    (call $println_i64 (global.get $wrap64))
    (global.set $mut (i32.add (global.get $mut) (i32.const 1)))
    (call $println_i32 (global.get $mut))
    ;; "xconst" at 2064
    (call $write (i32.add (global.get $base) (i32.const 16)) (i32.const 6))
    (call $nl)
    (call $println_i32 (i32.load8_u (i32.const 2063)))
    (call $println_i32 (call_indirect (type $r) (i32.const 5)))
    (call $println_i32 (call_indirect (type $r) (i32.const 6)))
    (call $println_i32 (ref.is_null (table.get (i32.const 4))))
    (call $println_i32 (global.get $derived))
    (call $println_hex64 (global.get $big1))
    (call $write (i32.const 2088) (i32.const 7))
    (call $nl)
    (call $println_i32 (call_indirect (type $r) (global.get $slot)))))
