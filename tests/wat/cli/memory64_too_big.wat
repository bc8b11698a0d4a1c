;; A 64-bit memory whose minimum (16 GiB + 64 KiB) exceeds the runtime's
;; memory64 cap: instantiation fails with a clear error (tests/capabilities.rs).
(module
  (memory i64 262145)
  (func (export "_start")))
