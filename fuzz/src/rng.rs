//! A small seeded PRNG (SplitMix64): every run is reproducible from its
//! seed, and the harness needs no `rand` dependency. It feeds wasm-smith's
//! `Unstructured` input, the argument values and the mutations.

/// SplitMix64 (Steele, Lea, Flood 2014): fast, full period, good enough to
/// drive a fuzzer.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A value in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// True with probability `1/n`.
    pub fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }

    /// `len` random bytes.
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        let mut v = Vec::with_capacity(len + 8);
        while v.len() < len {
            v.extend_from_slice(&self.next_u64().to_le_bytes());
        }
        v.truncate(len);
        v
    }

    /// The seed of the `i`-th case of a run seeded with `seed`: cases are
    /// independent, so one can be replayed alone.
    pub fn case_seed(seed: u64, i: u64) -> u64 {
        Rng::new(seed ^ i.wrapping_mul(0xd6e8_feb8_6659_fd93)).next_u64()
    }
}
