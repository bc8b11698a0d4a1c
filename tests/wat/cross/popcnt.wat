;; A scalar popcnt, built with `--cpu-features +zbb` for riscv64 and run on a
;; CPU without Zbb (tests/cross/cpu_features.rs): it must refuse to run.
(module (func (export "_start") (drop (i32.popcnt (i32.const 7)))))
