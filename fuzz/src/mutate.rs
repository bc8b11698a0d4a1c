//! Mutations of valid modules into (mostly) malformed or invalid ones: bit
//! flips, byte overwrites with interesting values, truncation, inserted
//! and deleted bytes, and section-level edits (swap, duplicate, delete two
//! sections' places), which keep the framing but break the order rules.

use crate::rng::Rng;

/// The sections of a module: `(start, end)` byte ranges of each whole
/// section (id, size and payload) after the 8-byte header; `None` when the
/// framing is already broken.
fn sections(wasm: &[u8]) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    let mut pos = 8;
    while pos < wasm.len() {
        let start = pos;
        pos += 1;
        let mut size: u64 = 0;
        let mut shift = 0;
        loop {
            let b = *wasm.get(pos)?;
            pos += 1;
            size |= u64::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                break;
            }
            if shift > 35 {
                return None;
            }
        }
        let end = pos.checked_add(usize::try_from(size).ok()?)?;
        if end > wasm.len() {
            return None;
        }
        out.push((start, end));
        pos = end;
    }
    Some(out)
}

/// One to three mutations of `wasm`.
pub fn mutate(wasm: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut w = wasm.to_vec();
    for _ in 0..=rng.below(3) {
        if w.len() <= 8 {
            break;
        }
        let at = 8 + rng.below((w.len() - 8) as u64) as usize;
        match rng.below(7) {
            0 => {
                for _ in 0..=rng.below(4) {
                    let i = 8 + rng.below((w.len() - 8) as u64) as usize;
                    w[i] ^= 1 << rng.below(8);
                }
            }
            1 => {
                const INTERESTING: [u8; 10] =
                    [0, 1, 0x7f, 0x80, 0xff, 0x40, 0x41, 0x0b, 0xfd, 0xfc];
                w[at] = INTERESTING[rng.below(INTERESTING.len() as u64) as usize];
            }
            2 => w.truncate(at),
            3 => {
                let n = 1 + rng.below(4) as usize;
                let bytes = rng.bytes(n);
                w.splice(at..at, bytes);
            }
            4 => {
                let n = (1 + rng.below(4) as usize).min(w.len() - at);
                w.drain(at..at + n);
            }
            _ => {
                let Some(secs) = sections(&w) else { continue };
                if secs.len() < 2 {
                    continue;
                }
                let i = rng.below(secs.len() as u64) as usize;
                let j = rng.below(secs.len() as u64) as usize;
                let mut parts: Vec<Vec<u8>> = secs.iter().map(|&(a, b)| w[a..b].to_vec()).collect();
                match rng.below(3) {
                    0 => parts.swap(i, j),
                    1 => {
                        let dup = parts[i].clone();
                        parts.insert(j, dup);
                    }
                    _ => {
                        parts.remove(i);
                    }
                }
                let mut out = w[..8].to_vec();
                for p in parts {
                    out.extend(p);
                }
                w = out;
            }
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_of_a_module() {
        // header, type section (1 type: () -> ()), function section
        let wasm = [
            0, b'a', b's', b'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0,
        ];
        assert_eq!(sections(&wasm), Some(vec![(8, 14), (14, 18)]));
        assert_eq!(sections(&wasm[..16]), None);
    }

    #[test]
    fn mutations_are_seeded() {
        let wasm = [
            0, b'a', b's', b'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0,
        ];
        let a = mutate(&wasm, &mut Rng::new(7));
        let b = mutate(&wasm, &mut Rng::new(7));
        assert_eq!(a, b);
    }
}
