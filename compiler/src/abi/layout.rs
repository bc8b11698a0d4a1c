//! How ABI structs are declared and laid out.
//!
//! Each struct is declared once, with [`abi_struct!`]. The declaration yields
//! both the [`Struct`] table the C header generator walks and a module of
//! typed [`Field`] constants (`abi::vmctx::STACK_LIMIT`) whose offsets were
//! computed at compile time for both pointer widths. Generated code and the
//! descriptor encoder use the constants, so a misspelt field is a compile
//! error and no layout is recomputed while compiling a module.
//!
//! All structs use natural alignment and no packing, which is what every C
//! ABI we target does for these field types.

/// A number that depends on the target's pointer width, known for both widths
/// wasmc supports (4- and 8-byte pointers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ByWidth {
    pub p32: u32,
    pub p64: u32,
}

impl ByWidth {
    /// The value for a target with `ptr`-byte pointers.
    pub const fn get(self, ptr: u32) -> u32 {
        match ptr {
            4 => self.p32,
            8 => self.p64,
            _ => panic!("abi: pointers are 4 or 8 bytes"),
        }
    }

    /// Size of a struct with fields `tys` (a multiple of its alignment, so
    /// consecutive structs form a C array).
    pub const fn struct_size(tys: &[Ty]) -> ByWidth {
        ByWidth {
            p32: layout_end(tys, 4),
            p64: layout_end(tys, 8),
        }
    }

    /// Alignment of a struct with fields `tys`.
    pub const fn struct_align(tys: &[Ty]) -> ByWidth {
        ByWidth {
            p32: max_align(tys, 4),
            p64: max_align(tys, 8),
        }
    }
}

/// A field type in an ABI struct.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    U8,
    U32,
    U64,
    /// A pointer (data or code); its C spelling is given separately.
    Ptr(&'static str),
    /// An inline array of bytes.
    Bytes(u32),
    /// Another ABI struct, inline.
    Struct(&'static Struct),
}

impl Ty {
    const fn size_align(self, ptr: u32) -> (u32, u32) {
        match self {
            Ty::U8 => (1, 1),
            Ty::U32 => (4, 4),
            Ty::U64 => (8, 8),
            Ty::Ptr(_) => (ptr, ptr),
            Ty::Bytes(n) => (n, 1),
            Ty::Struct(s) => (s.sizeof.get(ptr), s.alignof.get(ptr)),
        }
    }
}

const fn align_to(x: u32, a: u32) -> u32 {
    x.div_ceil(a) * a
}

/// Offset of field `index` of a struct with fields `tys`.
const fn field_offset(tys: &[Ty], index: usize, ptr: u32) -> u32 {
    let mut off = 0;
    let mut i = 0;
    loop {
        let (size, align) = tys[i].size_align(ptr);
        off = align_to(off, align);
        if i == index {
            return off;
        }
        off += size;
        i += 1;
    }
}

const fn max_align(tys: &[Ty], ptr: u32) -> u32 {
    let mut align = 1;
    let mut i = 0;
    while i < tys.len() {
        let a = tys[i].size_align(ptr).1;
        if a > align {
            align = a;
        }
        i += 1;
    }
    align
}

const fn layout_end(tys: &[Ty], ptr: u32) -> u32 {
    let last = tys.len() - 1;
    let end = field_offset(tys, last, ptr) + tys[last].size_align(ptr).0;
    align_to(end, max_align(tys, ptr))
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// `upper` is `lower` in upper case (the constant naming a field).
const fn is_upper_of(upper: &str, lower: &str) -> bool {
    let (u, l) = (upper.as_bytes(), lower.as_bytes());
    if u.len() != l.len() {
        return false;
    }
    let mut i = 0;
    while i < u.len() {
        if u[i] != l[i].to_ascii_uppercase() {
            return false;
        }
        i += 1;
    }
    true
}

/// One field of an ABI struct, with its offset on both pointer widths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// The C field name.
    pub name: &'static str,
    pub ty: Ty,
    /// The C name of the struct the field belongs to.
    pub owner: &'static str,
    offset: ByWidth,
}

impl Field {
    /// Byte offset of the field on a target with `ptr`-byte pointers.
    pub const fn offset(self, ptr: u32) -> u32 {
        self.offset.get(ptr)
    }

    /// The field `name` of struct `owner` whose fields are `names`/`tys`, for
    /// `abi_struct!`: it checks at compile time that the constant is
    /// called `const_name`, the field name in upper case.
    pub const fn declare(
        owner: &'static str,
        names: &[&str],
        tys: &[Ty],
        name: &'static str,
        const_name: &str,
    ) -> Field {
        assert!(
            is_upper_of(const_name, name),
            "abi: a field constant must be its field name in upper case"
        );
        let mut index = 0;
        while !str_eq(names[index], name) {
            index += 1;
        }
        Field {
            name,
            ty: tys[index],
            owner,
            offset: ByWidth {
                p32: field_offset(tys, index, 4),
                p64: field_offset(tys, index, 8),
            },
        }
    }
}

/// An ABI struct: name and fields in order.
#[derive(Debug, PartialEq, Eq)]
pub struct Struct {
    pub name: &'static str,
    pub doc: &'static str,
    pub fields: &'static [Field],
    pub sizeof: ByWidth,
    pub alignof: ByWidth,
}

/// A struct layout for one pointer width.
#[derive(Debug, Clone)]
pub struct Layout {
    pub size: u32,
    pub align: u32,
    pub offsets: Vec<u32>,
}

impl Struct {
    /// Layout for a target with `ptr`-byte pointers.
    pub fn layout(&self, ptr: u32) -> Layout {
        Layout {
            size: self.sizeof.get(ptr),
            align: self.alignof.get(ptr),
            offsets: self.fields.iter().map(|f| f.offset(ptr)).collect(),
        }
    }

    /// Offset of field `name`, looked up by name for tests and tools that
    /// read objects; the compiler itself uses the typed [`Field`] constants.
    /// Panics on a name that is not in the table.
    pub fn offset(&self, name: &str, ptr: u32) -> u32 {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("abi: {} has no field {name}", self.name))
            .offset(ptr)
    }

    pub const fn size(&self, ptr: u32) -> u32 {
        self.sizeof.get(ptr)
    }
}

/// Declare an ABI struct: `pub static NAME, mod name = "c_name", "doc" {
/// FIELD = field: Ty, ... }` defines the [`Struct`] table `NAME` and the
/// module `name` with one [`Field`] constant per field plus `SIZEOF`, `ALIGNOF`
/// and `FIELDS`.
macro_rules! abi_struct {
    (
        $(#[$doc:meta])*
        pub static $table:ident, mod $module:ident = $c_name:literal, $c_doc:literal {
            $( $(#[$field_doc:meta])* $konst:ident = $field:ident : $kind:ident $(($arg:expr))? ),+ $(,)?
        }
    ) => {
        $(#[$doc])*
        pub static $table: $crate::abi::Struct = $crate::abi::Struct {
            name: $c_name,
            doc: $c_doc,
            fields: $module::FIELDS,
            sizeof: $module::SIZEOF,
            alignof: $module::ALIGNOF,
        };

        #[doc = concat!("Fields of `struct ", $c_name, "` with their offsets (see [`", stringify!($table), "`]).")]
        pub mod $module {
            #[allow(unused_imports, reason = "nested structs name their table")]
            use super::*;
            use $crate::abi::{ByWidth, Field, Ty};

            const TYS: &[Ty] = &[$(Ty::$kind $(($arg))?),+];
            const NAMES: &[&str] = &[$(stringify!($field)),+];
            $(
                $(#[$field_doc])*
                pub const $konst: Field =
                    Field::declare($c_name, NAMES, TYS, stringify!($field), stringify!($konst));
            )+
            /// Every field, in declaration order.
            pub const FIELDS: &[Field] = &[$($konst),+];
            pub const SIZEOF: ByWidth = ByWidth::struct_size(TYS);
            pub const ALIGNOF: ByWidth = ByWidth::struct_align(TYS);
        }
    };
}
pub(crate) use abi_struct;
