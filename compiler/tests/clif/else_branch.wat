;; An `else` arm that ends in a branch: the `then` arm alone reaches the end.
(module
  (func (param i32) (result i32)
    loop $l
      local.get 0
      if
        i32.const 1
        local.set 0
      else
        i32.const 2
        local.set 0
        br $l
      end
    end
    local.get 0))
