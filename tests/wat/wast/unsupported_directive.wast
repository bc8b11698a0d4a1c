;; assert_exception is not supported (exceptions are not implemented yet):
(module (func (export "f")))
(assert_exception (invoke "f"))
