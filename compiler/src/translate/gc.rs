//! The GC proposal's reference instructions: `ref.i31`, `i31.get_s/u`,
//! `ref.eq`, `ref.test`, `ref.cast`, `br_on_cast`, `br_on_cast_fail`,
//! `any.convert_extern` and `extern.convert_any` here; the struct and array
//! instructions in `gc_struct.rs` and `gc_array.rs`.
//!
//! Representation (docs/ARCHITECTURE.md, "GC references"): every reference
//! is one pointer-sized word, 0 for null. In the `any` hierarchy an odd word
//! is an i31, `(v << 1) | 1` (the i32 shifted and tagged, zero-extended to
//! the word); an even word is a heap object or a host value that entered
//! through `any.convert_extern` (host externrefs are even, see `wasmc.h`).
//! Externref and anyref share the representation, so both conversions are
//! the identity. A funcref points at a `wasmc_funcref`, whose `type_id` is
//! the canonical id of the function's type.
//!
//! Struct and array objects live in the store's GC heap: a word is an
//! object exactly when it is even and inside the heap's [base, end)
//! (`vmctx->gc_heap`), so host values converted by `any.convert_extern`
//! (even, outside the heap) are never mistaken for one. An object's header
//! points at its rtt: casts to `struct`/`array` compare the rtt's kind, casts
//! to a concrete type compare canonical ids, through the rtt's supertype
//! display when the type may have subtypes ([`non_null_test`] decides).

use super::Translator;
use crate::abi::{self, Trap};
use crate::conventions::{readonly, trusted};
use crate::index::TypeIndex;
use crate::types::Kind;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, InstBuilder, Value};
use cranelift_frontend::FunctionBuilder;
use wasmparser::{AbstractHeapType as A, HeapType, Operator, RefType};

pub(super) fn translate(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    op: &Operator<'_>,
) -> bool {
    if super::gc_struct::translate(t, b, op) || super::gc_array::translate(t, b, op) {
        return true;
    }
    match *op {
        Operator::RefI31 => {
            let v = t.state.pop();
            let shifted = b.ins().ishl_imm_u(v, 1);
            let tagged = b.ins().bor_imm_u(shifted, 1);
            let word = if t.env.ptr == types::I32 {
                tagged
            } else {
                b.ins().uextend(t.env.ptr, tagged)
            };
            t.state.push(word);
        }
        Operator::I31GetS | Operator::I31GetU => {
            let r = t.state.pop();
            t.env.trapz(b, r, Trap::NullI31Reference);
            let low = if t.env.ptr == types::I32 {
                r
            } else {
                b.ins().ireduce(types::I32, r)
            };
            let v = if matches!(op, Operator::I31GetS) {
                b.ins().sshr_imm_u(low, 1)
            } else {
                b.ins().ushr_imm_u(low, 1)
            };
            t.state.push(v);
        }
        Operator::RefEq => {
            let (x, y) = t.state.pop2();
            let eq = b.ins().icmp(IntCC::Equal, x, y);
            let eq = b.ins().uextend(types::I32, eq);
            t.state.push(eq);
        }
        // The same word in both hierarchies.
        Operator::AnyConvertExtern | Operator::ExternConvertAny => {}
        Operator::RefTestNonNull { hty } | Operator::RefTestNullable { hty } => {
            let nullable = matches!(op, Operator::RefTestNullable { .. });
            let v = t.state.pop();
            let ok = test(t, b, v, hty, nullable);
            let ok = b.ins().uextend(types::I32, ok);
            t.state.push(ok);
        }
        Operator::RefCastNonNull { hty } | Operator::RefCastNullable { hty } => {
            let nullable = matches!(op, Operator::RefCastNullable { .. });
            let v = t.state.pop();
            cast(t, b, v, hty, nullable);
            t.state.push(v);
        }
        Operator::BrOnCast {
            relative_depth,
            to_ref_type,
            ..
        } => {
            let v = *t.state.stack.last().expect("validated: a reference");
            let ok = test_ref(t, b, v, to_ref_type);
            super::control::br_if(t, b, relative_depth, ok);
        }
        Operator::BrOnCastFail {
            relative_depth,
            to_ref_type,
            ..
        } => {
            let v = *t.state.stack.last().expect("validated: a reference");
            let ok = test_ref(t, b, v, to_ref_type);
            let fail = b.ins().bxor_imm_u(ok, 1);
            super::control::br_if(t, b, relative_depth, fail);
        }
        _ => return false,
    }
    true
}

/// What a non-null reference's membership in a heap type takes.
enum NonNull {
    /// Known without looking at the value.
    Always(bool),
    /// The i31 tag bit.
    I31,
    /// The funcref's canonical type id against concrete function type `ty`.
    FuncType(TypeIndex),
    /// An i31 or any object (`eq`).
    Eq,
    /// An object of rtt kind `WASMC_TYPE_STRUCT` or `ARRAY`.
    ObjectKind(u8),
    /// An object of concrete struct or array type `ty`, `depth` supertypes
    /// below its root; `final` types have no subtypes, so the id decides.
    ObjectType {
        ty: TypeIndex,
        depth: u32,
        is_final: bool,
    },
}

/// How to decide whether a non-null reference (of the hierarchy `ht` is
/// in, as validation guarantees) is in `ht`.
fn non_null_test(t: &Translator<'_, '_>, ht: HeapType) -> NonNull {
    match ht {
        HeapType::Abstract { ty, .. } => match ty {
            A::Any | A::Func | A::Extern | A::Exn => NonNull::Always(true),
            A::Eq => NonNull::Eq,
            A::I31 => NonNull::I31,
            A::Struct => NonNull::ObjectKind(abi::valtype::STRUCT),
            A::Array => NonNull::ObjectKind(abi::valtype::ARRAY),
            _ => NonNull::Always(false),
        },
        HeapType::Concrete(i) | HeapType::Exact(i) => {
            let i = i.as_module_index().expect("validated: a module type index");
            let ty = TypeIndex::from_u32(i);
            let defs = &t.env.module.type_defs;
            match defs[i as usize].kind() {
                Kind::Func => NonNull::FuncType(ty),
                Kind::Struct | Kind::Array => {
                    let mut depth = 0;
                    let mut at = i;
                    while let Some(s) = defs[at as usize].supertype() {
                        depth += 1;
                        at = s;
                    }
                    NonNull::ObjectType {
                        ty,
                        depth,
                        is_final: defs[i as usize].is_final(),
                    }
                }
            }
        }
    }
}

fn test_ref(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    v: Value,
    r: RefType,
) -> Value {
    test(t, b, v, r.heap_type(), r.is_nullable())
}

/// An i8, 1 if reference `v` is in `(ref null? ht)`.
fn test(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    v: Value,
    ht: HeapType,
    nullable: bool,
) -> Value {
    match non_null_test(t, ht) {
        NonNull::Always(true) if nullable => b.ins().iconst(types::I8, 1),
        NonNull::Always(true) => b.ins().icmp_imm_u(IntCC::NotEqual, v, 0),
        NonNull::Always(false) if nullable => b.ins().icmp_imm_u(IntCC::Equal, v, 0),
        NonNull::Always(false) => b.ins().iconst(types::I8, 0),
        NonNull::I31 => {
            let bit = b.ins().band_imm_u(v, 1);
            let tagged = b.ins().icmp_imm_u(IntCC::NotEqual, bit, 0);
            if nullable {
                let is_null = b.ins().icmp_imm_u(IntCC::Equal, v, 0);
                b.ins().bor(tagged, is_null)
            } else {
                tagged
            }
        }
        NonNull::Eq | NonNull::ObjectKind(_) | NonNull::ObjectType { .. } => {
            object_test(t, b, v, nullable, non_null_test(t, ht))
        }
        NonNull::FuncType(ty) => {
            let is_null = b.ins().icmp_imm_u(IntCC::Equal, v, 0);
            let non_null = b.create_block();
            let done = b.create_block();
            b.append_block_param(done, types::I8);
            let when_null = b.ins().iconst(types::I8, i64::from(nullable));
            b.ins()
                .brif(is_null, done, &[when_null.into()], non_null, &[]);
            b.seal_block(non_null);
            b.switch_to_block(non_null);
            let (have, want) = type_ids(t, b, v, ty);
            let same = b.ins().icmp(IntCC::Equal, have, want);
            if crate::types::has_subtypes(&t.env.module.type_defs, ty) {
                let slow = b.create_block();
                let one = b.ins().iconst(types::I8, 1);
                b.ins().brif(same, done, &[one.into()], slow, &[]);
                b.seal_block(slow);
                b.switch_to_block(slow);
                let r = t
                    .env
                    .libcall(b, abi::libcall::TYPE_IS_SUBTYPE, &[have, want])
                    .expect("returns a value");
                let r = b.ins().icmp_imm_u(IntCC::NotEqual, r, 0);
                b.ins().jump(done, &[r.into()]);
            } else {
                b.ins().jump(done, &[same.into()]);
            }
            b.seal_block(done);
            b.switch_to_block(done);
            b.block_params(done)[0]
        }
    }
}

/// An i8, 1 if `v` is null and `nullable`, or passes `how` (an object
/// test). Null, then the i31 tag, then the heap range, then the header.
fn object_test(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    v: Value,
    nullable: bool,
    how: NonNull,
) -> Value {
    let done = b.create_block();
    b.append_block_param(done, types::I8);
    let tag_block = b.create_block();
    let is_null = b.ins().icmp_imm_u(IntCC::Equal, v, 0);
    let when_null = b.ins().iconst(types::I8, i64::from(nullable));
    b.ins()
        .brif(is_null, done, &[when_null.into()], tag_block, &[]);
    b.seal_block(tag_block);
    b.switch_to_block(tag_block);
    // An i31 is an eq but no object.
    let bit = b.ins().band_imm_u(v, 1);
    let when_i31 = b
        .ins()
        .iconst(types::I8, i64::from(matches!(how, NonNull::Eq)));
    let range_block = b.create_block();
    b.ins()
        .brif(bit, done, &[when_i31.into()], range_block, &[]);
    b.seal_block(range_block);
    b.switch_to_block(range_block);
    // The range is read at each test (not hoisted): the heap's reservation
    // may be made after this function started.
    let p = t.env.ptr_bytes();
    let heap = t.env.vmctx_field(b, abi::vmctx::GC_HEAP);
    let base = b.ins().load(
        t.env.ptr,
        trusted(),
        heap,
        abi::gc_heap::BASE.offset(p) as i32,
    );
    let end = b.ins().load(
        t.env.ptr,
        trusted(),
        heap,
        abi::gc_heap::END.offset(p) as i32,
    );
    let off = b.ins().isub(v, base);
    let span = b.ins().isub(end, base);
    let inside = b.ins().icmp(IntCC::UnsignedLessThan, off, span);
    let obj_block = b.create_block();
    let no = b.ins().iconst(types::I8, 0);
    b.ins().brif(inside, obj_block, &[], done, &[no.into()]);
    b.seal_block(obj_block);
    b.switch_to_block(obj_block);
    // Loads from the object only once it is known to be one (no `can_move`).
    let result = match how {
        NonNull::ObjectKind(kind) => {
            let rtt = b.ins().load(t.env.ptr, trusted(), v, 0);
            let k = b
                .ins()
                .uload8(types::I32, trusted(), rtt, abi::rtt::KIND.offset(p) as i32);
            b.ins().icmp_imm_u(IntCC::Equal, k, i64::from(kind))
        }
        NonNull::ObjectType {
            ty,
            depth,
            is_final,
        } => {
            let rtt = b.ins().load(t.env.ptr, trusted(), v, 0);
            let want = super::gc_access::type_id(t, b, ty);
            if is_final {
                let id = b.ins().load(
                    types::I32,
                    trusted(),
                    rtt,
                    abi::rtt::TYPE_ID.offset(p) as i32,
                );
                b.ins().icmp(IntCC::Equal, id, want)
            } else {
                // The display: supers[depth] is the ancestor at the target's
                // depth, if the object's type is that deep.
                if depth > 0 {
                    let d =
                        b.ins()
                            .load(types::I32, trusted(), rtt, abi::rtt::DEPTH.offset(p) as i32);
                    let deep =
                        b.ins()
                            .icmp_imm_u(IntCC::UnsignedGreaterThanOrEqual, d, i64::from(depth));
                    let display = b.create_block();
                    b.ins().brif(deep, display, &[], done, &[no.into()]);
                    b.seal_block(display);
                    b.switch_to_block(display);
                }
                let supers =
                    b.ins()
                        .load(t.env.ptr, trusted(), rtt, abi::rtt::SUPERS.offset(p) as i32);
                let id = b
                    .ins()
                    .load(types::I32, trusted(), supers, (depth * 4) as i32);
                b.ins().icmp(IntCC::Equal, id, want)
            }
        }
        _ => b.ins().iconst(types::I8, 1),
    };
    b.ins().jump(done, &[result.into()]);
    b.seal_block(done);
    b.switch_to_block(done);
    b.block_params(done)[0]
}

/// `ref.cast`: trap unless `v` is in `(ref null? ht)`.
fn cast(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    v: Value,
    ht: HeapType,
    nullable: bool,
) {
    match non_null_test(t, ht) {
        NonNull::Always(true) if nullable => {}
        NonNull::Always(true) => t.env.trapz(b, v, Trap::CastFailure),
        _ => {
            let ok = test(t, b, v, ht, nullable);
            t.env.trapz(b, ok, Trap::CastFailure);
        }
    }
}

/// The canonical type id of non-null funcref `v` and that of type `ty`.
fn type_ids(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    v: Value,
    ty: TypeIndex,
) -> (Value, Value) {
    let p = t.env.ptr_bytes();
    let have = b.ins().load(
        types::I32,
        readonly(),
        v,
        abi::funcref::TYPE_ID.offset(p) as i32,
    );
    let ids = t.env.vmctx_field(b, abi::vmctx::TYPE_IDS);
    let want = b
        .ins()
        .load(types::I32, readonly(), ids, (ty.as_u32() * 4) as i32);
    (have, want)
}

/// `call_indirect` to a type that may have subtypes: when the ids differ
/// (`mismatch`), trap with `trap` unless `have` is a subtype of `want`.
pub(super) fn subtype_check(
    t: &mut Translator<'_, '_>,
    b: &mut FunctionBuilder<'_>,
    mismatch: Value,
    have: Value,
    want: Value,
    trap: Trap,
) {
    let slow = b.create_block();
    let cont = b.create_block();
    b.ins().brif(mismatch, slow, &[], cont, &[]);
    b.seal_block(slow);
    b.switch_to_block(slow);
    let r = t
        .env
        .libcall(b, abi::libcall::TYPE_IS_SUBTYPE, &[have, want])
        .expect("returns a value");
    t.env.trapz(b, r, trap);
    b.ins().jump(cont, &[]);
    b.seal_block(cont);
    b.switch_to_block(cont);
}
