//! Typed indices into a module's index spaces. Imported entities come first in
//! every index space, so a `FuncIndex` is either imported or maps to a
//! `DefinedFuncIndex`; keeping them apart in the type system catches
//! off-by-`num_imported` mistakes at compile time.

use cranelift_entity::entity_impl;

macro_rules! index {
    ($($(#[$m:meta])* $name:ident, $disp:literal;)*) => {$(
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);
        entity_impl!($name, $disp);
    )*};
}

index! {
    /// A function in the module's function index space (imports first).
    FuncIndex, "func";
    /// A function defined (not imported) by the module.
    DefinedFuncIndex, "defined_func";
    /// A type in the type section.
    TypeIndex, "type";
    /// A global (imports first).
    GlobalIndex, "global";
    /// A table (imports first).
    TableIndex, "table";
    /// A memory (imports first).
    MemoryIndex, "memory";
}
