//! The layout of GC objects: the one place that decides where a struct's
//! fields and an array's elements live.
//!
//! Every object starts with the 16-byte header of `docs/gc-plan.md`
//! (bytes 0..8 the `wasmc_rtt` pointer, 8..12 an array's length, 12..16 the
//! collector's bits). Struct fields follow in declaration order, each at the
//! next multiple of its natural alignment (at most 8: objects are only
//! 8-aligned, so a v128 field is 8-aligned and accessed unaligned); the size
//! is rounded up to 8. Array elements are packed at their size from byte 16.
//!
//! The layout depends only on the type's structure (and the pointer width),
//! so canonically equal types of different modules agree, and declaration
//! order makes a subtype's fields a prefix of its supertype's at the same
//! offsets, as `struct.get` through a supertype needs. The translator reads
//! offsets from here; the descriptor emits them for the runtime's rtt.

use crate::abi::valtype;
use crate::types::{repr, TypeDef};
use wasmparser::{CompositeInnerType, StorageType, ValType};

/// Bytes of the object header.
pub const HEADER: u32 = 16;
/// Offset of an array's u32 length.
pub const ARRAY_LENGTH: u32 = 8;

/// Size in bytes of a field or element of storage type `s`.
pub fn storage_size(s: StorageType, ptr: u32) -> u32 {
    match s {
        StorageType::I8 => 1,
        StorageType::I16 => 2,
        StorageType::Val(v) => match v {
            ValType::I32 | ValType::F32 => 4,
            ValType::I64 | ValType::F64 => 8,
            ValType::V128 => 16,
            ValType::Ref(_) => ptr,
        },
    }
}

/// The storage type code of the rtt's `field_types`/`elem_type`: I8, I16, a
/// number type or the representation of a reference.
pub fn storage_code(s: StorageType, defs: &[TypeDef]) -> u8 {
    match s {
        StorageType::I8 => valtype::I8,
        StorageType::I16 => valtype::I16,
        StorageType::Val(v) => match v {
            ValType::I32 => valtype::I32,
            ValType::I64 => valtype::I64,
            ValType::F32 => valtype::F32,
            ValType::F64 => valtype::F64,
            ValType::V128 => valtype::V128,
            ValType::Ref(r) => repr(r.heap_type(), defs),
        },
    }
}

/// Where a struct or array type's data lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Byte offset from the object start of each field (an array: one
    /// entry, the first element's offset).
    pub offsets: Vec<u32>,
    /// Storage type of each field (an array: its element type).
    pub storage: Vec<StorageType>,
    /// A struct's total object bytes (header included, a multiple of 8); an
    /// array's element bytes.
    pub size: u32,
}

/// The layout of struct or array type `def`; `None` for a function type.
pub fn layout(def: &TypeDef, ptr: u32) -> Option<Layout> {
    match &def.sub.composite_type.inner {
        CompositeInnerType::Struct(st) => {
            let mut off = HEADER;
            let mut offsets = Vec::with_capacity(st.fields.len());
            let mut storage = Vec::with_capacity(st.fields.len());
            for f in st.fields.iter() {
                let size = storage_size(f.element_type, ptr);
                let align = size.min(8);
                off = off.div_ceil(align) * align;
                offsets.push(off);
                storage.push(f.element_type);
                off += size;
            }
            Some(Layout {
                offsets,
                storage,
                size: off.div_ceil(8) * 8,
            })
        }
        CompositeInnerType::Array(at) => Some(Layout {
            offsets: vec![HEADER],
            storage: vec![at.0.element_type],
            size: storage_size(at.0.element_type, ptr),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmparser::{CompositeType, FieldType, StructType, SubType};

    fn struct_def(fields: &[StorageType]) -> TypeDef {
        let fields: Vec<FieldType> = fields
            .iter()
            .map(|&element_type| FieldType {
                element_type,
                mutable: true,
            })
            .collect();
        TypeDef {
            sub: SubType {
                is_final: true,
                supertype_idxs: Default::default(),
                composite_type: CompositeType {
                    inner: CompositeInnerType::Struct(StructType {
                        fields: fields.into(),
                    }),
                    shared: false,
                    descriptor_idx: None,
                    describes_idx: None,
                },
            },
            rec_start: 0,
            rec_len: 1,
        }
    }

    #[test]
    fn fields_follow_the_header_at_natural_alignment() {
        use StorageType::{Val, I16, I8};
        let anyref = Val(ValType::Ref(wasmparser::RefType::ANYREF));
        // i8 at 16, i64 aligned to 24, i16 at 32, a reference aligned to 40
        // (64-bit) or 36 (32-bit), v128 8-aligned.
        let d = struct_def(&[I8, Val(ValType::I64), I16, anyref, Val(ValType::V128)]);
        let l = layout(&d, 8).expect("a struct");
        assert_eq!(l.offsets, [16, 24, 32, 40, 48]);
        assert_eq!(l.size, 64);
        let l = layout(&d, 4).expect("a struct");
        assert_eq!(l.offsets, [16, 24, 32, 36, 40]);
        assert_eq!(l.size, 56);
        // An empty struct is just the header; sizes round up to 8.
        assert_eq!(layout(&struct_def(&[]), 8).expect("a struct").size, 16);
        assert_eq!(layout(&struct_def(&[I8]), 8).expect("a struct").size, 24);
    }

    #[test]
    fn a_subtype_prefix_keeps_its_offsets() {
        use StorageType::{Val, I8};
        let sup = struct_def(&[I8, Val(ValType::F64)]);
        let sub = struct_def(&[I8, Val(ValType::F64), I8, Val(ValType::I32)]);
        let (a, b) = (layout(&sup, 8).unwrap(), layout(&sub, 8).unwrap());
        assert_eq!(a.offsets[..], b.offsets[..2]);
    }

    #[test]
    fn element_sizes() {
        assert_eq!(storage_size(StorageType::I8, 8), 1);
        assert_eq!(storage_size(StorageType::I16, 8), 2);
        assert_eq!(storage_size(StorageType::Val(ValType::F32), 8), 4);
        assert_eq!(storage_size(StorageType::Val(ValType::V128), 4), 16);
        assert_eq!(storage_size(StorageType::Val(ValType::I64), 4), 8);
        let r = StorageType::Val(ValType::Ref(wasmparser::RefType::FUNCREF));
        assert_eq!((storage_size(r, 8), storage_size(r, 4)), (8, 4));
    }
}
