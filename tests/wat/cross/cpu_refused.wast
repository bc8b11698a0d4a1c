;; Instantiated through the embedding API by `wasmc wast --cpu-features +avx2`
;; on a CPU without AVX2 (tests/cross/cpu_features.rs): the linker must
;; refuse the module instead of running it.
(module (func (export "f") (result i32) (i32.const 7)))
(assert_return (invoke "f") (i32.const 7))
