;; setjmp/longjmp through exception handling, exactly as Debian's clang-19
;; compiles it (the legacy encoding: `try` / `catch $__c_longjmp` with the
;; longjmp dispatch in the catch body, `delegate`), with wasi-libc's small
;; runtime for it (__wasm_setjmp, __wasm_setjmp_test, __wasm_longjmp). A
;; million setjmp/longjmp pairs in one frame (inner), then a longjmp across
;; 1000 frames (deep). Expected output: the sum, the longjmp value, the depth.
;;
;; Made from the C source below with
;;   F="--target=wasm32-wasi -O2 -mexception-handling -mllvm -wasm-enable-sjlj -nostdlib"
;;   clang-19 $F -c main.c -o main.o; clang-19 $F -c rt.c -o rt.o
;;   clang-19 --target=wasm32-wasi -nostdlib -Wl,--export=_start -Wl,--export-memory main.o rt.o -o sjlj.wasm
;;   wasm2wat --enable-exceptions sjlj.wasm
;; then the fd_write import replaced by the prelude's (same type). The
;; runtime is a separate unit: defined next to its callers, clang-19 emits
;; invalid code for it (a `loop` left open before `catch`, which wasmc
;; rejects with its offset).
(;
/* setjmp/longjmp through wasm exception handling, as clang compiles it
 * (-mexception-handling -mllvm -wasm-enable-sjlj: the legacy encoding),
 * with the small runtime wasi-libc provides for it. No libc: output goes
 * through fd_write directly. */
#include <stdint.h>
typedef struct { void *a; uint32_t b; void *c; int d; } jmp_buf[1];
int setjmp(jmp_buf env) __attribute__((returns_twice));
void longjmp(jmp_buf env, int val) __attribute__((noreturn));

__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_write")))
int fd_write(int fd, const void *iov, int n, int *written);

static void print_num(long v) {
    char buf[24];
    int i = 23;
    int neg = v < 0;
    unsigned long u = neg ? -(unsigned long)v : (unsigned long)v;
    buf[i] = '\n';
    do { buf[--i] = '0' + u % 10; u /= 10; } while (u);
    if (neg) buf[--i] = '-';
    struct { const void *p; int n; } iov = { buf + i, 24 - i };
    int w;
    fd_write(1, &iov, 1, &w);
}

static jmp_buf top;
static int depth;
__attribute__((noinline)) void deep(int n) {
    if (n == 0) longjmp(top, 7);
    depth++;
    deep(n - 1);
}
__attribute__((noinline)) int inner(int i) {
    jmp_buf local;
    volatile int r = setjmp(local);
    if (r == 0) {
        if (i & 1) longjmp(local, i + 100);
        return i;
    }
    return r;
}
void _start(void) {
    long sum = 0;
    for (int i = 0; i < 1000000; i++) sum += inner(i);
    print_num(sum);
    int r = setjmp(top);
    if (r == 0) { deep(1000); print_num(-1); }
    print_num(r);
    print_num(depth);
}

/* ---- second translation unit (no setjmp calls) ---- */
#include <stdint.h>
/* The runtime (wasi-libc's setjmp/wasm32/rt.c). */
struct jmp_buf_impl { void *func_invocation_id; uint32_t label; struct arg { void *env; int val; } arg; };
void __wasm_setjmp(void *env, uint32_t label, void *func_invocation_id) {
    struct jmp_buf_impl *jb = env;
    jb->func_invocation_id = func_invocation_id;
    jb->label = label;
}
uint32_t __wasm_setjmp_test(void *env, void *func_invocation_id) {
    struct jmp_buf_impl *jb = env;
    return jb->func_invocation_id == func_invocation_id ? jb->label : 0;
}
void __wasm_longjmp(void *env, int val) {
    struct jmp_buf_impl *jb = env;
    jb->arg.env = env;
    jb->arg.val = val == 0 ? 1 : val;
    __builtin_wasm_throw(1, &jb->arg);
}

;)
(module
  ;;@prelude
  (type (;0;) (func (param i32 i32 i32 i32) (result i32)))
  (type (;1;) (func (param i32)))
  (type (;2;) (func (param i32) (result i32)))
  (type (;3;) (func))
  (type (;4;) (func (param i32 i32 i32)))
  (type (;5;) (func (param i32 i32) (result i32)))
  (type (;6;) (func (param i32 i32)))
  (func $deep (type 1) (param i32)
    block  ;; label = @1
      local.get 0
      i32.eqz
      br_if 0 (;@1;)
      i32.const 0
      i32.const 0
      i32.load offset=1040
      local.get 0
      i32.add
      i32.store offset=1040
    end
    i32.const 1024
    i32.const 7
    call $__wasm_longjmp
    unreachable)
  (func $inner (type 2) (param i32) (result i32)
    (local i32 i32 i32 i32 i32 i32 i32 i32)
    global.get $__stack_pointer
    i32.const 16
    i32.sub
    local.tee 1
    local.set 2
    local.get 1
    global.set $__stack_pointer
    i32.const -1
    local.set 3
    local.get 0
    i32.const 100
    i32.add
    local.set 4
    block  ;; label = @1
      block  ;; label = @2
        loop  ;; label = @3
          block  ;; label = @4
            local.get 3
            i32.const 1
            i32.eq
            br_if 0 (;@4;)
            local.get 1
            i32.const -16
            i32.add
            local.tee 5
            local.tee 6
            global.set $__stack_pointer
            local.get 6
            i32.const -16
            i32.add
            local.tee 6
            local.tee 1
            global.set $__stack_pointer
            local.get 5
            i32.const 1
            local.get 2
            i32.const 12
            i32.add
            call $__wasm_setjmp
            i32.const 0
            local.set 7
          end
          local.get 6
          local.get 7
          i32.store
          block  ;; label = @4
            local.get 6
            i32.load
            br_if 0 (;@4;)
            local.get 0
            i32.const 1
            i32.and
            i32.eqz
            br_if 2 (;@2;)
            try  ;; label = @5
              local.get 5
              local.get 4
              call $__wasm_longjmp
              br 4 (;@1;)
            catch 0
              local.set 3
              local.get 1
              global.set $__stack_pointer
              local.get 3
              i32.const 4
              i32.add
              i32.load
              local.set 7
              block  ;; label = @6
                local.get 3
                i32.load
                local.tee 8
                local.get 2
                i32.const 12
                i32.add
                call $__wasm_setjmp_test
                local.tee 3
                br_if 0 (;@6;)
                local.get 8
                local.get 7
                call $__wasm_longjmp
                unreachable
              end
              br 2 (;@3;)
            end
          end
        end
        local.get 6
        i32.load
        local.set 0
      end
      local.get 2
      i32.const 16
      i32.add
      global.set $__stack_pointer
      local.get 0
      return
    end
    unreachable)
  (func $_start (type 3)
    (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
    global.get $__stack_pointer
    i32.const 32
    i32.sub
    local.tee 0
    local.set 1
    local.get 0
    global.set $__stack_pointer
    i32.const -1
    local.set 2
    block  ;; label = @1
      loop  ;; label = @2
        try  ;; label = @3
          block  ;; label = @4
            local.get 2
            i32.const 1
            i32.eq
            br_if 0 (;@4;)
            local.get 0
            i32.const -32
            i32.add
            local.tee 3
            local.tee 2
            global.set $__stack_pointer
            local.get 2
            i32.const -16
            i32.add
            local.tee 4
            local.tee 2
            global.set $__stack_pointer
            local.get 2
            i32.const -16
            i32.add
            local.tee 5
            local.tee 2
            global.set $__stack_pointer
            local.get 2
            i32.const -32
            i32.add
            local.tee 6
            local.tee 2
            global.set $__stack_pointer
            local.get 2
            i32.const -16
            i32.add
            local.tee 7
            local.tee 2
            global.set $__stack_pointer
            local.get 2
            i32.const -16
            i32.add
            local.tee 8
            local.tee 2
            global.set $__stack_pointer
            local.get 2
            i32.const -32
            i32.add
            local.tee 9
            local.tee 2
            global.set $__stack_pointer
            local.get 2
            i32.const -16
            i32.add
            local.tee 10
            local.tee 2
            global.set $__stack_pointer
            local.get 2
            i32.const -16
            i32.add
            local.tee 11
            local.tee 0
            global.set $__stack_pointer
            i32.const 0
            local.set 12
            i32.const 0
            local.set 2
            loop  ;; label = @5
              local.get 1
              local.get 7
              i32.store offset=12
              local.get 1
              local.get 8
              i32.store offset=8
              local.get 1
              local.get 6
              i32.store offset=16
              local.get 1
              local.get 5
              i32.store offset=20
              local.get 1
              local.get 4
              i32.store offset=24
              local.get 1
              local.get 3
              i32.store offset=28
              local.get 2
              call $inner
              local.set 13
              local.get 13
              local.get 12
              i32.add
              local.set 12
              local.get 2
              i32.const 1
              i32.add
              local.tee 2
              i32.const 1000000
              i32.ne
              br_if 0 (;@5;)
            end
            local.get 9
            i32.const 10
            i32.store8 offset=23
            local.get 12
            local.get 12
            i32.const 31
            i32.shr_s
            local.tee 2
            i32.xor
            local.get 2
            i32.sub
            local.set 2
            i32.const 22
            local.set 14
            loop  ;; label = @5
              local.get 9
              local.get 14
              local.tee 13
              i32.add
              local.get 2
              local.get 2
              i32.const 10
              i32.div_u
              local.tee 15
              i32.const 10
              i32.mul
              i32.sub
              i32.const 48
              i32.or
              i32.store8
              local.get 13
              i32.const -1
              i32.add
              local.set 14
              local.get 2
              i32.const 9
              i32.gt_u
              local.set 16
              local.get 15
              local.set 2
              local.get 16
              br_if 0 (;@5;)
            end
            block  ;; label = @5
              local.get 12
              i32.const -1
              i32.gt_s
              br_if 0 (;@5;)
              local.get 9
              local.get 14
              i32.add
              i32.const 45
              i32.store8
              local.get 14
              local.set 13
            end
            local.get 10
            i32.const 24
            local.get 13
            i32.sub
            i32.store offset=4
            local.get 10
            local.get 9
            local.get 13
            i32.add
            i32.store
            local.get 1
            local.get 8
            i32.store offset=8
            local.get 1
            local.get 7
            i32.store offset=12
            local.get 1
            local.get 6
            i32.store offset=16
            local.get 1
            local.get 5
            i32.store offset=20
            local.get 1
            local.get 4
            i32.store offset=24
            local.get 1
            local.get 3
            i32.store offset=28
            i32.const 1
            local.get 10
            i32.const 1
            local.get 11
            call $fd_write
            drop
            try  ;; label = @5
              i32.const 1024
              i32.const 1
              local.get 1
              i32.const 4
              i32.add
              call $__wasm_setjmp
            delegate 4
            i32.const 0
            local.set 16
          end
          block  ;; label = @4
            local.get 16
            br_if 0 (;@4;)
            local.get 1
            local.get 7
            i32.store offset=12
            local.get 1
            local.get 8
            i32.store offset=8
            local.get 1
            local.get 6
            i32.store offset=16
            local.get 1
            local.get 5
            i32.store offset=20
            local.get 1
            local.get 4
            i32.store offset=24
            local.get 1
            local.get 3
            i32.store offset=28
            i32.const 1000
            call $deep
            unreachable
          end
          local.get 6
          i32.const 10
          i32.store8 offset=23
          local.get 16
          local.get 16
          i32.const 31
          i32.shr_s
          local.tee 2
          i32.xor
          local.get 2
          i32.sub
          local.set 2
          i32.const 22
          local.set 13
          loop  ;; label = @4
            local.get 6
            local.get 13
            local.tee 12
            i32.add
            local.get 2
            local.get 2
            i32.const 10
            i32.div_u
            local.tee 14
            i32.const 10
            i32.mul
            i32.sub
            i32.const 48
            i32.or
            i32.store8
            local.get 12
            i32.const -1
            i32.add
            local.set 13
            local.get 2
            i32.const 9
            i32.gt_u
            local.set 15
            local.get 14
            local.set 2
            local.get 15
            br_if 0 (;@4;)
          end
          block  ;; label = @4
            local.get 16
            i32.const -1
            i32.gt_s
            br_if 0 (;@4;)
            local.get 6
            local.get 13
            i32.add
            i32.const 45
            i32.store8
            local.get 13
            local.set 12
          end
          local.get 7
          local.get 6
          local.get 12
          i32.add
          i32.store
          local.get 7
          i32.const 24
          local.get 12
          i32.sub
          i32.store offset=4
          local.get 1
          local.get 8
          i32.store offset=8
          local.get 1
          local.get 7
          i32.store offset=12
          local.get 1
          local.get 6
          i32.store offset=16
          local.get 1
          local.get 5
          i32.store offset=20
          local.get 1
          local.get 4
          i32.store offset=24
          local.get 1
          local.get 3
          i32.store offset=28
          i32.const 1
          local.get 7
          i32.const 1
          local.get 8
          call $fd_write
          drop
          local.get 3
          i32.const 10
          i32.store8 offset=23
          i32.const 0
          i32.load offset=1040
          local.tee 16
          local.get 16
          i32.const 31
          i32.shr_s
          local.tee 2
          i32.xor
          local.get 2
          i32.sub
          local.set 2
          i32.const 22
          local.set 13
          loop  ;; label = @4
            local.get 3
            local.get 13
            local.tee 12
            i32.add
            local.get 2
            local.get 2
            i32.const 10
            i32.div_u
            local.tee 14
            i32.const 10
            i32.mul
            i32.sub
            i32.const 48
            i32.or
            i32.store8
            local.get 12
            i32.const -1
            i32.add
            local.set 13
            local.get 2
            i32.const 9
            i32.gt_u
            local.set 15
            local.get 14
            local.set 2
            local.get 15
            br_if 0 (;@4;)
          end
          block  ;; label = @4
            local.get 16
            i32.const -1
            i32.gt_s
            br_if 0 (;@4;)
            local.get 3
            local.get 13
            i32.add
            i32.const 45
            i32.store8
            local.get 13
            local.set 12
          end
          local.get 4
          local.get 3
          local.get 12
          i32.add
          i32.store
          local.get 4
          i32.const 24
          local.get 12
          i32.sub
          i32.store offset=4
          local.get 1
          local.get 8
          i32.store offset=8
          local.get 1
          local.get 7
          i32.store offset=12
          local.get 1
          local.get 6
          i32.store offset=16
          local.get 1
          local.get 5
          i32.store offset=20
          local.get 1
          local.get 4
          i32.store offset=24
          local.get 1
          local.get 3
          i32.store offset=28
          i32.const 1
          local.get 4
          i32.const 1
          local.get 5
          call $fd_write
          drop
        catch 0
          local.set 2
          local.get 0
          global.set $__stack_pointer
          local.get 2
          i32.const 4
          i32.add
          i32.load
          local.set 16
          block  ;; label = @4
            local.get 2
            i32.load
            local.tee 12
            local.get 1
            i32.const 4
            i32.add
            call $__wasm_setjmp_test
            local.tee 2
            i32.eqz
            br_if 0 (;@4;)
            local.get 1
            i32.load offset=28
            local.set 3
            local.get 1
            i32.load offset=24
            local.set 4
            local.get 1
            i32.load offset=20
            local.set 5
            local.get 1
            i32.load offset=16
            local.set 6
            local.get 1
            i32.load offset=12
            local.set 7
            local.get 1
            i32.load offset=8
            local.set 8
            br 2 (;@2;)
          end
          local.get 12
          local.get 16
          call $__wasm_longjmp
          unreachable
        end
      end
    end
    local.get 1
    i32.const 32
    i32.add
    global.set $__stack_pointer)
  (func $__wasm_setjmp (type 4) (param i32 i32 i32)
    local.get 0
    local.get 1
    i32.store offset=4
    local.get 0
    local.get 2
    i32.store)
  (func $__wasm_setjmp_test (type 5) (param i32 i32) (result i32)
    (local i32)
    i32.const 0
    local.set 2
    block  ;; label = @1
      local.get 0
      i32.load
      local.get 1
      i32.ne
      br_if 0 (;@1;)
      local.get 0
      i32.load offset=4
      local.set 2
    end
    local.get 2)
  (func $__wasm_longjmp (type 6) (param i32 i32)
    local.get 0
    local.get 1
    i32.const 1
    local.get 1
    i32.const 1
    i32.gt_u
    select
    i32.store offset=12
    local.get 0
    local.get 0
    i32.store offset=8
    local.get 0
    i32.const 8
    i32.add
    throw 0)
  (table (;0;) 1 1 funcref)
  (memory (;0;) 2)
  (tag (;0;) (type 1) (param i32))
  (global $__stack_pointer (mut i32) (i32.const 66592))
  (export "memory" (memory 0))
  (export "_start" (func $_start)))

