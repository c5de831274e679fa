//! The workloads, each generic over the map and the value type.
//!
//! All keys are `u64`. Workloads that need random keys draw them from
//! [`map_baselines::XorShift64`] with REFERENCE.md's seed, so every
//! map sees the same keys.

pub mod burst;
pub mod churn;
pub mod drain_levels;
pub mod latency;
pub mod seed;
pub mod throughput;

use map_baselines::XorShift64;

/// `n` distinct pseudo-random keys from REFERENCE.md's xorshift stream.
///
/// xorshift64 is a permutation of the non-zero integers with period
/// 2^64 − 1, so its first `n` outputs are distinct.
pub fn xorshift_keys(n: usize) -> Vec<u64> {
    let mut rng = XorShift64::new(XorShift64::REFERENCE_SEED);
    (0..n).map(|_| rng.next()).collect()
}

/// Sampling interval for time series: about 200 points per phase.
fn sample_every(n: usize) -> usize {
    (n / 200).max(1)
}
