;; Narrow loads are single extending loads (uload8.i32, sload16.i64,
;; uload32, ...), never load.i8 + uextend: the pair leaves a redundant
;; register-to-register movzx on x86-64 (docs/bench/findings.md, 4).
(module
  (memory 1)
  (func (param i32) (result i32)
    (i32.add
      (i32.add (i32.load8_u (local.get 0)) (i32.load8_s offset=1 (local.get 0)))
      (i32.add (i32.load16_u offset=2 (local.get 0)) (i32.load16_s offset=4 (local.get 0)))))
  (func (param i32) (result i64)
    (i64.add
      (i64.add
        (i64.add (i64.load8_u (local.get 0)) (i64.load8_s offset=1 (local.get 0)))
        (i64.add (i64.load16_u offset=2 (local.get 0)) (i64.load16_s offset=4 (local.get 0))))
      (i64.add (i64.load32_u offset=8 (local.get 0)) (i64.load32_s offset=12 (local.get 0))))))
