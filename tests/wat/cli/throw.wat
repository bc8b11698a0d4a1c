;; A module that throws: compiled for the tier-2 targets (riscv64, s390x),
;; whose runtime unwinds wasm exceptions too; tests/cli_targets.rs.
(module
  (tag $e)
  (func (export "_start") (throw $e)))
