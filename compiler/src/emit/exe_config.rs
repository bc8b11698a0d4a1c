//! The executable configuration (`struct wasmc_exe_config`, global symbol
//! [`abi::EXE_CONFIG_SYMBOL`]): the directories, environment, memory limit
//! and listening sockets granted at build time (`wasmc build --dir/--env/...`).

use super::data::{define_tree, DataLayout, Place, Sections, StructBuf, Target, TreeNames};
use crate::abi::{self, exe_config as f};
use crate::error::Result;
use crate::options::ExeConfig;
use cranelift_object::ObjectModule;

/// Encode `cfg` and define it in `module`.
pub fn define(module: &mut ObjectModule, cfg: &ExeConfig, layout: DataLayout) -> Result<()> {
    let (pb, big) = (layout.ptr, layout.big_endian);
    let mut out = Sections::default();
    let dir_strings: Vec<(u32, u32)> = cfg
        .dirs
        .iter()
        .map(|(h, g)| (out.blob.push_str(h), out.blob.push_str(g)))
        .collect();
    let env_strings: Vec<u32> = cfg.envs.iter().map(|e| out.blob.push_str(e)).collect();
    let listen_strings: Vec<u32> = cfg.listen.iter().map(|e| out.blob.push_str(e)).collect();
    let mut s = StructBuf::new(&abi::EXE_CONFIG, pb, big);
    s.array(
        (f::DIRS, f::NUM_DIRS),
        &mut out,
        Place::Meta,
        &abi::DIR_MAP,
        dir_strings,
        |d, _, (h, g)| {
            d.ptr(abi::dir_map::HOST, Target::Blob(h))
                .ptr(abi::dir_map::GUEST, Target::Blob(g));
        },
    );
    let meta = &mut out.meta;
    meta.align(pb as usize);
    // Arrays of string pointers.
    let mut string_array = |strings: Vec<u32>| {
        if strings.is_empty() {
            return Target::Null;
        }
        let start = meta.bytes.len() as u32;
        for e in strings {
            let off = meta.bytes.len() as u32;
            meta.bytes.extend(std::iter::repeat_n(0, pb as usize));
            meta.relocs.push((off, Target::Blob(e)));
        }
        Target::Meta(start)
    };
    let envs = string_array(env_strings);
    let listen = string_array(listen_strings);
    s.int(f::ABI_VERSION, u64::from(abi::ABI_VERSION))
        .int(f::INHERIT_ENV, u64::from(cfg.inherit_env))
        .int(f::NUM_ENVS, cfg.envs.len() as u64)
        .int(f::MAX_MEMORY, cfg.max_memory.unwrap_or(0))
        .int(f::MAX_GC_HEAP, cfg.max_gc_heap.unwrap_or(0))
        .ptr(f::ENVS, envs)
        .int(f::NUM_LISTEN, cfg.listen.len() as u64)
        .ptr(f::LISTEN, listen);
    let names = TreeNames {
        blob: "wasmc_cfg_blob",
        meta: "wasmc_cfg_meta",
        root: abi::EXE_CONFIG_SYMBOL,
    };
    define_tree(module, &names, out, s)
}
