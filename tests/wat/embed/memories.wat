;; Multi-memory through the embedding API (tests/c/embed/memories_host.c):
;; memory 0 is imported from the host and re-exported as "hostmem", memory 1
;; is exported as "aux" and memory 2 as "memory", the one host functions get
;; from wasmc_caller_memory (the WASI convention), although it is not memory 0.
(module
  (import "env" "peek" (func $peek (param i32) (result i32)))
  (import "host" "mem" (memory $h 1))
  (memory $aux (export "aux") 1)
  (memory $main (export "memory") 2 3)
  (export "hostmem" (memory $h))
  (data (memory $h) (i32.const 0) "host")
  (data (memory $aux) (i32.const 0) "aux!")
  (data (memory $main) (i32.const 0) "main")
  (func (export "peek") (param i32) (result i32) (call $peek (local.get 0)))
  (func (export "grow_main") (result i32) (memory.grow $main (i32.const 1)))
  (func (export "copy_main_to_aux") (param i32 i32 i32)
    (memory.copy $aux $main (local.get 0) (local.get 1) (local.get 2))))
