;; --max-memory and memory64 (tests/capabilities.rs): a 64-bit memory
;; without a maximum grows past 4 GiB up to the configured cap (8 GiB in
;; the capped build, the runtime's 16 GiB default otherwise); memory.grow
;; past the cap returns -1. Prints each grow's result and the final size.
(module
  ;;@prelude
  (memory (export "memory") 1)
  (memory $m i64 1)
  (func (export "_start")
    ;; to 4 GiB + 64 KiB
    (call $println_i64 (memory.grow $m (i64.const 65536)))
    ;; to 12 GiB + 64 KiB: beyond 8 GiB, within 16 GiB
    (call $println_i64 (memory.grow $m (i64.const 131072)))
    (call $println_i64 (memory.size $m))))
