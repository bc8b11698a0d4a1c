// The two exception tags that clang-compiled wasm code refers to but no
// library of the toolchain defines (checked with zig 0.17 / clang 22: the
// compiler emits them as undefined symbols and neither libunwind's
// Unwind-wasm.c nor wasi-libc's setjmp runtime defines them):
//   __cpp_exception  thrown by libunwind's _Unwind_RaiseException for C++
//                    `throw` (payload: the _Unwind_Exception pointer)
//   __c_longjmp      thrown by wasi-libc's __wasm_longjmp for longjmp
//                    (payload: a pointer to {env, val} in the jmp_buf)
// Both take one i32 (a wasm32 pointer), as in Emscripten's runtime.
.globl __cpp_exception
.tagtype __cpp_exception i32
__cpp_exception:

.globl __c_longjmp
.tagtype __c_longjmp i32
__c_longjmp:
