;; `module definition` compiles without instantiating; every `module
;; instance` instantiates afresh, so instances have separate state. A plain
;; named module is a definition too. Instances can be registered and named
;; in invoke/get, and the last one becomes current.
(module definition $M
  (global $g (export "g") (mut i32) (i32.const 0))
  (func (export "inc") (result i32)
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (global.get $g)))
(module instance $I1 $M)
(module instance $I2 $M)
(assert_return (invoke $I1 "inc") (i32.const 1))
(assert_return (invoke $I1 "inc") (i32.const 2))
(assert_return (invoke $I2 "inc") (i32.const 1))
(assert_return (get $I1 "g") (i32.const 2))
(assert_return (get $I2 "g") (i32.const 1))
;; Without a module name: the last definition; it becomes current.
(module instance $I3)
(assert_return (invoke "inc") (i32.const 1))
(assert_return (get $I1 "g") (i32.const 2))

(register "m1" $I1)
(module (import "m1" "g" (global (mut i32)))
  (func (export "read") (result i32) (global.get 0)))
(assert_return (invoke "read") (i32.const 2))

(module $P
  (global (export "x") (mut i32) (i32.const 7))
  (func (export "set") (global.set 0 (i32.const 9))))
(invoke "set")
(module instance $P2 $P)
(assert_return (get $P2 "x") (i32.const 7))
(assert_return (get $P "x") (i32.const 9))

;; A definition is only compiled: its start function runs per instance.
(module definition $T
  (import "m1" "g" (global $g (mut i32)))
  (func $s (global.set $g (i32.add (global.get $g) (i32.const 100))))
  (start $s))
(assert_return (get $I1 "g") (i32.const 2))
(module instance $T1 $T)
(module instance $T2 $T)
(assert_return (get $I1 "g") (i32.const 202))
