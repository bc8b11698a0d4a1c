;; Multi-memory: memory 0 keeps its direct vmctx field (`memory0`); any
;; other memory is reached through the vmctx `memories` array (element N).
;; Bounds checks read that memory's own length; memory.size/grow, fill, copy
;; and init pass the memory indices to the runtime.
(module
  (import "env" "shared" (memory $imp 1))
  (memory $a 1)
  (memory $b 2 10)
  (data $d "xyz")
  (func (param i32) (result i32)
    local.get 0
    i32.load $a offset=4
    local.get 0
    i32.load $imp
    i32.add)
  (func (param i32 i64)
    local.get 0
    local.get 1
    i64.store $b offset=16)
  (func (result i32)
    memory.size $b
    i32.const 1
    memory.grow $a
    i32.add)
  (func (param i32 i32 i32)
    local.get 0
    local.get 1
    local.get 2
    memory.copy $imp $b
    local.get 0
    i32.const 7
    local.get 2
    memory.fill $b
    local.get 0
    local.get 1
    local.get 2
    memory.init $a $d))
