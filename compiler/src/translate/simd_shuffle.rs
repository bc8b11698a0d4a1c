//! `i8x16.shuffle` with a constant mask on x86-64 without SSSE3.
//!
//! Cranelift lowers a general byte shuffle with SSSE3 `pshufb`; on the SSE2
//! baseline wasmc maps that to a runtime call (`wasmc_x86_pshufb`), which
//! dominated the `-msimd128` benchmarks (docs/bench/findings.md, finding 1).
//! Cranelift has SSE2 patterns of its own (`pshufd`, `pshuflw`/`pshufhw`,
//! `punpck*`, `shufps`); a mask matching one of them is left to it
//! ([`cranelift_sse2`]). For other masks this module looks for a cheap
//! decomposition:
//!
//! result = OR over a few *candidates* c of (c AND keep_c)
//!
//! where each candidate is one operand passed through a short SSE2-friendly
//! sequence whose result bytes are known symbolically (which source byte, or
//! zero): the operand itself, a lane shift (`psllw/d/q`, `psrlw/d/q` by whole
//! bytes), a zero-extension (`punpcklbw`/`punpckhbw`/`punpcklwd` with zero),
//! a narrowing of the low byte of every 16/32-bit lane (`pand` +
//! `packssdw`/`packuswb`) or a broadcast of one byte. A candidate needs its
//! `pand` only if some byte of it is neither zero nor the byte the mask wants
//! there (OR of two equal bytes is that byte). A small exact search picks the
//! cheapest cover of the 16 result bytes by at most [`MAX_PARTS`] candidates;
//! masks it cannot cover keep the generic `shuffle` (and so the libcall).
//!
//! This covers the masks clang emits for byte rotations and byte swaps
//! within lanes, zero-extending gathers (sha256) and low-byte gathers
//! (chacha20).

use super::simd::cast;
use cranelift_codegen::ir::{
    types::{I16X8, I32, I32X4, I64X2, I8X16},
    InstBuilder, Type, Value,
};
use cranelift_frontend::FunctionBuilder;

/// At most this many candidates are OR-ed together.
const MAX_PARTS: usize = 4;

/// What one byte of a candidate holds: byte `n` of `a || b`, or zero.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Byte {
    Src(u8),
    Zero,
}

/// How a candidate is computed from its operand.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Op {
    /// The operand itself.
    Ident,
    /// Left shift of each `lane`-byte lane by `n` bytes.
    Shl { lane: u8, n: u8 },
    /// Logical right shift of each `lane`-byte lane by `n` bytes.
    Shr { lane: u8, n: u8 },
    /// Bytes 0..7 zero-extended to 16 bits (`punpcklbw` with zero).
    WidenLo16,
    /// Bytes 8..15 zero-extended to 16 bits (`punpckhbw` with zero).
    WidenHi16,
    /// Bytes 0..3 zero-extended to 32 bits.
    WidenLo32,
    /// The low byte of each 16-bit lane, twice (`pand`, `packuswb`).
    Narrow16,
    /// The low byte of each 32-bit lane, four times (`pand`, `packssdw`,
    /// `packuswb`).
    Narrow32,
    /// Byte `k` of the operand in every byte (`pextrw`, `movd`, `punpcklbw`,
    /// `pshuflw`, `pshufd`).
    Splat(u8),
}

#[derive(Clone, Copy, Debug)]
struct Cand {
    /// 0 for the first shuffle operand, 1 for the second.
    operand: u8,
    op: Op,
    bytes: [Byte; 16],
}

impl Cand {
    fn new(operand: u8, op: Op) -> Cand {
        let o = operand * 16;
        let bytes = std::array::from_fn(|j| {
            let j = j as u8;
            match op {
                Op::Ident => Byte::Src(o + j),
                Op::Shl { lane, n } => {
                    if j % lane >= n {
                        Byte::Src(o + j - n)
                    } else {
                        Byte::Zero
                    }
                }
                Op::Shr { lane, n } => {
                    if j % lane + n < lane {
                        Byte::Src(o + j + n)
                    } else {
                        Byte::Zero
                    }
                }
                Op::WidenLo16 | Op::WidenHi16 => {
                    let base = if op == Op::WidenHi16 { 8 } else { 0 };
                    if j.is_multiple_of(2) {
                        Byte::Src(o + base + j / 2)
                    } else {
                        Byte::Zero
                    }
                }
                Op::WidenLo32 => {
                    if j.is_multiple_of(4) {
                        Byte::Src(o + j / 4)
                    } else {
                        Byte::Zero
                    }
                }
                Op::Narrow16 => Byte::Src(o + 2 * (j % 8)),
                Op::Narrow32 => Byte::Src(o + 4 * (j % 4)),
                Op::Splat(k) => Byte::Src(o + k),
            }
        });
        Cand { operand, op, bytes }
    }

    /// Approximate instruction count of computing the candidate.
    fn base_cost(&self) -> u32 {
        match self.op {
            Op::Ident => 0,
            Op::Shl { .. } | Op::Shr { .. } => 1,
            Op::WidenLo16 | Op::WidenHi16 => 2,
            Op::WidenLo32 | Op::Narrow16 => 3,
            Op::Narrow32 => 4,
            Op::Splat(_) => 5,
        }
    }

    /// Whether result byte `j` is right in this candidate.
    fn covers(&self, mask: &[u8; 16], j: usize) -> bool {
        self.bytes[j] == Byte::Src(mask[j])
    }

    /// Whether the candidate needs a `pand` before the OR: some byte is
    /// neither zero nor what the mask wants there.
    fn needs_and(&self, mask: &[u8; 16]) -> bool {
        (0..16).any(|j| !self.covers(mask, j) && self.bytes[j] != Byte::Zero)
    }

    fn cost(&self, mask: &[u8; 16]) -> u32 {
        self.base_cost() + if self.needs_and(mask) { 2 } else { 0 }
    }
}

/// Whether Cranelift's x64 backend lowers `mask` without `pshufb` on SSE2:
/// the `pshufd`, `pshuflw`/`pshufhw`, `punpck*` and `shufps` rules of
/// cranelift-codegen's x64 `lower.isle` (rules 4-12 of `shuffle`).
fn cranelift_sse2(mask: &[u8; 16]) -> bool {
    // Lane `size` bytes wide starting at `bytes[0]`, aligned: its index.
    fn lane(size: u8, bytes: &[u8]) -> Option<u8> {
        let first = bytes[0];
        (first.is_multiple_of(size) && bytes.iter().enumerate().all(|(i, &x)| x == first + i as u8))
            .then_some(first / size)
    }
    let l32: Option<Vec<u8>> = mask.chunks(4).map(|c| lane(4, c)).collect();
    if let Some(l) = l32 {
        // pshufd of one operand; shufps (two lanes of each, either order).
        let lo = |x: u8| x < 4;
        let hi = |x: u8| (4..8).contains(&x);
        if l.iter().all(|&x| lo(x))
            || l.iter().all(|&x| hi(x))
            || (lo(l[0]) && lo(l[1]) && hi(l[2]) && hi(l[3]))
            || (hi(l[0]) && hi(l[1]) && lo(l[2]) && lo(l[3]))
        {
            return true;
        }
    }
    if let Some(l) = mask
        .chunks(2)
        .map(|c| lane(2, c))
        .collect::<Option<Vec<u8>>>()
    {
        // pshuflw / pshufhw of one operand (base 0 or 8 in 16-bit lanes).
        for base in [0u8, 8] {
            let Some(l) = l
                .iter()
                .map(|&x| x.checked_sub(base).filter(|&x| x < 8))
                .collect::<Option<Vec<u8>>>()
            else {
                continue;
            };
            if (l[..4].iter().all(|&x| x < 4) && l[4..] == [4, 5, 6, 7])
                || (l[..4] == [0, 1, 2, 3] && l[4..].iter().all(|&x| x >= 4))
            {
                return true;
            }
        }
    }
    // punpck{l,h}{bw,wd,dq,qdq} a, b.
    for size in [1u8, 2, 4, 8] {
        for half in [0u8, 8] {
            let want: [u8; 16] = std::array::from_fn(|j| {
                let j = j as u8;
                let unit = j / size;
                let from_b = unit % 2;
                half + (unit / 2) * size + j % size + 16 * from_b
            });
            if *mask == want {
                return true;
            }
        }
    }
    false
}

/// All candidates that get at least one byte of `mask` right.
fn candidates(mask: &[u8; 16]) -> Vec<Cand> {
    let mut ops = vec![
        Op::Ident,
        Op::WidenLo16,
        Op::WidenHi16,
        Op::WidenLo32,
        Op::Narrow16,
        Op::Narrow32,
    ];
    for lane in [2u8, 4, 8] {
        for n in 1..lane {
            ops.push(Op::Shl { lane, n });
            ops.push(Op::Shr { lane, n });
        }
    }
    let mut out = Vec::new();
    for operand in 0..2 {
        for &op in &ops {
            out.push(Cand::new(operand, op));
        }
    }
    let mut splats: Vec<u8> = mask.to_vec();
    splats.sort_unstable();
    splats.dedup();
    out.extend(splats.iter().map(|&k| Cand::new(k / 16, Op::Splat(k % 16))));
    out.retain(|c| (0..16).any(|j| c.covers(mask, j)));
    out
}

/// The cheapest cover of `mask` by at most [`MAX_PARTS`] candidates.
fn plan(mask: &[u8; 16]) -> Option<Vec<Cand>> {
    let cands = candidates(mask);
    let costs: Vec<u32> = cands.iter().map(|c| c.cost(mask)).collect();
    let mut best: Option<(u32, Vec<usize>)> = None;
    let mut chosen = Vec::new();
    search(mask, &cands, &costs, &mut chosen, 0, &mut best);
    best.map(|(_, ix)| ix.into_iter().map(|i| cands[i]).collect())
}

/// Depth-first: branch on the candidates covering the first uncovered byte.
fn search(
    mask: &[u8; 16],
    cands: &[Cand],
    costs: &[u32],
    chosen: &mut Vec<usize>,
    cost: u32,
    best: &mut Option<(u32, Vec<usize>)>,
) {
    let first_open = (0..16).find(|&j| !chosen.iter().any(|&c| cands[c].covers(mask, j)));
    let Some(j) = first_open else {
        if best.as_ref().is_none_or(|(b, _)| cost < *b) {
            *best = Some((cost, chosen.clone()));
        }
        return;
    };
    if chosen.len() == MAX_PARTS {
        return;
    }
    for (i, c) in cands.iter().enumerate() {
        // One OR per candidate after the first.
        let next = cost + costs[i] + u32::from(!chosen.is_empty());
        if !c.covers(mask, j) || best.as_ref().is_some_and(|(b, _)| next >= *b) {
            continue;
        }
        chosen.push(i);
        search(mask, cands, costs, chosen, next, best);
        chosen.pop();
    }
}

/// The shuffle `mask` of `x` and `y` (both `I8X16`) as SSE2-friendly CLIF,
/// or `None` to keep CLIF's `shuffle` (Cranelift handles the mask itself, or
/// no cheap cover exists).
pub(super) fn lower(
    b: &mut FunctionBuilder<'_>,
    x: Value,
    y: Value,
    lanes: &[u8; 16],
) -> Option<Value> {
    let mut mask = *lanes;
    if x == y {
        // Both operands are one value: read everything from the first, so
        // more masks match a single-operand pattern.
        for m in &mut mask {
            *m %= 16;
        }
    }
    if cranelift_sse2(&mask) {
        return None;
    }
    let parts = plan(&mask)?;
    let mut acc: Option<Value> = None;
    for c in &parts {
        let src = if c.operand == 0 { x } else { y };
        let mut v = emit(b, c.op, src);
        if c.needs_and(&mask) {
            let keep: Vec<u8> = (0..16)
                .map(|j| if c.covers(&mask, j) { 0xff } else { 0 })
                .collect();
            let k = vconst(b, keep);
            v = b.ins().band(v, k);
        }
        acc = Some(match acc {
            None => v,
            Some(a) => b.ins().bor(a, v),
        });
    }
    acc
}

fn vconst(b: &mut FunctionBuilder<'_>, bytes: Vec<u8>) -> Value {
    let c = b.func.dfg.constants.insert(bytes.into());
    b.ins().vconst(I8X16, c)
}

fn lane_type(lane: u8) -> Type {
    match lane {
        2 => I16X8,
        4 => I32X4,
        _ => I64X2,
    }
}

/// Emit candidate `op` of `v`; the result is `I8X16`.
fn emit(b: &mut FunctionBuilder<'_>, op: Op, v: Value) -> Value {
    let r = match op {
        Op::Ident => v,
        Op::Shl { lane, n } | Op::Shr { lane, n } => {
            let w = cast(b, v, lane_type(lane));
            let amt = b.ins().iconst(I32, i64::from(n) * 8);
            if matches!(op, Op::Shl { .. }) {
                b.ins().ishl(w, amt)
            } else {
                b.ins().ushr(w, amt)
            }
        }
        Op::WidenLo16 => b.ins().uwiden_low(v),
        Op::WidenHi16 => b.ins().uwiden_high(v),
        Op::WidenLo32 => {
            let w = b.ins().uwiden_low(v);
            b.ins().uwiden_low(w)
        }
        Op::Narrow16 => {
            let k = vconst(b, [0xff, 0].repeat(8));
            let m = b.ins().band(v, k);
            let m = cast(b, m, I16X8);
            b.ins().unarrow(m, m)
        }
        Op::Narrow32 => {
            let k = vconst(b, [0xff, 0, 0, 0].repeat(4));
            let m = b.ins().band(v, k);
            let m = cast(b, m, I32X4);
            // Values are 0..=255, so the signed 32->16 saturation is exact.
            let h = b.ins().snarrow(m, m);
            b.ins().unarrow(h, h)
        }
        Op::Splat(k) => {
            let s = b.ins().extractlane(v, k);
            b.ins().splat(I8X16, s)
        }
    };
    cast(b, r, I8X16)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Evaluate a plan on concrete operands, as the emitted CLIF would.
    fn run(parts: &[Cand], mask: &[u8; 16], ab: &[u8; 32]) -> [u8; 16] {
        let mut out = [0u8; 16];
        for c in parts {
            for (j, o) in out.iter_mut().enumerate() {
                let byte = match c.bytes[j] {
                    Byte::Src(s) => ab[s as usize],
                    Byte::Zero => 0,
                };
                if !c.needs_and(mask) || c.covers(mask, j) {
                    *o |= byte;
                }
            }
        }
        out
    }

    fn check(mask: [u8; 16]) -> Option<usize> {
        let parts = plan(&mask)?;
        let ab: [u8; 32] = std::array::from_fn(|i| 0x11u8.wrapping_mul(i as u8 + 1) ^ 0x5a);
        let want: [u8; 16] = std::array::from_fn(|j| ab[mask[j] as usize]);
        assert_eq!(run(&parts, &mask, &ab), want, "{mask:?} via {parts:?}");
        Some(parts.len())
    }

    #[test]
    fn benchmark_masks_have_plans() {
        // sha256 (zero-extending gather) and chacha20 (low-byte gather).
        assert_eq!(
            check([16, 1, 2, 3, 17, 5, 6, 7, 18, 9, 10, 11, 19, 13, 14, 15]),
            Some(2)
        );
        assert_eq!(
            check([0, 4, 8, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            Some(2)
        );
        // bswap32 and rotl8 per 32-bit lane.
        assert!(check([3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12]).is_some());
        assert_eq!(
            check([3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14]),
            Some(2)
        );
    }

    #[test]
    fn cranelift_patterns() {
        let id: [u8; 16] = std::array::from_fn(|j| j as u8);
        assert!(cranelift_sse2(&id));
        // pshufd 1,0,3,2
        assert!(cranelift_sse2(&[
            4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11
        ]));
        // punpcklbw
        assert!(cranelift_sse2(&[
            0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23
        ]));
        // a 16-bit rotation within 32-bit lanes is pshuflw+pshufhw: two
        // rules, not one, so not Cranelift's.
        assert!(!cranelift_sse2(&[
            2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13
        ]));
        // Unaligned "lanes" are not lanes.
        assert!(!cranelift_sse2(&[
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0
        ]));
    }

    #[test]
    fn random_masks_are_exact() {
        // Every plan found must compute the shuffle exactly.
        let mut s = 0x1234_5678u32;
        let mut found = 0;
        for _ in 0..3000 {
            let mask: [u8; 16] = std::array::from_fn(|_| {
                s ^= s << 13;
                s ^= s >> 17;
                s ^= s << 5;
                (s % 32) as u8
            });
            found += usize::from(check(mask).is_some());
        }
        // Random masks mostly have no cheap cover: the generic path stays.
        assert!(found < 3000);
    }

    #[test]
    fn blended_masks_are_exact() {
        // Masks built from pieces of several candidates (most have plans):
        // each byte from one of a few shifted/identity views of a or b.
        let mut s = 0x9e37_79b9u32;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            s
        };
        let mut found = 0;
        for _ in 0..2000 {
            let views: Vec<i8> = (0..3).map(|_| (next() % 7) as i8 - 3).collect();
            let ops: Vec<u8> = (0..3).map(|_| (next() % 2) as u8 * 16).collect();
            let mask: [u8; 16] = std::array::from_fn(|j| {
                let v = (next() % 3) as usize;
                let src = (j as i8 + views[v]).rem_euclid(16) as u8;
                ops[v] + src
            });
            found += usize::from(check(mask).is_some());
        }
        assert!(found > 100, "{found}");
    }
}
