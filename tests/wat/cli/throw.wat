;; A module that throws: compiled only for targets whose runtime can unwind
;; wasm exceptions (x86_64, aarch64); tests/cli_targets.rs.
(module
  (tag $e)
  (func (export "_start") (throw $e)))
