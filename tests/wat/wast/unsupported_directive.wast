;; assert_suspension is not supported (stack switching is not implemented):
(module (func (export "f")))
(assert_suspension (invoke "f") "unhandled")
