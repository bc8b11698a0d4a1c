//! Building the object's data: byte buffers with pointer relocations
//! ([`DataBuf`]), ABI structs filled in field by field through the typed
//! [`abi::Field`] constants ([`StructBuf`]), arrays of them hung off a parent
//! struct ([`StructBuf::array`]), and defining the result as data objects.
//!
//! Data comes in trees of three objects: a read-only `blob` of everything
//! without pointers (strings, type vectors, segment bytes), a `meta` object of
//! structs with relocations, and the root struct, the only global symbol.

use super::module_err;
use crate::abi::{self, Field, Struct, Ty};
use crate::const_expr::{Arith, ConstOp, ConstVal};
use crate::error::Result;
use cranelift_module::{DataDescription, DataId, FuncId, Linkage, Module};
use cranelift_object::ObjectModule;

/// Where a pointer field points.
#[derive(Clone, Copy)]
pub enum Target {
    Null,
    Blob(u32),
    Meta(u32),
    Func(FuncId),
}

/// Bytes of a data object plus the pointers to relocate in it.
#[derive(Default)]
pub struct DataBuf {
    pub bytes: Vec<u8>,
    pub relocs: Vec<(u32, Target)>,
}

impl DataBuf {
    pub fn align(&mut self, a: usize) {
        while !self.bytes.len().is_multiple_of(a) {
            self.bytes.push(0);
        }
    }

    pub fn push_bytes(&mut self, data: &[u8], align: usize) -> u32 {
        self.align(align);
        let off = self.bytes.len() as u32;
        self.bytes.extend_from_slice(data);
        off
    }

    /// Append `s` and a terminating NUL. Wasm names may contain NUL bytes, so
    /// descriptors that carry them also store the length (`*_len` fields);
    /// the NUL only lets C-string users read ordinary names as they are.
    pub fn push_str(&mut self, s: &str) -> u32 {
        let off = self.bytes.len() as u32;
        self.bytes.extend_from_slice(s.as_bytes());
        self.bytes.push(0);
        off
    }
}

/// How a target lays data out.
#[derive(Clone, Copy)]
pub struct DataLayout {
    /// Pointer size in bytes.
    pub ptr: u32,
    pub big_endian: bool,
}

/// The two non-root objects of a data tree.
#[derive(Default)]
pub struct Sections {
    pub blob: DataBuf,
    pub meta: DataBuf,
}

/// Which of the [`Sections`] an array goes into.
#[derive(Clone, Copy)]
pub enum Place {
    Blob,
    Meta,
}

/// One ABI struct being filled in, laid out as [`abi::Struct`] says.
pub struct StructBuf {
    s: &'static Struct,
    bytes: Vec<u8>,
    relocs: Vec<(u32, Target)>,
    ptr: u32,
    big: bool,
}

impl StructBuf {
    pub fn new(s: &'static Struct, ptr: u32, big: bool) -> Self {
        StructBuf {
            s,
            bytes: vec![0; s.size(ptr) as usize],
            relocs: Vec::new(),
            ptr,
            big,
        }
    }

    /// Offset of `f`, which must be a field of this struct.
    fn field(&self, f: Field) -> usize {
        assert_eq!(
            f.owner, self.s.name,
            "abi: {}.{} is not a field of {}",
            f.owner, f.name, self.s.name
        );
        f.offset(self.ptr) as usize
    }

    pub fn int(&mut self, f: Field, v: u64) -> &mut Self {
        let off = self.field(f);
        let n = match f.ty {
            Ty::U8 => 1,
            Ty::U32 => 4,
            Ty::U64 => 8,
            _ => panic!("abi: {}.{} is not an integer", self.s.name, f.name),
        };
        let le = v.to_le_bytes();
        for i in 0..n {
            let byte = if self.big { le[n - 1 - i] } else { le[i] };
            self.bytes[off + i] = byte;
        }
        self
    }

    pub fn ptr(&mut self, f: Field, t: Target) -> &mut Self {
        let off = self.field(f);
        assert!(
            matches!(f.ty, Ty::Ptr(_)),
            "abi: {}.{} is not a pointer",
            self.s.name,
            f.name
        );
        if !matches!(t, Target::Null) {
            self.relocs.push((off as u32, t));
        }
        self
    }

    pub fn bytes(&mut self, f: Field, data: &[u8]) -> &mut Self {
        let off = self.field(f);
        assert_eq!(f.ty, Ty::Bytes(data.len() as u32));
        self.bytes[off..off + data.len()].copy_from_slice(data);
        self
    }

    /// A nested `wasmc_const_expr`; an extended expression's op list is
    /// appended to `blob`.
    pub fn const_expr(&mut self, f: Field, c: &ConstVal, blob: &mut DataBuf) -> &mut Self {
        let off = self.field(f);
        assert_eq!(f.ty, Ty::Struct(&abi::CONST_EXPR));
        let e = encode_const(c, self.ptr, self.big, blob);
        self.bytes[off..off + e.bytes.len()].copy_from_slice(&e.bytes);
        self.relocs
            .extend(e.relocs.into_iter().map(|(o, t)| (off as u32 + o, t)));
        self
    }

    /// An array of `elem` structs, one per item, each filled in by `fill`
    /// (which may append strings to the blob it is given) and appended to
    /// `place`: `ptr` points at the first struct (NULL when there is none)
    /// and `count` holds how many there are.
    pub fn array<T>(
        &mut self,
        (ptr, count): (Field, Field),
        out: &mut Sections,
        place: Place,
        elem: &'static Struct,
        items: impl IntoIterator<Item = T>,
        mut fill: impl FnMut(&mut StructBuf, &mut DataBuf, T),
    ) -> &mut Self {
        let mut first = None;
        let mut n = 0u64;
        for item in items {
            let mut s = StructBuf::new(elem, self.ptr, self.big);
            fill(&mut s, &mut out.blob, item);
            let (buf, target): (_, fn(u32) -> Target) = match place {
                Place::Blob => (&mut out.blob, Target::Blob),
                Place::Meta => (&mut out.meta, Target::Meta),
            };
            let off = s.finish(buf);
            first.get_or_insert(target(off));
            n += 1;
        }
        self.ptr(ptr, first.unwrap_or(Target::Null)).int(count, n)
    }

    /// Append to `buf` at the struct's natural alignment, returning its
    /// offset. Consecutive structs of one kind form a C array: the size is a
    /// multiple of the alignment, so the stride is exactly `sizeof`.
    pub fn finish(self, buf: &mut DataBuf) -> u32 {
        let off = buf.push_bytes(&self.bytes, self.s.alignof.get(self.ptr) as usize);
        buf.relocs
            .extend(self.relocs.into_iter().map(|(o, t)| (off + o, t)));
        off
    }
}

/// A `wasmc_const_expr`. `bits` keeps wasm's little-endian byte order. An
/// extended expression ([`ConstVal::Expr`]) becomes a `WASMC_CONST_EXPR`
/// record pointing at its op records, which are appended to `blob` (they
/// hold no pointers themselves).
pub fn encode_const(c: &ConstVal, ptr: u32, big: bool, blob: &mut DataBuf) -> StructBuf {
    use abi::{const_expr as ce, const_kind};
    let mut e = StructBuf::new(&abi::CONST_EXPR, ptr, big);
    match c {
        ConstVal::Bits(bits) => {
            e.int(ce::KIND, u64::from(const_kind::VALUE))
                .bytes(ce::BITS, bits);
        }
        ConstVal::GlobalGet(g) => {
            e.int(ce::KIND, u64::from(const_kind::GLOBAL_GET))
                .int(ce::INDEX, u64::from(g.as_u32()));
        }
        ConstVal::RefNull => {
            e.int(ce::KIND, u64::from(const_kind::REF_NULL));
        }
        ConstVal::RefFunc(f) => {
            e.int(ce::KIND, u64::from(const_kind::REF_FUNC))
                .int(ce::INDEX, u64::from(f.as_u32()));
        }
        ConstVal::RefI31(v) => {
            e.int(ce::KIND, u64::from(const_kind::REF_I31))
                .int(ce::INDEX, u64::from(*v as u32));
        }
        ConstVal::Expr(ops) => {
            let mut list = DataBuf::default();
            for op in ops {
                encode_op(*op, ptr, big).finish(&mut list);
            }
            let align = abi::CONST_EXPR.alignof.get(ptr) as usize;
            let off = blob.push_bytes(&list.bytes, align);
            e.int(ce::KIND, u64::from(const_kind::EXPR))
                .int(ce::INDEX, ops.len() as u64)
                .ptr(ce::OPS, Target::Blob(off));
        }
    }
    e
}

/// One op record of an extended constant expression.
fn encode_op(op: ConstOp, ptr: u32, big: bool) -> StructBuf {
    use abi::{const_expr as ce, const_kind as k};
    let mut e = StructBuf::new(&abi::CONST_EXPR, ptr, big);
    match op {
        ConstOp::I32(v) => {
            let mut bits = [0u8; 16];
            bits[..4].copy_from_slice(&v.to_le_bytes());
            e.int(ce::KIND, u64::from(k::VALUE))
                .int(ce::INDEX, u64::from(abi::valtype::I32))
                .bytes(ce::BITS, &bits);
        }
        ConstOp::I64(v) => {
            let mut bits = [0u8; 16];
            bits[..8].copy_from_slice(&v.to_le_bytes());
            e.int(ce::KIND, u64::from(k::VALUE))
                .int(ce::INDEX, u64::from(abi::valtype::I64))
                .bytes(ce::BITS, &bits);
        }
        ConstOp::GlobalGet(g) => {
            e.int(ce::KIND, u64::from(k::GLOBAL_GET))
                .int(ce::INDEX, u64::from(g.as_u32()));
        }
        ConstOp::Arith(a) => {
            let kind = match a {
                Arith::I32Add => k::I32_ADD,
                Arith::I32Sub => k::I32_SUB,
                Arith::I32Mul => k::I32_MUL,
                Arith::I64Add => k::I64_ADD,
                Arith::I64Sub => k::I64_SUB,
                Arith::I64Mul => k::I64_MUL,
            };
            e.int(ce::KIND, u64::from(kind));
        }
        ConstOp::I31Wrap => {
            e.int(ce::KIND, u64::from(k::I31_WRAP));
        }
        ConstOp::Bits(bits, ty) => {
            e.int(ce::KIND, u64::from(k::VALUE))
                .int(ce::INDEX, u64::from(ty))
                .bytes(ce::BITS, &bits);
        }
        ConstOp::RefNull => {
            e.int(ce::KIND, u64::from(k::REF_NULL));
        }
        ConstOp::RefFunc(f) => {
            e.int(ce::KIND, u64::from(k::REF_FUNC))
                .int(ce::INDEX, u64::from(f.as_u32()));
        }
        ConstOp::StructNew(t) => {
            e.int(ce::KIND, u64::from(k::STRUCT_NEW))
                .int(ce::INDEX, u64::from(t));
        }
        ConstOp::StructNewDefault(t) => {
            e.int(ce::KIND, u64::from(k::STRUCT_NEW_DEFAULT))
                .int(ce::INDEX, u64::from(t));
        }
        ConstOp::ArrayNew(t) => {
            e.int(ce::KIND, u64::from(k::ARRAY_NEW))
                .int(ce::INDEX, u64::from(t));
        }
        ConstOp::ArrayNewDefault(t) => {
            e.int(ce::KIND, u64::from(k::ARRAY_NEW_DEFAULT))
                .int(ce::INDEX, u64::from(t));
        }
        ConstOp::ArrayNewFixed(t, n) => {
            let mut bits = [0u8; 16];
            bits[..4].copy_from_slice(&n.to_le_bytes());
            e.int(ce::KIND, u64::from(k::ARRAY_NEW_FIXED))
                .int(ce::INDEX, u64::from(t))
                .bytes(ce::BITS, &bits);
        }
    }
    e
}

/// Symbol names of a data tree's three objects (`blob` and `meta` are
/// local, the root is global).
pub struct TreeNames<'a> {
    pub blob: &'a str,
    pub meta: &'a str,
    /// The root struct: a global symbol.
    pub root: &'a str,
}

/// Declare and define a data tree: `sections` plus the `root` struct.
pub fn define_tree(
    module: &mut ObjectModule,
    names: &TreeNames<'_>,
    sections: Sections,
    root: StructBuf,
) -> Result<()> {
    let blob_id = module
        .declare_data(names.blob, Linkage::Local, false, false)
        .map_err(module_err)?;
    let meta_id = module
        .declare_data(names.meta, Linkage::Local, false, false)
        .map_err(module_err)?;
    let root_id = module
        .declare_data(names.root, Linkage::Export, false, false)
        .map_err(module_err)?;
    let mut root_buf = DataBuf::default();
    root.finish(&mut root_buf);
    let ids = (blob_id, meta_id);
    define(module, blob_id, sections.blob, ids, 16)?;
    define(module, meta_id, sections.meta, ids, 16)?;
    define(module, root_id, root_buf, ids, 16)
}

fn define(
    module: &mut ObjectModule,
    id: DataId,
    buf: DataBuf,
    (blob_id, meta_id): (DataId, DataId),
    align: u64,
) -> Result<()> {
    let mut d = DataDescription::new();
    let mut bytes = buf.bytes;
    if bytes.is_empty() {
        bytes.push(0);
    }
    d.define(bytes.into_boxed_slice());
    d.set_align(align);
    let blob_gv = module.declare_data_in_data(blob_id, &mut d);
    let meta_gv = module.declare_data_in_data(meta_id, &mut d);
    for (off, t) in buf.relocs {
        match t {
            Target::Null => {}
            Target::Blob(a) => d.write_data_addr(off, blob_gv, i64::from(a)),
            Target::Meta(a) => d.write_data_addr(off, meta_gv, i64::from(a)),
            Target::Func(f) => {
                let r = module.declare_func_in_data(f, &mut d);
                d.write_function_addr(off, r);
            }
        }
    }
    module.define_data(id, &d).map_err(module_err)
}
