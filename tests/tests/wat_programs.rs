//! WebAssembly text-format programs under `tests/wat/`, built with
//! `wasmc build` (from the `.wat` text) in both bounds-check modes and run.
//!
//! Every module starts with the line `;;@prelude`, replaced by
//! `tests/wat/prelude.wat` (WASI imports, number printing, argument parsing);
//! the modules print with `fd_write` and may exit with `proc_exit`. Modules
//! that test traps select a case with argv[1]; each has a non-trapping case
//! (usually 99) so that over-eager trapping fails too.
//!
//! THE LIST below gives, for every run, the module, its arguments, the exact
//! expected stdout and the status (`Code(n)` or `Trap("message")`; a trap
//! also requires status 134 and a backtrace). Each entry
//! `name (guard_test, explicit_test) { ... }` generates `wat_<name>_guard`
//! and `wat_<name>_explicit` (names checked at compile time).
//!
//! Expected values were derived from the wasm spec by hand and cross-checked
//! with V8 (`WASMC_TEST_ENGINE=node`, see `tests/src/lib.rs`).

use wasmc_tests::Status::{Code, Trap};
use wasmc_tests::*;

macro_rules! wat_tests {
    ($( $name:ident ($guard:ident, $explicit:ident) { $($field:ident : $value:expr),* $(,)? } )*) => {
        /// Every run with its expectation.
        #[allow(clippy::needless_update, reason = "some entries give every field")]
        const TESTS: &[WatTest] = &[
            $( WatTest { name: stringify!($name), $($field: $value,)* ..WatTest::DEFAULT }, )*
        ];
        $(
            const _: () = assert!(
                is_test_name(stringify!($guard), "wat_", stringify!($name), "_guard")
                    && is_test_name(stringify!($explicit), "wat_", stringify!($name), "_explicit"),
                concat!("test names for ", stringify!($name), " must be wat_<name>_guard, wat_<name>_explicit")
            );
            #[test]
            fn $guard() {
                run_wat_test(test(stringify!($name)), BoundsChecks::Guard);
            }
            #[test]
            fn $explicit() {
                run_wat_test(test(stringify!($name)), BoundsChecks::Explicit);
            }
        )*
    };
}

fn test(name: &str) -> &'static WatTest {
    TESTS
        .iter()
        .find(|t| t.name == name)
        .expect("test is in the list")
}

wat_tests! {
    // --- exceptions (tests/wat/exceptions.wat) ---
    exn_deep_tag (wat_exn_deep_tag_guard, wat_exn_deep_tag_explicit) {
        file: "exceptions", args: &["0"], stdout: "start\n42\n",
    }
    exn_catch_all (wat_exn_catch_all_guard, wat_exn_catch_all_explicit) {
        file: "exceptions", args: &["1"], stdout: "start\n1\n",
    }
    exn_throw_ref (wat_exn_throw_ref_guard, wat_exn_throw_ref_explicit) {
        file: "exceptions", args: &["2"], stdout: "start\n42\n",
    }
    exn_second_tag (wat_exn_second_tag_guard, wat_exn_second_tag_explicit) {
        file: "exceptions", args: &["3"], stdout: "start\n7000\n",
    }
    exn_uncaught (wat_exn_uncaught_guard, wat_exn_uncaught_explicit) {
        file: "exceptions", args: &["4"], stdout: "start\n", status: Trap("uncaught exception"),
    }
    exn_call_ref (wat_exn_call_ref_guard, wat_exn_call_ref_explicit) {
        file: "exceptions", args: &["5"], stdout: "start\n5\n",
    }
    exn_return_call (wat_exn_return_call_guard, wat_exn_return_call_explicit) {
        file: "exceptions", args: &["6"], stdout: "start\n6\n",
    }
    exn_return_call_ref (wat_exn_return_call_ref_guard, wat_exn_return_call_ref_explicit) {
        file: "exceptions", args: &["7"], stdout: "start\n6\n",
    }
    // --- exceptions and frames (tests/wat/exceptions_frames.wat) ---
    exn_stack_args (wat_exn_stack_args_guard, wat_exn_stack_args_explicit) {
        file: "exceptions_frames", args: &["0"], stdout: "start\n347010500\n",
    }
    exn_mixed_payload (wat_exn_mixed_payload_guard, wat_exn_mixed_payload_explicit) {
        file: "exceptions_frames", args: &["1"], stdout: "start\n-5\n4886718345\n150\n-225\n",
    }
    exn_rethrow_same_frame (wat_exn_rethrow_same_frame_guard, wat_exn_rethrow_same_frame_explicit) {
        file: "exceptions_frames", args: &["2"], stdout: "start\n21361000\n",
    }
    exn_catch_midway (wat_exn_catch_midway_guard, wat_exn_catch_midway_explicit) {
        file: "exceptions_frames", args: &["3"], stdout: "start\n1129251\n",
    }
    exn_catcher_stack_args (wat_exn_catcher_stack_args_guard, wat_exn_catcher_stack_args_explicit) {
        file: "exceptions_frames", args: &["4"], stdout: "start\n128100\n",
    }

    // --- legacy exceptions (tests/wat/legacy_exceptions.wat) ---
    legacy_exn_catch (wat_legacy_exn_catch_guard, wat_legacy_exn_catch_explicit) {
        file: "legacy_exceptions", args: &["0"], stdout: "start\n42\n-1\n1\n",
    }
    legacy_exn_cleanup_rethrow (wat_legacy_exn_cleanup_rethrow_guard, wat_legacy_exn_cleanup_rethrow_explicit) {
        file: "legacy_exceptions", args: &["1"], stdout: "start\n7\n1\n",
    }
    legacy_exn_delegate (wat_legacy_exn_delegate_guard, wat_legacy_exn_delegate_explicit) {
        file: "legacy_exceptions", args: &["2"], stdout: "start\n9\n",
    }
    legacy_exn_cleanup_dispatch (wat_legacy_exn_cleanup_dispatch_guard, wat_legacy_exn_cleanup_dispatch_explicit) {
        file: "legacy_exceptions", args: &["3"], stdout: "start\n1008\n-1\n2\n",
    }
    legacy_exn_params_br_table (wat_legacy_exn_params_br_table_guard, wat_legacy_exn_params_br_table_explicit) {
        file: "legacy_exceptions", args: &["4"], stdout: "start\n147\n48\n",
    }
    legacy_exn_uncaught_rethrow (wat_legacy_exn_uncaught_rethrow_guard, wat_legacy_exn_uncaught_rethrow_explicit) {
        file: "legacy_exceptions", args: &["5"], stdout: "start\n", status: Trap("uncaught exception"),
    }
    legacy_exn_caught_twice (wat_legacy_exn_caught_twice_guard, wat_legacy_exn_caught_twice_explicit) {
        file: "legacy_exceptions", args: &["7"], stdout: "start\n11\n",
    }
    legacy_exn_callee_throws_in_catch (wat_legacy_exn_callee_throws_in_catch_guard, wat_legacy_exn_callee_throws_in_catch_explicit) {
        file: "legacy_exceptions", args: &["8"], stdout: "start\n21\n",
    }
    legacy_exn_callee_throws_out_of_catch (wat_legacy_exn_callee_throws_out_of_catch_guard, wat_legacy_exn_callee_throws_out_of_catch_explicit) {
        file: "legacy_exceptions", args: &["9"], stdout: "start\n77\n",
    }
    legacy_exn_through_catch_frames (wat_legacy_exn_through_catch_frames_guard, wat_legacy_exn_through_catch_frames_explicit) {
        file: "legacy_exceptions", args: &["10"], stdout: "start\n100\n",
    }

    // --- setjmp/longjmp as clang-19 compiles it (tests/wat/sjlj_clang.wat) ---
    sjlj_clang (wat_sjlj_clang_guard, wat_sjlj_clang_explicit) {
        file: "sjlj_clang", stdout: "1833293664\n7\n1000\n",
    }

    // --- unreachable (tests/wat/trap_unreachable.wat) ---
    unreachable_direct (wat_unreachable_direct_guard, wat_unreachable_direct_explicit) {
        file: "trap_unreachable", args: &["0"], stdout: "before\n", status: Trap("unreachable"),
    }
    unreachable_nested (wat_unreachable_nested_guard, wat_unreachable_nested_explicit) {
        file: "trap_unreachable", args: &["1"], stdout: "before\n", status: Trap("unreachable"),
    }
    unreachable_not_taken (wat_unreachable_not_taken_guard, wat_unreachable_not_taken_explicit) {
        file: "trap_unreachable", args: &["2"], stdout: "before\n203\nno trap\n",
    }

    // --- threads proposal, single-threaded (tests/wat/atomics.wat) ---
    atomics_results (wat_atomics_results_guard, wat_atomics_results_explicit) {
        file: "atomics", args: &["99"],
        stdout: "start\n11223344\n11223344\n00000045\n11223344\n00001122\n11223344\n11223300\n11003300\n1100330f\neeffccf0\n00005678\n0000abcd\n0000abcd\n0\n0102030405060708\n0000000005060718\n0102030400000001\n0102030400000001\n00000000000000ff\n000000000000fffe\n00000000ffffffff\nffffffffffff34fe\n0\n1\n2\n2\n1\n0\n3\n2\n40\n42\n0\nsurvived\n",
    }
    atomics_unaligned_load (wat_atomics_unaligned_load_guard, wat_atomics_unaligned_load_explicit) {
        file: "atomics", args: &["0"], stdout: "start\n", status: Trap("unaligned atomic"),
    }
    atomics_unaligned_rmw64_shared (wat_atomics_unaligned_rmw64_shared_guard, wat_atomics_unaligned_rmw64_shared_explicit) {
        file: "atomics", args: &["1"], stdout: "start\n", status: Trap("unaligned atomic"),
    }
    atomics_unaligned_by_offset (wat_atomics_unaligned_by_offset_guard, wat_atomics_unaligned_by_offset_explicit) {
        file: "atomics", args: &["2"], stdout: "start\n", status: Trap("unaligned atomic"),
    }
    atomics_unaligned_cmpxchg16 (wat_atomics_unaligned_cmpxchg16_guard, wat_atomics_unaligned_cmpxchg16_explicit) {
        file: "atomics", args: &["3"], stdout: "start\n", status: Trap("unaligned atomic"),
    }
    atomics_wait_unshared (wat_atomics_wait_unshared_guard, wat_atomics_wait_unshared_explicit) {
        file: "atomics", args: &["4"], stdout: "start\n", status: Trap("expected shared memory"),
    }
    atomics_oob_load (wat_atomics_oob_load_guard, wat_atomics_oob_load_explicit) {
        file: "atomics", args: &["5"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    atomics_oob_xchg_guard_region (wat_atomics_oob_xchg_guard_region_guard, wat_atomics_oob_xchg_guard_region_explicit) {
        file: "atomics", args: &["6"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    atomics_oob_rmw8 (wat_atomics_oob_rmw8_guard, wat_atomics_oob_rmw8_explicit) {
        file: "atomics", args: &["7"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    atomics_oob_cmpxchg_shared (wat_atomics_oob_cmpxchg_shared_guard, wat_atomics_oob_cmpxchg_shared_explicit) {
        file: "atomics", args: &["8"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    atomics_oob_store16 (wat_atomics_oob_store16_guard, wat_atomics_oob_store16_explicit) {
        file: "atomics", args: &["9"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    atomics_unaligned_notify (wat_atomics_unaligned_notify_guard, wat_atomics_unaligned_notify_explicit) {
        file: "atomics", args: &["10"], stdout: "start\n", status: Trap("unaligned atomic"),
    }
    atomics_oob_wait64 (wat_atomics_oob_wait64_guard, wat_atomics_oob_wait64_explicit) {
        file: "atomics", args: &["11"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    atomics_oob_notify_unshared (wat_atomics_oob_notify_unshared_guard, wat_atomics_oob_notify_unshared_explicit) {
        file: "atomics", args: &["12"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    atomics_unaligned_memory64 (wat_atomics_unaligned_memory64_guard, wat_atomics_unaligned_memory64_explicit) {
        file: "atomics", args: &["13"], stdout: "start\n", status: Trap("unaligned atomic"),
    }
    atomics_oob_memory64 (wat_atomics_oob_memory64_guard, wat_atomics_oob_memory64_explicit) {
        file: "atomics", args: &["14"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    // --- memory bounds (tests/wat/trap_memory.wat) ---
    mem_oob_offset_beyond_4gib (wat_mem_oob_offset_beyond_4gib_guard, wat_mem_oob_offset_beyond_4gib_explicit) {
        file: "trap_memory", args: &["0"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    mem_oob_load_at_end (wat_mem_oob_load_at_end_guard, wat_mem_oob_load_at_end_explicit) {
        file: "trap_memory", args: &["1"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    mem_oob_load_straddling_end (wat_mem_oob_load_straddling_end_guard, wat_mem_oob_load_straddling_end_explicit) {
        file: "trap_memory", args: &["2"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    mem_oob_store_i64_straddling_end (wat_mem_oob_store_i64_straddling_end_guard, wat_mem_oob_store_i64_straddling_end_explicit) {
        file: "trap_memory", args: &["3"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    mem_oob_load8_at_u32_max (wat_mem_oob_load8_at_u32_max_guard, wat_mem_oob_load8_at_u32_max_explicit) {
        file: "trap_memory", args: &["4"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    mem_oob_offset_2gib (wat_mem_oob_offset_2gib_guard, wat_mem_oob_offset_2gib_explicit) {
        file: "trap_memory", args: &["5"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    mem_oob_store_offset_sum_beyond_4gib (wat_mem_oob_store_offset_sum_beyond_4gib_guard, wat_mem_oob_store_offset_sum_beyond_4gib_explicit) {
        file: "trap_memory", args: &["6"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    mem_oob_f64_load_negative_address (wat_mem_oob_f64_load_negative_address_guard, wat_mem_oob_f64_load_negative_address_explicit) {
        file: "trap_memory", args: &["7"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    mem_oob_load16_offset_past_end (wat_mem_oob_load16_offset_past_end_guard, wat_mem_oob_load16_offset_past_end_explicit) {
        file: "trap_memory", args: &["8"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    mem_oob_max_effective_address (wat_mem_oob_max_effective_address_guard, wat_mem_oob_max_effective_address_explicit) {
        file: "trap_memory", args: &["10"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    mem_oob_store8_offset_one_page (wat_mem_oob_store8_offset_one_page_guard, wat_mem_oob_store8_offset_one_page_explicit) {
        file: "trap_memory", args: &["11"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    mem_oob_end_of_guard_region (wat_mem_oob_end_of_guard_region_guard, wat_mem_oob_end_of_guard_region_explicit) {
        file: "trap_memory", args: &["12"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    mem_oob_after_grow (wat_mem_oob_after_grow_guard, wat_mem_oob_after_grow_explicit) {
        file: "trap_memory", args: &["9"], stdout: "start\n1\n77\n", status: Trap("out of bounds memory access"),
    }
    mem_in_bounds_edges (wat_mem_in_bounds_edges_guard, wat_mem_in_bounds_edges_explicit) {
        file: "trap_memory", args: &["99"],
        stdout: "start\n\
                 11223344\n\
                 00000011\n\
                 00001122\n\
                 0102030405060708\n\
                 4004000000000000\n\
                 1\n\
                 survived\n",
    }

    // --- tables and call_indirect (tests/wat/trap_table.wat) ---
    table_call_indirect_null (wat_table_call_indirect_null_guard, wat_table_call_indirect_null_explicit) {
        file: "trap_table", args: &["0"], stdout: "start\n", status: Trap("uninitialized element"),
    }
    table_call_indirect_signature_mismatch (wat_table_call_indirect_signature_mismatch_guard, wat_table_call_indirect_signature_mismatch_explicit) {
        file: "trap_table", args: &["1"], stdout: "start\n", status: Trap("indirect call type mismatch"),
    }
    table_call_indirect_index_at_size (wat_table_call_indirect_index_at_size_guard, wat_table_call_indirect_index_at_size_explicit) {
        file: "trap_table", args: &["2"], stdout: "start\n", status: Trap("undefined element"),
    }
    table_call_indirect_index_u32_max (wat_table_call_indirect_index_u32_max_guard, wat_table_call_indirect_index_u32_max_explicit) {
        file: "trap_table", args: &["3"], stdout: "start\n", status: Trap("undefined element"),
    }
    table_get_oob (wat_table_get_oob_guard, wat_table_get_oob_explicit) {
        file: "trap_table", args: &["4"], stdout: "start\n", status: Trap("out of bounds table access"),
    }
    table_set_oob (wat_table_set_oob_guard, wat_table_set_oob_explicit) {
        file: "trap_table", args: &["5"], stdout: "start\n", status: Trap("out of bounds table access"),
    }
    table_fill_oob (wat_table_fill_oob_guard, wat_table_fill_oob_explicit) {
        file: "trap_table", args: &["6"], stdout: "start\n", status: Trap("out of bounds table access"),
    }
    table_copy_oob (wat_table_copy_oob_guard, wat_table_copy_oob_explicit) {
        file: "trap_table", args: &["7"], stdout: "start\n", status: Trap("out of bounds table access"),
    }
    table_init_oob (wat_table_init_oob_guard, wat_table_init_oob_explicit) {
        file: "trap_table", args: &["8"], stdout: "start\n", status: Trap("out of bounds table access"),
    }
    table_grown_slot_is_null (wat_table_grown_slot_is_null_guard, wat_table_grown_slot_is_null_explicit) {
        file: "trap_table", args: &["9"], stdout: "start\n4\n", status: Trap("uninitialized element"),
    }
    table_valid_calls (wat_table_valid_calls_guard, wat_table_valid_calls_explicit) {
        file: "trap_table", args: &["99"], stdout: "start\n1005\n15\n42\n21\n21\n1007\n4\nsurvived\n",
    }

    // --- integer division (tests/wat/trap_div.wat) ---
    i32_div_s_by_zero (wat_i32_div_s_by_zero_guard, wat_i32_div_s_by_zero_explicit) {
        file: "trap_div", args: &["0"], stdout: "start\n", status: Trap("integer divide by zero"),
    }
    i32_div_u_by_zero (wat_i32_div_u_by_zero_guard, wat_i32_div_u_by_zero_explicit) {
        file: "trap_div", args: &["1"], stdout: "start\n", status: Trap("integer divide by zero"),
    }
    i32_rem_s_by_zero (wat_i32_rem_s_by_zero_guard, wat_i32_rem_s_by_zero_explicit) {
        file: "trap_div", args: &["2"], stdout: "start\n", status: Trap("integer divide by zero"),
    }
    i32_rem_u_by_zero (wat_i32_rem_u_by_zero_guard, wat_i32_rem_u_by_zero_explicit) {
        file: "trap_div", args: &["3"], stdout: "start\n", status: Trap("integer divide by zero"),
    }
    i64_div_s_by_zero (wat_i64_div_s_by_zero_guard, wat_i64_div_s_by_zero_explicit) {
        file: "trap_div", args: &["4"], stdout: "start\n", status: Trap("integer divide by zero"),
    }
    i64_div_u_by_zero (wat_i64_div_u_by_zero_guard, wat_i64_div_u_by_zero_explicit) {
        file: "trap_div", args: &["5"], stdout: "start\n", status: Trap("integer divide by zero"),
    }
    i64_rem_s_by_zero (wat_i64_rem_s_by_zero_guard, wat_i64_rem_s_by_zero_explicit) {
        file: "trap_div", args: &["6"], stdout: "start\n", status: Trap("integer divide by zero"),
    }
    i64_rem_u_by_zero (wat_i64_rem_u_by_zero_guard, wat_i64_rem_u_by_zero_explicit) {
        file: "trap_div", args: &["7"], stdout: "start\n", status: Trap("integer divide by zero"),
    }
    i32_div_s_overflow (wat_i32_div_s_overflow_guard, wat_i32_div_s_overflow_explicit) {
        file: "trap_div", args: &["8"], stdout: "start\n", status: Trap("integer overflow"),
    }
    i64_div_s_overflow (wat_i64_div_s_overflow_guard, wat_i64_div_s_overflow_explicit) {
        file: "trap_div", args: &["9"], stdout: "start\n", status: Trap("integer overflow"),
    }
    div_rem_non_trapping_edges (wat_div_rem_non_trapping_edges_guard, wat_div_rem_non_trapping_edges_explicit) {
        file: "trap_div", args: &["99"],
        stdout: "start\n\
                 0\n\
                 0\n\
                 0\n\
                 -2147483648\n\
                 -1073741824\n\
                 -1\n\
                 -1\n\
                 1\n\
                 -3074457345618258602\n\
                 3074457345618258602\n\
                 -7\n\
                 5\n\
                 survived\n",
    }

    // --- float-to-int conversion (tests/wat/trap_conv.wat) ---
    trunc_nan_i32_f32_s (wat_trunc_nan_i32_f32_s_guard, wat_trunc_nan_i32_f32_s_explicit) {
        file: "trap_conv", args: &["0"], stdout: "start\n", status: Trap("invalid conversion to integer"),
    }
    trunc_nan_i32_f64_u (wat_trunc_nan_i32_f64_u_guard, wat_trunc_nan_i32_f64_u_explicit) {
        file: "trap_conv", args: &["1"], stdout: "start\n", status: Trap("invalid conversion to integer"),
    }
    trunc_nan_i64_f64_s (wat_trunc_nan_i64_f64_s_guard, wat_trunc_nan_i64_f64_s_explicit) {
        file: "trap_conv", args: &["2"], stdout: "start\n", status: Trap("invalid conversion to integer"),
    }
    trunc_nan_i64_f32_u (wat_trunc_nan_i64_f32_u_guard, wat_trunc_nan_i64_f32_u_explicit) {
        file: "trap_conv", args: &["3"], stdout: "start\n", status: Trap("invalid conversion to integer"),
    }
    trunc_overflow_i32_f64_s_max (wat_trunc_overflow_i32_f64_s_max_guard, wat_trunc_overflow_i32_f64_s_max_explicit) {
        file: "trap_conv", args: &["4"], stdout: "start\n", status: Trap("integer overflow"),
    }
    trunc_overflow_i32_f64_s_min (wat_trunc_overflow_i32_f64_s_min_guard, wat_trunc_overflow_i32_f64_s_min_explicit) {
        file: "trap_conv", args: &["5"], stdout: "start\n", status: Trap("integer overflow"),
    }
    trunc_overflow_i32_f32_u_negative (wat_trunc_overflow_i32_f32_u_negative_guard, wat_trunc_overflow_i32_f32_u_negative_explicit) {
        file: "trap_conv", args: &["6"], stdout: "start\n", status: Trap("integer overflow"),
    }
    trunc_overflow_i64_f64_s (wat_trunc_overflow_i64_f64_s_guard, wat_trunc_overflow_i64_f64_s_explicit) {
        file: "trap_conv", args: &["7"], stdout: "start\n", status: Trap("integer overflow"),
    }
    trunc_overflow_i64_f64_u (wat_trunc_overflow_i64_f64_u_guard, wat_trunc_overflow_i64_f64_u_explicit) {
        file: "trap_conv", args: &["8"], stdout: "start\n", status: Trap("integer overflow"),
    }
    trunc_overflow_i32_f32_s_inf (wat_trunc_overflow_i32_f32_s_inf_guard, wat_trunc_overflow_i32_f32_s_inf_explicit) {
        file: "trap_conv", args: &["9"], stdout: "start\n", status: Trap("integer overflow"),
    }
    trunc_overflow_i64_f64_u_neg_inf (wat_trunc_overflow_i64_f64_u_neg_inf_guard, wat_trunc_overflow_i64_f64_u_neg_inf_explicit) {
        file: "trap_conv", args: &["10"], stdout: "start\n", status: Trap("integer overflow"),
    }
    trunc_in_range_extremes (wat_trunc_in_range_extremes_guard, wat_trunc_in_range_extremes_explicit) {
        file: "trap_conv", args: &["99"],
        stdout: "start\n\
                 2147483647\n\
                 -2147483648\n\
                 -1\n\
                 0\n\
                 -2147483648\n\
                 -256\n\
                 -9223372036854775808\n\
                 9223372036854774784\n\
                 -2048\n\
                 0\n\
                 -9223372036854775808\n\
                 -1099511627776\n\
                 0\n\
                 survived\n",
    }

    // --- call stack exhaustion (tests/wat/trap_stack.wat) ---
    stack_exhausted_self_recursion (wat_stack_exhausted_self_recursion_guard, wat_stack_exhausted_self_recursion_explicit) {
        file: "trap_stack", args: &["0"], stdout: "start\n", status: Trap("call stack exhausted"),
    }
    stack_exhausted_big_frames (wat_stack_exhausted_big_frames_guard, wat_stack_exhausted_big_frames_explicit) {
        file: "trap_stack", args: &["1"], stdout: "start\n", status: Trap("call stack exhausted"),
    }
    stack_exhausted_call_indirect (wat_stack_exhausted_call_indirect_guard, wat_stack_exhausted_call_indirect_explicit) {
        file: "trap_stack", args: &["2"], stdout: "start\n", status: Trap("call stack exhausted"),
    }
    stack_exhausted_big_body (wat_stack_exhausted_big_body_guard, wat_stack_exhausted_big_body_explicit) {
        file: "trap_stack", args: &["3"], stdout: "start\n", status: Trap("call stack exhausted"),
    }
    stack_exhausted_spilling_leaf (wat_stack_exhausted_spilling_leaf_guard, wat_stack_exhausted_spilling_leaf_explicit) {
        file: "trap_stack", args: &["4"], stdout: "start\n", status: Trap("call stack exhausted"),
    }
    stack_bounded_recursion_10000 (wat_stack_bounded_recursion_10000_guard, wat_stack_bounded_recursion_10000_explicit) {
        file: "trap_stack", args: &["99"], stdout: "start\n10000\n10000\n10000\n0\n1\nsurvived\n",
    }

    // --- calls of direct-only and general functions (tests/wat/direct_calls.wat) ---
    direct_calls (wat_direct_calls_guard, wat_direct_calls_explicit) {
        file: "direct_calls", args: &["0"],
        stdout: "start\n123456789123\n7\n42\n48\n42\n43\n15\n300007\n42\n41\n",
    }

    // --- whole-module inlining at -O2 (tests/wat/inline.wat) ---
    inline_sums (wat_inline_sums_guard, wat_inline_sums_explicit) {
        file: "inline", args: &["0"], stdout: "start\n6\n2\n9\n33\n1234567\n42\n10000000000\n0\n1\nsurvived\n",
    }
    inline_div_trap (wat_inline_div_trap_guard, wat_inline_div_trap_explicit) {
        file: "inline", args: &["1"], stdout: "start\n", status: Trap("integer divide by zero"),
    }
    inline_oob_trap (wat_inline_oob_trap_guard, wat_inline_oob_trap_explicit) {
        file: "inline", args: &["2"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    inline_mutual_recursion (wat_inline_mutual_recursion_guard, wat_inline_mutual_recursion_explicit) {
        file: "inline", args: &["3"], stdout: "start\n", status: Trap("call stack exhausted"),
    }
    inline_catch (wat_inline_catch_guard, wat_inline_catch_explicit) {
        file: "inline", args: &["4"], stdout: "start\n7\n11\n12\nsurvived\n",
    }
    inline_uncaught (wat_inline_uncaught_guard, wat_inline_uncaught_explicit) {
        file: "inline", args: &["5"], stdout: "start\n", status: Trap("uncaught exception"),
    }
    inline_all (wat_inline_all_guard, wat_inline_all_explicit) {
        file: "inline", args: &["99"], stdout: "start\n6\n2\n9\n33\n1234567\n42\n10000000000\n0\n1\n7\n11\n12\n0\nsurvived\n",
    }

    // --- tail calls (tests/wat/tail_calls.wat) ---
    tail_calls_constant_stack (wat_tail_calls_constant_stack_guard, wat_tail_calls_constant_stack_explicit) {
        file: "tail_calls",
        stdout: "start\n100000000\n200000000\n300000000\nhost tail call\n0\nsurvived\n",
    }

    // --- typed function references (tests/wat/typed_refs.wat) ---
    call_ref_null (wat_call_ref_null_guard, wat_call_ref_null_explicit) {
        file: "typed_refs", args: &["0"], stdout: "start\n", status: Trap("null function reference"),
    }
    ref_as_non_null_null (wat_ref_as_non_null_null_guard, wat_ref_as_non_null_null_explicit) {
        file: "typed_refs", args: &["1"], stdout: "start\n", status: Trap("null reference"),
    }
    typed_ref_signature_identity (wat_typed_ref_signature_identity_guard, wat_typed_ref_signature_identity_explicit) {
        file: "typed_refs", args: &["2"], stdout: "start\n", status: Trap("indirect call type mismatch"),
    }
    typed_refs (wat_typed_refs_guard, wat_typed_refs_explicit) {
        file: "typed_refs", args: &["99"],
        stdout: "start\n42\n6\n10\n10\n6\n3\n10\n-1\n200\n0\n8\n1\n7\n21\nsurvived\n",
    }

    // --- GC without heap objects: i31 (tests/wat/gc_i31.wat) ---
    gc_i31_get_null (wat_gc_i31_get_null_guard, wat_gc_i31_get_null_explicit) {
        file: "gc_i31", args: &["0"], stdout: "start\n", status: Trap("null i31 reference"),
    }
    gc_i31_cast_null (wat_gc_i31_cast_null_guard, wat_gc_i31_cast_null_explicit) {
        file: "gc_i31", args: &["1"], stdout: "start\n", status: Trap("cast failure"),
    }
    gc_i31 (wat_gc_i31_guard, wat_gc_i31_explicit) {
        file: "gc_i31", args: &["99"],
        stdout: "start\n1\n-1\n1073741823\n-1073741824\n1\n2147483647\n1073741824\n\
                 1\n0\n1\n1\n0\n-5\n1\n42\n-1\n300\n2\n0\n1\n9\nsurvived\n",
    }

    // --- GC casts and subtyping (tests/wat/gc_casts.wat) ---
    gc_cast_to_subtype (wat_gc_cast_to_subtype_guard, wat_gc_cast_to_subtype_explicit) {
        file: "gc_casts", args: &["0"], stdout: "start\n", status: Trap("cast failure"),
    }
    gc_call_indirect_subtype (wat_gc_call_indirect_subtype_guard, wat_gc_call_indirect_subtype_explicit) {
        file: "gc_casts", args: &["1"], stdout: "start\n", status: Trap("indirect call type mismatch"),
    }
    gc_cast_null_to_eq (wat_gc_cast_null_to_eq_guard, wat_gc_cast_null_to_eq_explicit) {
        file: "gc_casts", args: &["2"], stdout: "start\n", status: Trap("cast failure"),
    }
    gc_casts (wat_gc_casts_guard, wat_gc_casts_explicit) {
        file: "gc_casts", args: &["99"],
        stdout: "start\n10010101101\n11111100000\n11111100000\n01001\n10100\n10110\n10111\n\
                 1\n2\n1\n-8\n-1\n3\n2\n3\n3\nsurvived\n",
    }

    // --- GC struct objects (tests/wat/gc_structs.wat) ---
    gc_struct_get_null (wat_gc_struct_get_null_guard, wat_gc_struct_get_null_explicit) {
        file: "gc_structs", args: &["0"], stdout: "start\n", status: Trap("null structure reference"),
    }
    gc_struct_set_null (wat_gc_struct_set_null_guard, wat_gc_struct_set_null_explicit) {
        file: "gc_structs", args: &["1"], stdout: "start\n", status: Trap("null structure reference"),
    }
    gc_struct_cast_down (wat_gc_struct_cast_down_guard, wat_gc_struct_cast_down_explicit) {
        file: "gc_structs", args: &["2"], stdout: "start\n", status: Trap("cast failure"),
    }
    gc_structs (wat_gc_structs_guard, wat_gc_structs_explicit) {
        file: "gc_structs", args: &["99"],
        stdout: "start\n7\n4\n-1\n255\n-32768\n32768\n-2\n3\n9\n-128\n4\n0\n5050\n3\n30\n8\n\
                 11001100\n11001110\n11000001\n10010000\n11000001\n3\n2\n1\n0\n1\n0\nsurvived\n",
    }

    // --- GC array objects (tests/wat/gc_arrays.wat) ---
    gc_array_get_oob (wat_gc_array_get_oob_guard, wat_gc_array_get_oob_explicit) {
        file: "gc_arrays", args: &["0"], stdout: "start\n", status: Trap("out of bounds array access"),
    }
    gc_array_len_null (wat_gc_array_len_null_guard, wat_gc_array_len_null_explicit) {
        file: "gc_arrays", args: &["1"], stdout: "start\n", status: Trap("null array reference"),
    }
    gc_array_fill_oob (wat_gc_array_fill_oob_guard, wat_gc_array_fill_oob_explicit) {
        file: "gc_arrays", args: &["2"], stdout: "start\n", status: Trap("out of bounds array access"),
    }
    gc_array_copy_null (wat_gc_array_copy_null_guard, wat_gc_array_copy_null_explicit) {
        file: "gc_arrays", args: &["3"], stdout: "start\n", status: Trap("null array reference"),
    }
    gc_array_new_data_oob (wat_gc_array_new_data_oob_guard, wat_gc_array_new_data_oob_explicit) {
        file: "gc_arrays", args: &["4"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    gc_arrays (wat_gc_arrays_guard, wat_gc_arrays_explicit) {
        file: "gc_arrays", args: &["99"],
        stdout: "start\n127 127 127 127 127\n-3\n253\n127 253 9 9 9\n1 2 1 2 3 4 5 8\n\
                 2 3 4 5 8 4 5 8\n2 3 4 5 8 4 255 128\n1000\n-32513\n65535\n30\n5\n33\n1\n1\n77\n\
                 66\n101101\nsurvived\n",
    }

    // --- bulk memory (tests/wat/bulk_memory.wat) ---
    bulk_memory_ops (wat_bulk_memory_ops_guard, wat_bulk_memory_ops_explicit) {
        file: "bulk_memory", args: &["0"],
        stdout: "start\n\
                 0123456789\n\
                 0120123489\n\
                 3456756789\n\
                 bulk memory!\n\
                 **** memory!\n\
                 AAA\n\
                 7936e310\n\
                 ZZZZZZ\n\
                 survived\n",
    }
    bulk_copy_dst_oob (wat_bulk_copy_dst_oob_guard, wat_bulk_copy_dst_oob_explicit) {
        file: "bulk_memory", args: &["1"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    bulk_copy_src_oob (wat_bulk_copy_src_oob_guard, wat_bulk_copy_src_oob_explicit) {
        file: "bulk_memory", args: &["2"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    bulk_fill_oob (wat_bulk_fill_oob_guard, wat_bulk_fill_oob_explicit) {
        file: "bulk_memory", args: &["3"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    bulk_init_past_segment (wat_bulk_init_past_segment_guard, wat_bulk_init_past_segment_explicit) {
        file: "bulk_memory", args: &["4"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    bulk_init_past_memory (wat_bulk_init_past_memory_guard, wat_bulk_init_past_memory_explicit) {
        file: "bulk_memory", args: &["5"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    bulk_init_dropped_segment (wat_bulk_init_dropped_segment_guard, wat_bulk_init_dropped_segment_explicit) {
        file: "bulk_memory", args: &["6"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }

    // --- multi-memory (tests/wat/multi_memory.wat) ---
    multi_memory_wasi_copy_grow (wat_multi_memory_wasi_copy_grow_guard, wat_multi_memory_wasi_copy_grow_explicit) {
        file: "multi_memory",
        stdout: "hello from the exported memory\n\
                 copied from memory 0\n\
                 sizes 3 1\n\
                 copied from memory 0\n",
        status: Trap("out of bounds memory access"),
    }
    bulk_copy_len_u32_max (wat_bulk_copy_len_u32_max_guard, wat_bulk_copy_len_u32_max_explicit) {
        file: "bulk_memory", args: &["7"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    bulk_fill_at_u32_max (wat_bulk_fill_at_u32_max_guard, wat_bulk_fill_at_u32_max_explicit) {
        file: "bulk_memory", args: &["8"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }

    // --- memory64 / table64 (tests/wat/memory64.wat, tests/wat/memory64_4gib.wat) ---
    mem64_all (wat_mem64_all_guard, wat_mem64_all_explicit) {
        file: "memory64", args: &["0"], stdout: "start\n0807060504030201\n1122334455667788\n1\n1\n-1\n-1\n4\n1\n3\n90\n41414141\n5a07060504030201\n41414141\n0000007472617473\n0021657669737361\n8\n2\n2\n-1\n-1\n5\n7\n8\n8\n7\nsurvived\n",
    }
    mem64_oob_straddling_end (wat_mem64_oob_straddling_end_guard, wat_mem64_oob_straddling_end_explicit) {
        file: "memory64", args: &["1"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    mem64_oob_static_bound_4gib (wat_mem64_oob_static_bound_4gib_guard, wat_mem64_oob_static_bound_4gib_explicit) {
        file: "memory64", args: &["2"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    mem64_oob_index_2pow63 (wat_mem64_oob_index_2pow63_guard, wat_mem64_oob_index_2pow63_explicit) {
        file: "memory64", args: &["3"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    mem64_oob_offset_wraps (wat_mem64_oob_offset_wraps_guard, wat_mem64_oob_offset_wraps_explicit) {
        file: "memory64", args: &["4"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    mem64_oob_fill_len_2pow63 (wat_mem64_oob_fill_len_2pow63_guard, wat_mem64_oob_fill_len_2pow63_explicit) {
        file: "memory64", args: &["5"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    table64_oob_get_2pow32 (wat_table64_oob_get_2pow32_guard, wat_table64_oob_get_2pow32_explicit) {
        file: "memory64", args: &["6"], stdout: "start\n", status: Trap("out of bounds table access"),
    }
    table64_call_indirect_2pow32 (wat_table64_call_indirect_2pow32_guard, wat_table64_call_indirect_2pow32_explicit) {
        file: "memory64", args: &["7"], stdout: "start\n", status: Trap("undefined element"),
    }
    table64_oob_fill_len_2pow32 (wat_table64_oob_fill_len_2pow32_guard, wat_table64_oob_fill_len_2pow32_explicit) {
        file: "memory64", args: &["8"], stdout: "start\n", status: Trap("out of bounds table access"),
    }
    mem64_oob_copy_mixed_src_4gib (wat_mem64_oob_copy_mixed_src_4gib_guard, wat_mem64_oob_copy_mixed_src_4gib_explicit) {
        file: "memory64", args: &["9"], stdout: "start\n", status: Trap("out of bounds memory access"),
    }
    mem64_edges_in_bounds (wat_mem64_edges_in_bounds_guard, wat_mem64_edges_in_bounds_explicit) {
        file: "memory64", args: &["99"], stdout: "start\n0\n0\n0\nsurvived\n",
    }
    mem64_4gib_boundary (wat_mem64_4gib_boundary_guard, wat_mem64_4gib_boundary_explicit) {
        file: "memory64_4gib", args: &["0"], stdout: "start\n1\n65537\n1\n65536\n0102030405060708\n0000aabbccdd0304\n1111111122222222\n-2\neeeeeeeeeeeeeeee\n11111111eeeeeeee\neeeeeeee05060708\n12345678\n18\n65537\n-1\n262144\n42\nsurvived\n",
    }
    mem64_4gib_oob_straddling_end (wat_mem64_4gib_oob_straddling_end_guard, wat_mem64_4gib_oob_straddling_end_explicit) {
        file: "memory64_4gib", args: &["1"], stdout: "start\n1\n65537\n1\n65536\n", status: Trap("out of bounds memory access"),
    }
    mem64_4gib_oob_offset_at_end (wat_mem64_4gib_oob_offset_at_end_guard, wat_mem64_4gib_oob_offset_at_end_explicit) {
        file: "memory64_4gib", args: &["2"], stdout: "start\n1\n65537\n1\n65536\n", status: Trap("out of bounds memory access"),
    }
    mem64_4gib_max_oob_straddling_end (wat_mem64_4gib_max_oob_straddling_end_guard, wat_mem64_4gib_max_oob_straddling_end_explicit) {
        file: "memory64_4gib", args: &["3"], stdout: "start\n1\n65537\n1\n65536\n", status: Trap("out of bounds memory access"),
    }
    mem64_4gib_max_oob_at_4gib (wat_mem64_4gib_max_oob_at_4gib_guard, wat_mem64_4gib_max_oob_at_4gib_explicit) {
        file: "memory64_4gib", args: &["4"], stdout: "start\n1\n65537\n1\n65536\n", status: Trap("out of bounds memory access"),
    }
    mem64_4gib_oob_fill_across_end (wat_mem64_4gib_oob_fill_across_end_guard, wat_mem64_4gib_oob_fill_across_end_explicit) {
        file: "memory64_4gib", args: &["5"], stdout: "start\n1\n65537\n1\n65536\n", status: Trap("out of bounds memory access"),
    }
    mem64_4gib_edges_in_bounds (wat_mem64_4gib_edges_in_bounds_guard, wat_mem64_4gib_edges_in_bounds_explicit) {
        file: "memory64_4gib", args: &["99"], stdout: "start\n1\n65537\n1\n65536\n0\n0\nsurvived\n",
    }

    // --- multi value (tests/wat/multi_value.wat) ---
    multi_value (wat_multi_value_guard, wat_multi_value_explicit) {
        file: "multi_value",
        stdout: "7\n\
                 7000000000000\n\
                 175\n\
                 2 1\n\
                 3 4\n\
                 -2 -9\n\
                 -1 -1\n\
                 2880067194370816120\n\
                 6 5\n\
                 -100 100\n\
                 -1 9\n\
                 1 9\n\
                 1 30\n\
                 2 200\n\
                 3 -10\n\
                 3 -10\n",
    }

    // --- reftypes (tests/wat/reftypes.wat) ---
    reftypes (wat_reftypes_guard, wat_reftypes_explicit) {
        file: "reftypes",
        stdout: "2\n\
                 5\n\
                 3\n\
                 42\n\
                 null 50 -5 null null \n\
                 7 50 -5 null 6 \n\
                 7 50 -5 50 6 \n\
                 5\n\
                 -1\n\
                 7\n\
                 10\n\
                 7 50 -5 50 6 6 6 null null null \n\
                 7 null null 50 6 6 6 null null null \n\
                 7 50 6 6 6 6 6 null null null \n\
                 7 50 6 6 6 6 6 6 6 null \n\
                 6 7 6 6 6 6 6 6 6 null \n\
                 6 7 6 6 6 6 null 50 -5 null \n\
                 6 7 6 6 6 6 null 50 -5 null \n\
                 1\n\
                 1\n\
                 3\n\
                 10\n\
                 1\n\
                 0\n\
                 1\n",
    }

    // --- globals (tests/wat/globals.wat) ---
    globals (wat_globals_guard, wat_globals_explicit) {
        file: "globals",
        stdout: "5\n\
                 15\n\
                 -5\n\
                 -531441000000000\n\
                 42acfec0\n\
                 403f6a7a2955385e\n\
                 fedcba9876543210\n\
                 1\n\
                 0\n\
                 -5\n",
    }

    // --- extended constant expressions (tests/wat/extended_const.wat) ---
    extended_const (wat_extended_const_guard, wat_extended_const_explicit) {
        file: "extended_const",
        stdout: "2048\n\
                 -2147483648\n\
                 -32\n\
                 0000000200000000\n\
                 0\n\
                 43\n\
                 xconst\n\
                 0\n\
                 5\n\
                 6\n\
                 1\n\
                 2080\n\
                 0000000200000001\n\
                 derived\n\
                 6\n",
    }

    // --- memory grow (tests/wat/memory_grow.wat) ---
    memory_grow (wat_memory_grow_guard, wat_memory_grow_explicit) {
        file: "memory_grow", stdout: "1\n1\n1\n2\n0\n01020304\n2\n4\n-1\n-1\n-1\n4\n4\n0\n-2\n01020304\n",
    }

    // --- memory grow nomax (tests/wat/memory_grow_nomax.wat) ---
    memory_grow_nomax (wat_memory_grow_nomax_guard, wat_memory_grow_nomax_explicit) {
        file: "memory_grow_nomax", stdout: "-1\n-1\n-1\n2\n2\n32\n123456789\n0\n",
    }

    // --- sign ext (tests/wat/sign_ext.wat) ---
    sign_ext (wat_sign_ext_guard, wat_sign_ext_explicit) {
        file: "sign_ext",
        stdout: "00000000 0 0 0 0 0\n\
                 0000007f 127 127 127 127 127\n\
                 00000080 -128 128 -128 128 128\n\
                 000000ff -1 255 -1 255 255\n\
                 00007fff -1 32767 -1 32767 32767\n\
                 00008000 0 -32768 0 -32768 32768\n\
                 abcd1234 52 4660 52 4660 -1412623820\n\
                 7fffffff -1 -1 -1 -1 2147483647\n\
                 -2147483648\n\
                 2147483647\n",
    }

    // --- sat conv (tests/wat/sat_conv.wat) ---
    sat_conv (wat_sat_conv_guard, wat_sat_conv_explicit) {
        file: "sat_conv",
        stdout: "0 0 0 0\n\
                 0 0 0 0\n\
                 2147483647 4294967295 9223372036854775807 18446744073709551615\n\
                 -2147483648 0 -9223372036854775808 0\n\
                 0 0 0 0\n\
                 0 0 0 0\n\
                 1 1 1 1\n\
                 -1 0 -1 0\n\
                 2147483647 2147483647 2147483647 2147483647\n\
                 2147483647 2147483648 2147483648 2147483648\n\
                 -2147483648 0 -2147483648 0\n\
                 -2147483648 0 -2147483649 0\n\
                 2147483647 4294967295 4294967295 4294967295\n\
                 2147483647 4294967295 4294967296 4294967296\n\
                 2147483647 4294967295 9223372036854774784 9223372036854774784\n\
                 2147483647 4294967295 9223372036854775807 9223372036854775808\n\
                 -2147483648 0 -9223372036854775808 0\n\
                 2147483647 4294967295 9223372036854775807 18446744073709549568\n\
                 2147483647 4294967295 9223372036854775807 18446744073709551615\n\
                 2147483647 4294967295 9223372036854775807 18446744073709551615\n\
                 0 0 0 0\n\
                 2147483647 4294967295 9223372036854775807 18446744073709551615\n\
                 -2147483648 0 -9223372036854775808 0\n\
                 0 0 0 0\n\
                 16777216 16777216 16777216 16777216\n\
                 2147483647 2147483648 2147483648 2147483648\n\
                 -2147483648 0 -2147483904 0\n\
                 2147483647 4294967040 4294967040 4294967040\n\
                 2147483647 4294967295 9223372036854775807 18446742974197923840\n\
                 2147483647 4294967295 9223372036854775807 18446744073709551615\n",
    }

    // --- float ops (tests/wat/float_ops.wat) ---
    float_ops (wat_float_ops_guard, wat_float_ops_explicit) {
        file: "float_ops",
        stdout: "8000000000000000 8000000000000000 0000000000000000 0000000000000000 80000000 00000000 \n\
                 NaN NaN NaN NaN fff0000000000000 3ff0000000000000 c01c000000000000 40200000 \n\
                 3fe0000000000000 0000000000000000 3ff0000000000000 0000000000000000 0000000000000000 \n\
                 3ff8000000000000 4000000000000000 4000000000000000 3ff0000000000000 3ff0000000000000 \n\
                 4004000000000000 4000000000000000 4008000000000000 4000000000000000 4000000000000000 \n\
                 bfe0000000000000 8000000000000000 8000000000000000 bff0000000000000 8000000000000000 \n\
                 bff8000000000000 c000000000000000 bff0000000000000 c000000000000000 bff0000000000000 \n\
                 c004000000000000 c000000000000000 c000000000000000 c008000000000000 c000000000000000 \n\
                 bfc999999999999a 8000000000000000 8000000000000000 bff0000000000000 8000000000000000 \n\
                 432fffffffffffff 4330000000000000 4330000000000000 432ffffffffffffe 432ffffffffffffe \n\
                 c330000000000001 c330000000000001 c330000000000001 c330000000000001 c330000000000001 \n\
                 7e37e43c8800759c 7e37e43c8800759c 7e37e43c8800759c 7e37e43c8800759c 7e37e43c8800759c \n\
                 fff0000000000000 fff0000000000000 fff0000000000000 fff0000000000000 fff0000000000000 \n\
                 3f000000 00000000 3f800000 00000000 00000000 \n\
                 40200000 40000000 40400000 40000000 40000000 \n\
                 c0600000 c0800000 c0400000 c0800000 c0400000 \n\
                 bf333333 bf800000 80000000 bf800000 80000000 \n\
                 4affffff 4b000000 4b000000 4afffffe 4afffffe \n\
                 7ff0000000012345 fff0000000012345 fff0000000000001 c008000000000000 7f800001 80000000 40000000 \n\
                 8000000000000000 3ff6a09e667f3bcd NaN 3fb504f3 fff0000000000000 3fb99999a0000000 3dcccccd 7f800000 5f800000 43f0000000000000 c340000000000000 4f800000 4b800000 41efffffffe00000 \n",
    }

    // --- br table (tests/wat/br_table.wat) ---
    br_table (wat_br_table_guard, wat_br_table_explicit) {
        file: "br_table",
        stdout: "-1 -1 -1 100 101 102 103 104 105 106 107 100 101 102 103 104 105 106 107 107 107 -1 -1 -1 -1 \n\
                 -1\n\
                 -1\n\
                 7\n\
                 -937024784\n",
    }

    // --- start func (tests/wat/start_func.wat) ---
    start_func (wat_start_func_guard, wat_start_func_explicit) {
        file: "start_func", stdout: "42\nData one\ndata two\nedge\n0\n",
    }

    // --- wasi-threads without a shared memory (tests/wat/wasi_threads_noshared.wat) ---
    wasi_threads_noshared (wat_wasi_threads_noshared_guard, wat_wasi_threads_noshared_explicit) {
        file: "wasi_threads_noshared", stdout: "-1\n-1\n7\n",
    }

    // --- exit status (tests/wat/exit_status.wat) ---
    exit_status_from_args (wat_exit_status_from_args_guard, wat_exit_status_from_args_explicit) {
        file: "exit_status", args: &["10", "-3", "35"], stdout: "4\n10\n-3\n35\n", status: Code(42),
    }
    exit_status_zero (wat_exit_status_zero_guard, wat_exit_status_zero_explicit) {
        file: "exit_status", stdout: "1\n",
    }

    // --- relaxed SIMD (tests/wat/relaxed_simd.wat): one result per operator
    // on every CPU and target (the cross test `relaxed_simd` compares builds
    // with other --cpu values and targets with this one) ---
    relaxed_simd (wat_relaxed_simd_guard, wat_relaxed_simd_explicit) {
        file: "relaxed_simd",
        stdout: "swizzle: 00001f10 00000000 00001211 00150013\n\
                 trunc_f32_s: 00000000 7fffffff 80000000 fffffffd\n\
                 trunc_f32_u: 00000000 ffffffff 00000000 ee6b2800\n\
                 trunc_f64_s: 00000000 80000000 00000000 00000000\n\
                 trunc_f64_u: 00000000 ffffffff 00000000 00000000\n\
                 madd_f32: 00000000 40e00000 7f800000 80000000\n\
                 nmadd_f32: 00000000 c0a00000 ff800000 00000000\n\
                 madd_f64: 00000000 00000000 00000000 401c0000\n\
                 nmadd_f64: 00000000 00000000 00000000 c0140000\n\
                 laneselect8: 11222211 10231221 22222222 11111111\n\
                 laneselect16: 11222211 10231221 22222222 11111111\n\
                 laneselect32: 11222211 10231221 22222222 11111111\n\
                 laneselect64: 11222211 10231221 22222222 11111111\n\
                 min_f32: 7fe00001 00000000 80000000 3f800000\n\
                 max_f32: 7fe00001 00000000 80000000 3f800000\n\
                 min_f64: 00000000 80000000 00000000 40000000\n\
                 max_f64: 00000000 7ff80000 00000000 c0000000\n\
                 q15mulr: 80017fff 20007ffe ffff0000 0c4c0000\n\
                 dot_i16: 7e027fff 00018100 fc92fe82 ffcbfd79\n\
                 dot_add_i32: 0000fe03 ffff8103 fffffb17 7ffffd43\n",
    }

    // --- constant shuffles on the SSE2 baseline (tests/wat/simd_shuffle_sse2.wat):
    // every mask class compiler/src/translate/simd_shuffle.rs lowers without
    // pshufb, and look-alikes one byte off; each case on two operand pairs ---
    simd_shuffle_sse2 (wat_simd_shuffle_sse2_guard, wat_simd_shuffle_sse2_explicit) {
        file: "simd_shuffle_sse2",
        stdout: "1 ok\n1 ok\n2 ok\n2 ok\n3 ok\n3 ok\n4 ok\n4 ok\n5 ok\n5 ok\n6 ok\n6 ok\n7 ok\n7 ok\n8 ok\n8 ok\n9 ok\n9 ok\n10 ok\n10 ok\n11 ok\n11 ok\n12 ok\n12 ok\n13 ok\n13 ok\n14 ok\n14 ok\n15 ok\n15 ok\n16 ok\n16 ok\n17 ok\n17 ok\n18 ok\n18 ok\n19 ok\n19 ok\n20 ok\n20 ok\n21 ok\n21 ok\n22 ok\n22 ok\n23 ok\n23 ok\n24 ok\n24 ok\n25 ok\n25 ok\n26 ok\n26 ok\n27 ok\n27 ok\n",
    }
}

/// Legacy exceptions, case 6: a million rounds of nine throwing shapes, caught by legacy
/// `catch` / `catch_all` (C++ catch + end, cleanup pads with `rethrow 0`,
/// clang's cleanup-then-dispatch, delegate, a catch body left by br_table,
/// callees throwing out of catch bodies),
/// run with a 32 MiB data limit (`ulimit -d`: the heap the runtime allocates
/// exceptions from; wasm memory reservations are not writable, so guard mode
/// fits too). Leaking one exception per throw would need hundreds of MiB.
#[test]
fn wat_legacy_exn_million_throws_bounded_memory() {
    for mode in [BoundsChecks::Guard, BoundsChecks::Explicit] {
        let dir = TestDir::new(&format!("legacy_exn_million_{mode}"));
        let src = dir.join("legacy_exceptions.wat");
        std::fs::write(&src, expand_wat("legacy_exceptions")).expect("write expanded wat");
        let exe = dir.join("prog");
        build_executable(&src, &exe, mode, &[]);
        let mut cmd = std::process::Command::new("sh");
        cmd.arg("-c")
            .arg("ulimit -d 32768 && exec \"$0\" 6")
            .arg(&exe);
        let out = run_command(cmd, b"");
        let what = format!("legacy_exceptions 6 ({mode})");
        check_wasm_status(&out, Code(0), &what);
        assert_same_stdout(
            b"start\n-1332673632\n3000000\n2000000\n",
            &out.stdout,
            &what,
        );
    }
}

/// Every module in `tests/wat/` (except the prelude) is used by the list, and
/// every module the list uses exists.
#[test]
fn wat_every_module_is_used() {
    let mut files: Vec<String> = std::fs::read_dir(tests_dir().join("wat"))
        .expect("tests/wat")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".wat").map(str::to_owned))
        .filter(|n| n != "prelude")
        .collect();
    files.sort();
    let mut used: Vec<String> = TESTS.iter().map(|t| t.file.to_owned()).collect();
    used.sort();
    used.dedup();
    assert_eq!(
        files, used,
        "tests/wat/*.wat and the list in wat_programs.rs disagree"
    );
}

/// Sanity check independent of wasmc: every module (with the prelude
/// spliced in) parses and validates, and exports `_start` and `memory`.
#[test]
fn wat_modules_parse_and_validate() {
    let mut files: Vec<&str> = TESTS.iter().map(|t| t.file).collect();
    files.sort_unstable();
    files.dedup();
    for file in files {
        let wasm =
            wat::parse_str(expand_wat(file)).unwrap_or_else(|e| panic!("wat/{file}.wat: {e}"));
        let features =
            wasmparser::WasmFeatures::default() | wasmparser::WasmFeatures::LEGACY_EXCEPTIONS;
        if let Err(e) = wasmparser::Validator::new_with_features(features).validate_all(&wasm) {
            panic!("wat/{file}.wat does not validate: {e}");
        }
        let mut exports = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
            if let wasmparser::Payload::ExportSection(s) = payload.expect("parse") {
                for e in s {
                    exports.push(e.expect("export").name.to_owned());
                }
            }
        }
        for needed in ["_start", "memory"] {
            assert!(
                exports.iter().any(|e| e == needed),
                "wat/{file}.wat does not export {needed}"
            );
        }
    }
}
