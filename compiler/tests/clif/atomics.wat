;; Threads proposal atomics. Alignment check (index + offset, low bits) before
;; the bounds check of a plain access (none in guard mode within the guard);
;; the static offset is added to the address (atomic instructions take none);
;; narrow forms reduce their operands and zero-extend the old value. Wait
;; and notify on the shared memory 1 check bounds explicitly in both modes
;; and call the runtime; on the unshared memory 0 wait traps after the checks
;; and notify is the constant 0. A memory64 atomic uses the memory64 checks.
(module
  (memory 1 2)
  (memory $sh 1 2 shared)
  (memory $m64 i64 1 2)
  (func (param i32 i32) (result i32)
    local.get 0
    i32.atomic.load offset=4
    local.get 0
    local.get 1
    i32.atomic.rmw16.add_u $sh
    i32.add)
  (func (param i32 i64 i64) (result i64)
    local.get 0
    local.get 1
    local.get 2
    i64.atomic.rmw32.cmpxchg_u $sh offset=8)
  (func (param i32 i64)
    local.get 0
    local.get 1
    i64.atomic.store8
    atomic.fence)
  (func (param i32 i32 i64) (result i32)
    local.get 0
    local.get 1
    local.get 2
    memory.atomic.wait32 $sh
    local.get 0
    local.get 1
    memory.atomic.notify $sh
    i32.add
    local.get 0
    local.get 1
    memory.atomic.notify
    i32.add)
  (func (param i32 i64 i64) (result i32)
    local.get 0
    local.get 1
    local.get 2
    memory.atomic.wait64)
  (func (param i64) (result i64)
    local.get 0
    i64.atomic.load $m64 offset=16))
