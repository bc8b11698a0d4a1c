;; Exception handling, the legacy encoding, in the shapes clang emits for
;; C++ (`-fwasm-exceptions`): $cpp is the C++ tag (payload: the exception
;; object's address), $begin_catch / $end_catch stand in for
;; __cxa_begin_catch / __cxa_end_catch, $dtor for a destructor.
;; Case 0: `catch $cpp` + begin/end_catch; 1: a cleanup pad (`catch_all`,
;; destructor, `rethrow 0`) caught by the caller; 2: `delegate` to an outer
;; try and to the caller; 3: clang's cleanup-then-dispatch shape (`catch_all`
;; with `try (rethrow 1) catch $cpp`), left by a branch; 4: a try with
;; parameters and results, a two-value payload, and a catch body left by
;; br_table; 5: `rethrow` of an uncaught exception (a trap: status 134);
;; 6: the shapes of 0-4 and 7-9 a million times each (the test runs it with a small
;; data limit: caught exceptions are released); 7: a nested rethrow caught
;; again inside the catch body it came from, then thrown on; 8: a callee
;; throws inside a catch body, caught by an outer try of the function; 9: a
;; callee throws inside a catch body and out of the function; 10: the same
;; through 51 frames, each in a catch body.
(module
  ;;@prelude
  (memory (export "memory") 1)
  (data (i32.const 1024) "start\00")
  (tag $cpp (param i32))
  (tag $pair (param i64 i32))
  (global $dtors (mut i32) (i32.const 0))
  (global $caught (mut i32) (i32.const 0))

  (func $thrower (param $v i32)
    (if (i32.ge_s (local.get $v) (i32.const 0)) (then (throw $cpp (local.get $v)))))
  (func $begin_catch (param $p i32) (result i32)
    (global.set $caught (i32.add (global.get $caught) (i32.const 1)))
    (local.get $p))
  (func $end_catch)
  (func $dtor (global.set $dtors (i32.add (global.get $dtors) (i32.const 1))))

  ;; try { thrower(v); return -1; } catch (int e) { return e; }
  (func $catch_plain (param $v i32) (result i32) (local $r i32)
    (local.set $r (i32.const -1))
    try
      (call $thrower (local.get $v))
    catch $cpp
      (local.set $r (call $begin_catch))
      (call $end_catch)
    end
    (local.get $r))

  ;; { D d; thrower(v); }: the destructor runs on the way out.
  (func $with_cleanup (param $v i32)
    try
      (call $thrower (local.get $v))
      (call $dtor)
    catch_all
      (call $dtor)
      rethrow 0
    end)
  (func $case1 (param $v i32) (result i32)
    try (result i32)
      (call $with_cleanup (local.get $v))
      (i32.const -1)
    catch $cpp
      (call $begin_catch)
      (call $end_catch)
    end)

  ;; delegate to an outer try of this function, and to the caller.
  (func $delegate_out (param $v i32)
    try
      (call $thrower (local.get $v))
    delegate 0)
  (func $case2 (param $v i32) (result i32)
    try $outer (result i32)
      try (result i32)
        try
          (call $delegate_out (local.get $v))
        delegate $outer
        (i32.const -1)
      catch_all
        ;; skipped: the inner try delegates past this one
        (i32.const -2)
      end
    catch $cpp
    end)

  ;; try { D d; thrower(v); } catch (int e) { return e + 1000; }
  (func $dispatch (param $v i32) (result i32) (local $r i32)
    (local.set $r (i32.const -1))
    block $done
      try
        (call $thrower (local.get $v))
        (call $dtor)
      catch_all
        (call $dtor)
        try
          rethrow 1
        catch $cpp
          (local.set $r (i32.add (call $begin_catch) (i32.const 1000)))
          (call $end_catch)
          br $done
        end
        unreachable
      end
    end
    (local.get $r))

  ;; A try with a parameter and a result; the catch body leaves by br_table.
  (func $case4 (param $v i32) (result i32) (local $t i32)
    block $b2 (result i32)
      block $b1 (result i32)
        (i32.const 5)
        try (param i32) (result i32)
          i64.extend_i32_u
          (i32.add (local.get $v) (i32.const 40))
          (throw $pair)
        catch $pair
          (local.set $t)
          (i32.add (i32.wrap_i64) (local.get $t))
          (i32.and (local.get $v) (i32.const 1))
          br_table $b1 $b2
        end
      end
      (i32.add (i32.const 100))
    end)

  ;; rethrow with no handler left: uncaught.
  (func $case5
    try
      (call $thrower (i32.const 3))
    catch $cpp
      drop
      rethrow 0
    end)

  (func $case6 (result i32) (local $i i32) (local $sum i32)
    loop $again
      (local.set $sum (i32.add (local.get $sum) (call $catch_plain (i32.const 1))))
      (local.set $sum (i32.add (local.get $sum) (call $case1 (i32.const 1))))
      (local.set $sum (i32.add (local.get $sum) (call $case2 (i32.const 1))))
      (local.set $sum (i32.add (local.get $sum) (call $dispatch (i32.const 1))))
      (local.set $sum (i32.add (local.get $sum) (call $case4 (local.get $i))))
      (local.set $sum (i32.add (local.get $sum) (call $case7 (i32.const 1))))
      (local.set $sum (i32.add (local.get $sum) (call $case8 (i32.const 1))))
      (local.set $sum (i32.add (local.get $sum) (call $case9)))
      (br_if $again (i32.lt_u
        (local.tee $i (i32.add (local.get $i) (i32.const 1)))
        (i32.const 1000000)))
    end
    (local.get $sum))

  ;; The exception caught twice at once (rethrow 1 caught inside its own
  ;; catch body), then thrown on by rethrow 0 and caught by the caller.
  (func $twice (param $v i32)
    try
      (call $thrower (local.get $v))
    catch $cpp
      drop
      try
        rethrow 1
      catch $cpp
        drop
      end
      rethrow 0
    end)
  (func $case7 (param $v i32) (result i32)
    try (result i32)
      (call $twice (local.get $v))
      (i32.const -1)
    catch $cpp
    end)

  (func $case8 (param $v i32) (result i32)
    try (result i32)
      try
        (call $thrower (local.get $v))
      catch $cpp
        drop
        (call $thrower (i32.add (local.get $v) (i32.const 1)))
      end
      (i32.const -1)
    catch $cpp
    end)
  (func $leave_by_callee (param $v i32)
    try
      (call $thrower (local.get $v))
    catch_all
      (call $thrower (i32.const 77))
    end)
  (func $case9 (result i32)
    try (result i32)
      (call $leave_by_callee (i32.const 1))
      (i32.const -1)
    catch $cpp
    end)

  (func $nest (param $n i32)
    try
      (call $thrower (local.get $n))
    catch $cpp
      drop
      (if (local.get $n)
        (then (call $nest (i32.sub (local.get $n) (i32.const 1))))
        (else (call $thrower (i32.const 100))))
    end)
  (func $case10 (result i32)
    try (result i32)
      (call $nest (i32.const 50))
      (i32.const -1)
    catch $cpp
    end)

  (func (export "_start")
    (local $case i32)
    (local.set $case (call $arg_i32 (i32.const 1)))
    (call $print_cstr (i32.const 1024)) (call $nl)
    (if (i32.eq (local.get $case) (i32.const 0))
      (then
        (call $println_i32 (call $catch_plain (i32.const 42)))
        (call $println_i32 (call $catch_plain (i32.const -5)))
        (call $println_i32 (global.get $caught))))
    (if (i32.eq (local.get $case) (i32.const 1))
      (then
        (call $println_i32 (call $case1 (i32.const 7)))
        (call $println_i32 (global.get $dtors))))
    (if (i32.eq (local.get $case) (i32.const 2))
      (then (call $println_i32 (call $case2 (i32.const 9)))))
    (if (i32.eq (local.get $case) (i32.const 3))
      (then
        (call $println_i32 (call $dispatch (i32.const 8)))
        (call $println_i32 (call $dispatch (i32.const -1)))
        (call $println_i32 (global.get $dtors))))
    (if (i32.eq (local.get $case) (i32.const 4))
      (then
        (call $println_i32 (call $case4 (i32.const 2)))
        (call $println_i32 (call $case4 (i32.const 3)))))
    (if (i32.eq (local.get $case) (i32.const 5)) (then (call $case5)))
    (if (i32.eq (local.get $case) (i32.const 6))
      (then
        (call $println_i32 (call $case6))
        (call $println_i32 (global.get $caught))
        (call $println_i32 (global.get $dtors))))
    (if (i32.eq (local.get $case) (i32.const 7))
      (then (call $println_i32 (call $case7 (i32.const 11)))))
    (if (i32.eq (local.get $case) (i32.const 8))
      (then (call $println_i32 (call $case8 (i32.const 20)))))
    (if (i32.eq (local.get $case) (i32.const 9))
      (then (call $println_i32 (call $case9))))
    (if (i32.eq (local.get $case) (i32.const 10))
      (then (call $println_i32 (call $case10))))))
