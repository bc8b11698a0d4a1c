//! Where a function starts: its hottest loop head on a cache-line boundary.
//!
//! Why: Cranelift aligns function starts but no block inside a function
//! (`align_basic_block` is the identity on x64), so where a hot loop's head
//! lands relative to the 32/64-byte fetch windows and the branch predictor's
//! indexing follows from whatever came before it in the function. The
//! benchmark suite measured that swing: the `vm` interpreter ran between
//! 0.48 s and 1.20 s depending only on how much code preceded its dispatch
//! loop, lz77 1.17x apart between two builds with the same hot-loop
//! instructions (docs/bench/findings.md, item 2). Clang pads loop heads with
//! `nop`s; wasmc cannot insert bytes inside Cranelift's output without
//! re-encoding every branch, jump table and offset table, but it chooses
//! where each function starts. So at `-O2` the function is placed such that
//! its hottest loop head (by a static estimate, [`loop_head`], over the
//! branches decoded from the machine code) starts a 64-byte line: the
//! padding goes *before* the function, in front of its symbol, where
//! nothing executes it. One loop per function is what this buys; the
//! loop-dense functions the benchmarks spend their time in mostly have one
//! that matters. Measured (session 13): `vm` 0.74-0.86 s against 1.29-1.71 s
//! over the padding experiment of findings item 2; the other kernels within
//! the noise. x86-64 only for now; other targets start functions on a line.
//!
//! A function whose constant pool needs an alignment (vector constants: 16)
//! keeps it: the padding is then a multiple of that alignment, and the loop
//! head lands as close after the line boundary as that allows.

use std::collections::BTreeMap;

/// Size of the line loop heads are aligned to, and of the alignment of
/// every function start at `-O2` that has no loop.
pub const LINE: u32 = 64;

/// Where a function goes: (its alignment, bytes of padding in front of it
/// from a line boundary). `own` is the alignment its code needs (its
/// constant pool's); `x64` its x86-64 code and Cranelift's `bb_starts`.
/// Without those (other targets: their branches are not decoded yet) or
/// without a loop, the function starts a line.
pub fn start(own: u32, x64: Option<(&[u8], &[u32])>) -> (u32, u32) {
    let head = x64.and_then(|(code, starts)| loop_head(&x64_edges(code, starts)));
    match head {
        Some(head) if own <= LINE => match entry_pad(head, own) {
            0 => (LINE, 0),
            pad => (own, pad),
        },
        _ => (own.max(LINE), 0),
    }
}

/// The branches between blocks of x86-64 code: (start of the branching
/// block, target), found by decoding the `jmp rel32` / `jcc rel32` that end
/// each block (Cranelift's x64 backend emits no short branches) and keeping
/// those whose target is a block start. `starts` are Cranelift's
/// `bb_starts`, as emitted with `machine_code_cfg_info`.
///
/// Why not Cranelift's `bb_edges`: in 0.135 they pair the successors of
/// the i-th block *by index* with the start of the i-th block *emitted*,
/// and the two orders differ as soon as a function has cold blocks (every
/// block ending in a trap is one, moved to the end), so most edges come out
/// with the wrong source. The block starts themselves are right. A stray
/// byte pattern that decodes as a branch to a block start (inside a jump
/// table or the constant pool at the end) can only misplace a function,
/// never change what it computes.
pub fn x64_edges(code: &[u8], starts: &[u32]) -> Vec<(u32, u32)> {
    let mut starts: Vec<u32> = starts
        .iter()
        .copied()
        .filter(|&s| (s as usize) < code.len())
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let is_start = |t: i64| u32::try_from(t).is_ok_and(|t| starts.binary_search(&t).is_ok());
    // The target of a rel32 branch whose displacement ends at `end`.
    let target = |end: usize| {
        let rel = i32::from_le_bytes(code[end - 4..end].try_into().expect("4 bytes"));
        end as i64 + i64::from(rel)
    };
    let is_jcc = |at: usize| code[at] == 0x0f && code[at + 1] & 0xf0 == 0x80;
    let mut edges = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let (s, e) = (
            start as usize,
            starts.get(k + 1).map_or(code.len(), |&n| n as usize),
        );
        let mut end = e;
        if end - s >= 5 && code[end - 5] == 0xe9 {
            let to = target(end);
            if is_start(to) {
                edges.push((start, to as u32));
                end -= 5;
            }
        }
        if end - s >= 6 && is_jcc(end - 6) {
            let to = target(end);
            if is_start(to) {
                edges.push((start, to as u32));
            }
        }
    }
    edges
}

/// The offset (from the function start) of the loop head to align: the
/// target of backward edges with the highest static estimate of how often
/// it runs, the tightest loop on a tie, the first on a further tie. `None`
/// for a function without a backward edge.
///
/// The estimate is the head's loop depth (each loop being the code from a
/// head to its farthest back edge's source block, the depth the number of
/// loops that contain the head) plus log2 of its number of back edges: the
/// innermost loop of a nest, unless a head is re-entered from many places,
/// the shape of an interpreter's dispatch loop (the benchmark `vm`: 16
/// back edges into the dispatch, which runs in every iteration, while
/// depth-2 loops inside single opcode handlers rarely do).
///
/// `edges` are (source block start, target block start), from
/// [`x64_edges`].
pub fn loop_head(edges: &[(u32, u32)]) -> Option<u32> {
    // head -> (end of its loop, back edges). O(E log E) overall: a module
    // of big generated functions must not make placement quadratic.
    let mut loops: BTreeMap<u32, (u32, u32)> = BTreeMap::new();
    for &(from, to) in edges.iter().filter(|(from, to)| to <= from) {
        let l = loops.entry(to).or_insert((from, 0));
        l.0 = l.0.max(from);
        l.1 += 1;
    }
    // The loops containing `at` are those with head <= at minus those of
    // them that end before it (every loop ends at or after its own head).
    let heads: Vec<u32> = loops.keys().copied().collect();
    let mut ends: Vec<u32> = loops.values().map(|l| l.0).collect();
    ends.sort_unstable();
    let depth = |at: u32| heads.partition_point(|&h| h <= at) - ends.partition_point(|&e| e < at);
    loops
        .iter()
        .map(|(&head, &(end, back))| {
            let score = depth(head) as u32 + back.ilog2();
            (std::cmp::Reverse(score), end - head, head)
        })
        .min()
        .map(|(_, _, head)| head)
}

/// Bytes of padding to put in front of a function whose start is at a
/// line boundary (plus the padding) so that `head` starts a line. With a
/// function alignment `align` (a power of two of at most a line) the pad
/// must be a multiple of it: then the head lands `head % align` bytes
/// *after* a line boundary (rounding the pad down would put it just before
/// one, the worst place for a loop).
pub fn entry_pad(head: u32, align: u32) -> u32 {
    debug_assert!(align.is_power_of_two() && align <= LINE);
    let exact = (LINE - head % LINE) % LINE;
    ((exact + align - 1) & !(align - 1)) % LINE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_innermost_loop_head_is_chosen() {
        // Outer loop 0x10..0x200, inner loop 0x40..0x80, a later sibling
        // loop 0x100..0x180 (depth 2 too, but wider), forward edges between.
        let edges = [
            (0x0, 0x10),
            (0x10, 0x40),
            (0x80, 0x40),
            (0x80, 0x100),
            (0x180, 0x100),
            (0x200, 0x10),
            (0x200, 0x240),
        ];
        assert_eq!(loop_head(&edges), Some(0x40));
        // Without the inner loop, the sibling is the deepest.
        let edges: Vec<_> = edges
            .iter()
            .copied()
            .filter(|&e| e != (0x80, 0x40))
            .collect();
        assert_eq!(loop_head(&edges), Some(0x100));
    }

    #[test]
    fn hostile_bytes_and_starts_do_not_panic() {
        // Branch opcodes everywhere, displacements far out of range (both
        // signs), starts unsorted, repeated, at and past the end.
        for fill in [0x00u8, 0x0f, 0x80, 0xe9, 0xff] {
            for len in [0usize, 1, 4, 5, 6, 7, 11, 64] {
                let code: Vec<u8> = (0..len)
                    .map(|i| if i % 3 == 0 { 0xe9 } else { fill })
                    .collect();
                let starts = [7, 0, 3, 3, len as u32, u32::MAX, 1];
                let edges = x64_edges(&code, &starts);
                assert!(edges
                    .iter()
                    .all(|&(f, t)| (f as usize) < len && (t as usize) < len));
                let _ = loop_head(&edges);
                let _ = start(16, Some((&code, &starts)));
            }
        }
        assert_eq!(
            start(128, Some((&[0xe9, 0xfb, 0xff, 0xff, 0xff], &[0]))),
            (128, 0)
        );
    }

    #[test]
    fn a_dispatch_loop_outranks_a_loop_nested_in_one_handler() {
        // Dispatch head 0x10, re-entered from the ends of 4 handlers; one
        // handler (0x40) has a loop of its own (depth 2).
        let mut edges = vec![(0x40, 0x40), (0x100, 0x200)];
        edges.extend([0x30, 0x60, 0x90, 0xc0].map(|from| (from, 0x10)));
        assert_eq!(loop_head(&edges), Some(0x10));
        // With 2 handlers jumping back, depth decides (2 > 1 + 1 is false:
        // a tie, and the tighter handler loop wins).
        edges.truncate(4);
        assert_eq!(loop_head(&edges), Some(0x40));
    }

    #[test]
    fn a_self_loop_counts_and_no_back_edge_means_no_head() {
        assert_eq!(
            loop_head(&[(0x0, 0x20), (0x20, 0x20), (0x20, 0x30)]),
            Some(0x20)
        );
        assert_eq!(loop_head(&[(0x0, 0x20), (0x20, 0x30)]), None);
        assert_eq!(loop_head(&[]), None);
    }

    #[test]
    fn a_head_farther_back_edge_extends_its_loop() {
        // Head 0x20 has back edges from 0x30 and 0x90; 0x50 lies inside it.
        let edges = [(0x30, 0x20), (0x90, 0x20), (0x60, 0x50)];
        assert_eq!(loop_head(&edges), Some(0x50));
    }

    #[test]
    fn block_ending_branches_are_decoded() {
        // block 0 @0: 3 bytes, then `jcc rel32` to 0x20 (end 9) and `jmp
        // rel32` to 0xe (end 0xe); block 1 @0xe: `jmp` back to 0 (end
        // 0x13); block 2 @0x13: a `jmp` whose target is no block start;
        // block 3 @0x20: `jcc` to itself, then 2 bytes of something else
        // (no branch at the block's end).
        let mut code = vec![0x90u8; 0x2e];
        let put = |code: &mut Vec<u8>, at: usize, op: &[u8], end: usize, to: i64| {
            code[at..at + op.len()].copy_from_slice(op);
            code[end - 4..end].copy_from_slice(&((to - end as i64) as i32).to_le_bytes());
        };
        put(&mut code, 3, &[0x0f, 0x84], 9, 0x20);
        put(&mut code, 9, &[0xe9], 0xe, 0xe);
        put(&mut code, 0xe, &[0xe9], 0x13, 0);
        put(&mut code, 0x13, &[0xe9], 0x18, 0x17);
        put(&mut code, 0x26, &[0x0f, 0x85], 0x2c, 0x20);
        let starts = [0, 0xe, 0x13, 0x20];
        assert_eq!(x64_edges(&code, &starts), [(0, 0xe), (0, 0x20), (0xe, 0)]);
        // The self-loop counts once the branch ends the block.
        code.truncate(0x2c);
        assert_eq!(x64_edges(&code, &starts)[3..], [(0x20, 0x20)]);
        assert_eq!(loop_head(&x64_edges(&code, &starts)), Some(0x20));
    }

    #[test]
    fn the_pad_puts_the_head_on_a_line_within_the_function_alignment() {
        assert_eq!(entry_pad(0, 1), 0);
        assert_eq!(entry_pad(64, 1), 0);
        assert_eq!(entry_pad(0x2e, 1), 0x12);
        assert_eq!((0x2e + entry_pad(0x2e, 1)) % LINE, 0);
        assert_eq!(entry_pad(0x101, 1), 63);
        // Vector constants: the start stays 16-aligned, so the head gets
        // to its offset inside a 16-byte chunk after the line boundary.
        assert_eq!(entry_pad(0x2e, 16), 0x20);
        assert_eq!((0x2e + entry_pad(0x2e, 16)) % LINE, 0x0e);
        assert_eq!(entry_pad(0x7c8, 16), 0);
        assert_eq!(entry_pad(0x30, 16), 0x10);
        assert_eq!(entry_pad(0x30, 64), 0);
        for head in 0..256 {
            for align in [1, 2, 4, 8, 16, 32, 64] {
                let pad = entry_pad(head, align);
                assert!(pad < LINE && pad.is_multiple_of(align));
                assert_eq!((head + pad) % LINE, head % align, "{head} {align}");
            }
        }
    }
}
