;; Structured control flow: block results, if/else with parameters, loops
;; with parameters, br_table with values, multi-value returns.
(module
  (func (param i32) (result i32 i32)
    (block (result i32 i32)
      i32.const 1
      i32.const 2
      local.get 0
      br_if 0
      drop
      drop
      i32.const 3
      i32.const 4))
  (func (param i32) (result i32)
    i32.const 10
    local.get 0
    if (param i32) (result i32)
      i32.const 1
      i32.add
    else
      i32.const 2
      i32.sub
    end)
  (func (param i32) (result i32)
    (block $a (result i32)
      (block $b (result i32)
        i32.const 7
        local.get 0
        br_table $a $b $a)
      i32.const 1
      i32.add))
  (func (param i32) (result i32)
    i32.const 0
    loop (param i32) (result i32)
      i32.const 1
      i32.add
      local.get 0
      br_if 0
    end)
  (func (param i32)
    local.get 0
    if
      unreachable
    end))
