;; A shared memory through the embedding API (tests/c/embed/shared_memory_host.c):
;; the host defines the shared memory this module imports; two instances of
;; it share the memory.
(module
  (import "host" "shm" (memory $m 1 2 shared))
  (export "shm" (memory $m))
  (func (export "wait") (param i32 i32 i64) (result i32)
    (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "notify") (param i32 i32) (result i32)
    (memory.atomic.notify (local.get 0) (local.get 1)))
  (func (export "add") (param i32 i32) (result i32)
    (i32.atomic.rmw.add (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
