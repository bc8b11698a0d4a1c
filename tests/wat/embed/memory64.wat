;; memory64 and table64 through the embedding API (tests/c/embed/memory64_host.c):
;; the host defines the 64-bit memory and the table64 this module imports;
;; the module re-exports the memory, grows it past 4 GiB, and reads and
;; writes it and the table with i64 addresses and indices.
(module
  (import "host" "mem64" (memory $m i64 1))
  (import "host" "tab64" (table $t i64 2 funcref))
  (export "mem64" (memory $m))
  (type $r (func (result i32)))
  (func $forty_two (result i32) (i32.const 42))
  (elem declare func $forty_two)
  (func (export "grow") (param i64) (result i64) (memory.grow $m (local.get 0)))
  (func (export "store") (param i64 i64) (i64.store $m (local.get 0) (local.get 1)))
  (func (export "load") (param i64) (result i64) (i64.load $m (local.get 0)))
  (func (export "set_fn") (param i64) (table.set $t (local.get 0) (ref.func $forty_two)))
  (func (export "table_size") (result i64) (table.size $t))
  (func (export "call_at") (param i64) (result i32)
    (call_indirect $t (type $r) (local.get 0))))
