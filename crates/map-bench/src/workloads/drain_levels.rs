//! Drain levels: what a shrink policy costs, and what it gives back.
//!
//! A shrink policy trades removal speed for memory: shrinking sooner (at a
//! higher load) moves more entries per removal and returns memory earlier.
//! This workload measures both sides in one drain, so a sweep over policy
//! settings can plot one against the other.

use std::hint::black_box;
use std::time::Instant;

use map_api::MapStrategy;
use map_baselines::XorShift64;

use super::xorshift_keys;

/// What one drain measured.
#[derive(Debug, Clone, PartialEq)]
pub struct DrainLevels {
    /// Entries the map held when the drain started.
    pub n: usize,
    /// `heap_bytes()` when full.
    pub full_bytes: usize,
    /// ns per remove, over removing every key (the `heap_bytes` calls at
    /// the levels are not timed).
    pub ns_per_remove: f64,
    /// `(kept, heap_bytes)`: the bytes held when the fraction `kept` of the
    /// entries was left, for each level asked for, in the order given.
    pub levels: Vec<(f64, usize)>,
    /// `heap_bytes()` once every key is removed.
    pub empty_bytes: usize,
}

/// Fills `map` with `n` xorshift keys (value = key), then removes every key
/// in a shuffled order (a cache evicts in no particular order), recording
/// `heap_bytes()` when the fraction `kept` of the entries remains, for each
/// of `keep` (say `[0.1, 0.01, 0.001]`, largest first).
///
/// `heap_bytes()` is what the map reports; the conformance kit checks it
/// against dhat for every registered map.
pub fn run<M: MapStrategy<u64, u64>>(mut map: M, n: usize, keep: &[f64]) -> DrainLevels {
    let mut keys = xorshift_keys(n);
    for &key in &keys {
        map.insert(key, key);
    }
    let full_bytes = map.heap_bytes();
    shuffle(&mut keys, 0xD2A1_0001);

    // Stop points: the number of removals after which `kept` remains.
    let stops: Vec<usize> = keep
        .iter()
        .map(|&kept| n - ((n as f64 * kept).round() as usize).min(n))
        .collect();
    let mut levels = Vec::with_capacity(keep.len());
    let mut removed = 0;
    let mut nanos = 0u128;
    for (&kept, &stop) in keep.iter().zip(&stops) {
        let stop = stop.max(removed);
        let start = Instant::now();
        for key in &keys[removed..stop] {
            black_box(map.remove(key));
        }
        nanos += start.elapsed().as_nanos();
        removed = stop;
        levels.push((kept, map.heap_bytes()));
    }
    let start = Instant::now();
    for key in &keys[removed..] {
        black_box(map.remove(key));
    }
    nanos += start.elapsed().as_nanos();
    assert!(map.is_empty(), "the drain removed every key");
    DrainLevels {
        n,
        full_bytes,
        ns_per_remove: nanos as f64 / n.max(1) as f64,
        levels,
        empty_bytes: map.heap_bytes(),
    }
}

/// Fisher–Yates with the workspace's xorshift: the same order every run.
pub fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut rng = XorShift64::new(seed);
    for i in (1..items.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use map_baselines::HashbrownMap;

    use super::*;

    #[test]
    fn records_each_level_and_empties_the_map() {
        let record = run(HashbrownMap::<u64, u64>::default(), 10_000, &[0.1, 0.01]);
        assert_eq!(record.levels.len(), 2);
        // hashbrown keeps its table at every level.
        assert!(
            record
                .levels
                .iter()
                .all(|&(_, bytes)| bytes == record.full_bytes)
        );
        assert_eq!(record.empty_bytes, record.full_bytes);
        assert!(record.ns_per_remove > 0.0);
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut items: Vec<u32> = (0..1_000).collect();
        shuffle(&mut items, 7);
        assert_ne!(items, (0..1_000).collect::<Vec<_>>());
        items.sort_unstable();
        assert_eq!(items, (0..1_000).collect::<Vec<_>>());
    }
}
