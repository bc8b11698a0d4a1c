;; A script with one trivial assertion, for `wasmc wast --target
;; aarch64-apple-darwin` without a runner (tests/cli_targets.rs,
;; cli_wast_for_darwin_needs_a_runner): it must ask for --runner.
(module (func (export "f")))
(assert_return (invoke "f"))
