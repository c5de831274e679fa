//! Latency: every single operation timed, for the tail that averages hide.

use std::hint::black_box;
use std::time::Instant;

use map_api::MapStrategy;

use super::xorshift_keys;
use crate::records::{LatencyRecord, Phase};
use crate::values::BenchValue;

/// The order a drain removes keys in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrainOrder {
    /// The order the keys were inserted in.
    Insertion,
    /// A fixed shuffle of it, as a cache evicts.
    Random,
}

/// Grows an empty map to `n` entries, timing every insert, then removes
/// every entry in insertion order, timing every remove. A resize or a
/// shrink shows up as one slow operation: the maximum.
pub fn run<M, V>(strategy: &str, n: usize) -> Vec<LatencyRecord>
where
    M: MapStrategy<u64, V> + Default,
    V: BenchValue,
{
    run_ordered::<M, V>(strategy, n, DrainOrder::Insertion)
}

/// [`run`], draining in `order`; the drain's record is [`Phase::Drain`]
/// or [`Phase::DrainRandom`].
pub fn run_ordered<M, V>(strategy: &str, n: usize, order: DrainOrder) -> Vec<LatencyRecord>
where
    M: MapStrategy<u64, V> + Default,
    V: BenchValue,
{
    let (mut grow, mut drain) = samples::<M, V>(n, order);
    let phase = match order {
        DrainOrder::Insertion => Phase::Drain,
        DrainOrder::Random => Phase::DrainRandom,
    };
    vec![
        summarise(strategy, V::NAME, n, Phase::Grow, &mut grow),
        summarise(strategy, V::NAME, n, phase, &mut drain),
    ]
}

/// Every operation's time in nanoseconds, in the order performed: the
/// inserts growing an empty map to `n` entries, then the removes draining
/// it in `order`. A timeline of these shows each resize, shrink,
/// compaction or migration as a spike.
pub fn samples<M, V>(n: usize, order: DrainOrder) -> (Vec<u64>, Vec<u64>)
where
    M: MapStrategy<u64, V> + Default,
    V: BenchValue,
{
    let mut keys = xorshift_keys(n);
    let mut grow = Vec::with_capacity(n);
    let mut map = M::default();
    for &key in &keys {
        let value = V::from_key(key);
        let start = Instant::now();
        map.insert(key, value);
        grow.push(start.elapsed().as_nanos() as u64);
    }
    if order == DrainOrder::Random {
        super::drain_levels::shuffle(&mut keys, 0x5EED_D2A1);
    }
    let mut drain = Vec::with_capacity(n);
    for key in &keys {
        let start = Instant::now();
        let removed = map.remove(key);
        drain.push(start.elapsed().as_nanos() as u64);
        black_box(removed);
    }
    (grow, drain)
}

/// Percentiles of `samples` (which it sorts).
pub fn summarise(
    strategy: &str,
    value: &str,
    n: usize,
    phase: Phase,
    samples: &mut [u64],
) -> LatencyRecord {
    samples.sort_unstable();
    let at = |quantile: f64| -> u64 {
        if samples.is_empty() {
            return 0;
        }
        let rank = ((samples.len() as f64 * quantile).ceil() as usize).clamp(1, samples.len());
        samples[rank - 1]
    };
    LatencyRecord {
        strategy: strategy.to_string(),
        value: value.to_string(),
        n: n as u64,
        phase,
        count: samples.len() as u64,
        p50_ns: at(0.50),
        p99_ns: at(0.99),
        p999_ns: at(0.999),
        p9999_ns: at(0.9999),
        max_ns: samples.last().copied().unwrap_or(0),
        over_1ms: samples
            .iter()
            .rev()
            .take_while(|&&ns| ns > 1_000_000)
            .count() as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let mut samples: Vec<u64> = (1..=10_000).rev().collect();
        let record = summarise("m", "u64", 10_000, Phase::Grow, &mut samples);
        assert_eq!(record.p50_ns, 5_000);
        assert_eq!(record.p99_ns, 9_900);
        assert_eq!(record.p999_ns, 9_990);
        assert_eq!(record.p9999_ns, 9_999);
        assert_eq!(record.max_ns, 10_000);
        assert_eq!(record.over_1ms, 0);
        let mut slow = vec![5, 2_000_000, 3_000_000];
        assert_eq!(
            summarise("m", "u64", 3, Phase::Drain, &mut slow).over_1ms,
            2
        );
    }
}
