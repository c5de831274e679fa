/// The xorshift64 generator of the reference workloads (docs/reference.md)
/// (`x ^= x << 13; x ^= x >> 7; x ^= x << 17`).
///
/// Tests and workloads use it so that every run, and every strategy, sees
/// the same keys.
#[derive(Debug, Clone)]
pub struct XorShift64(u64);

impl XorShift64 {
    /// The seed the reference throughput workload uses.
    pub const REFERENCE_SEED: u64 = 0x9E37_79B9_7F4A_7C15;

    /// A generator starting from `seed`; a zero seed is replaced, because
    /// xorshift never leaves zero.
    pub const fn new(seed: u64) -> Self {
        Self(if seed == 0 {
            Self::REFERENCE_SEED
        } else {
            seed
        })
    }

    /// The next value.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A value below `bound` (which must be non-zero).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}
