;; The module of the embedding host c/embed/exceptions_host.c
;; (tests/tests/embedding.rs, tests/tests/sanitizers.rs): exceptions between
;; wasm and the host. The host instantiates it several times: instance 1
;; imports a host tag as $ht; instance 2 imports instance 1's tag $e as $ht
;; (so both name one tag); instance 3 has a start function that throws.
(module
  (import "host" "tag" (tag $ht (param i32)))
  (import "host" "start_throws" (global $start_throws i32))
  ;; throws $ht (host tag) with payload arg * 2
  (import "host" "throw_ht" (func $throw_ht (param i32)))
  ;; throws this instance's $all with values chosen by the host
  (import "host" "throw_all" (func $throw_all))
  ;; calls instance 2 (see the host), which throws, and rethrows its
  ;; exception; returns 0 if nothing was thrown
  (import "host" "call_inner" (func $call_inner (param i32) (result i32)))
  (tag $e (export "e") (param i32))
  (tag $all (export "all") (param i32 i64 f32 f64 v128 funcref externref))
  (export "ht" (tag $ht))
  ;; a host function re-exported: called by the host, it has no wasm caller
  (export "throw_ht_direct" (func $throw_ht))
  (elem declare func $f)
  (func $f (export "f") (result i32) (i32.const 42))
  (func (export "get_f") (result funcref) (ref.func $f))

  (func $start
    (if (global.get $start_throws) (then (throw $e (i32.const 99)))))
  (start $start)

  ;; uncaught: the host inspects every payload type
  (func (export "throw_all_types") (param externref)
    (throw $all (i32.const -7) (i64.const 0x123456789) (f32.const 1.5) (f64.const -2.25)
      (v128.const i32x4 1 2 3 4) (ref.func $f) (local.get 0)))
  (func (export "throw_e") (param i32) (throw $e (local.get 0)))
  ;; a few wasm frames between the throw and the host
  (func $deep (param i32) (throw $ht (local.get 0)))
  (func $deeper (param i32) (call $deep (local.get 0)))
  (func (export "throw_ht") (param i32) (call $deeper (local.get 0)))

  ;; the host's exception caught in wasm: payload + 1000, -1 if none
  (func (export "catch_host") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $ht $h) (call $throw_ht (local.get 0)))
      (return (i32.const -1)))
    (i32.add (i32.const 1000)))
  ;; the same through call_indirect and call_ref of the host function
  (type $vi (func (param i32)))
  (table $t 1 funcref)
  (elem (table $t) (i32.const 0) func $throw_ht)
  (elem declare func $throw_ht)
  (func (export "catch_host_indirect") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $ht $h) (call_indirect $t (type $vi) (local.get 0) (i32.const 0)))
      (return (i32.const -1)))
    (i32.add (i32.const 2000)))
  (func (export "catch_host_ref") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $ht $h) (call_ref $vi (local.get 0) (ref.func $throw_ht)))
      (return (i32.const -1)))
    (i32.add (i32.const 3000)))
  ;; not caught in wasm: the host's call sees the host's exception
  (func (export "uncaught_host") (param i32)
    (call $throw_ht (local.get 0)))
  ;; every payload type from the host to wasm, and back as results
  (func (export "catch_all_types") (result i32 i64 f32 f64 v128 funcref externref)
    (block $h (result i32 i64 f32 f64 v128 funcref externref)
      (try_table (catch $all $h) (call $throw_all))
      (unreachable)))
  ;; an exception through the host (wasm -> host -> wasm throws -> host
  ;; rethrows): its payload when caught as $e, -2 for another tag (catch_all),
  ;; -1 when nothing was thrown
  (func (export "through_host") (param i32) (result i32)
    (block $ce (result i32)
      (block $ca
        (try_table (catch $e $ce) (catch_all $ca)
          (drop (call $call_inner (local.get 0))))
        (return (i32.const -1)))
      (return (i32.const -2))))
  ;; the same without handlers: the exception leaves this call too
  (func (export "through_host_uncaught") (param i32) (result i32)
    (call $call_inner (local.get 0)))
  ;; a non-throwing call inside try_table still returns normally
  (func (export "no_throw") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $ht $h) (return (call $call_inner (local.get 0))))
      (unreachable))))
