//! Bursts: a cache that fills and drains over and over.

use map_api::MapStrategy;

use super::sample_every;
use crate::heap::HeapProbe;
use crate::records::{SeriesPoint, SeriesRecord};
use crate::values::BenchValue;

/// Runs `cycles` cycles that fill the map to `n` entries with fresh keys
/// and then drain it to `n / 100` by removing the oldest, sampling the heap
/// about 200 times per phase.
pub fn run<M, V>(strategy: &str, n: usize, cycles: usize, probe: &mut HeapProbe) -> SeriesRecord
where
    M: MapStrategy<u64, V> + Default,
    V: BenchValue,
{
    let every = sample_every(n);
    let floor = n / 100;
    probe.rebase();
    let mut map = M::default();
    let mut points = Vec::new();
    let (mut oldest, mut next, mut ops) = (0u64, 0u64, 0u64);
    let sample = |map: &M, ops: u64, points: &mut Vec<SeriesPoint>| {
        points.push(SeriesPoint {
            op: ops,
            len: map.len() as u64,
            bytes: probe.bytes(map),
        });
    };
    sample(&map, ops, &mut points);
    for _ in 0..cycles {
        while map.len() < n {
            map.insert(next, V::from_key(next));
            next += 1;
            ops += 1;
            if ops % every as u64 == 0 {
                sample(&map, ops, &mut points);
            }
        }
        while map.len() > floor {
            map.remove(&oldest);
            oldest += 1;
            ops += 1;
            if ops % every as u64 == 0 {
                sample(&map, ops, &mut points);
            }
        }
        sample(&map, ops, &mut points);
    }
    SeriesRecord {
        strategy: strategy.to_string(),
        value: V::NAME.to_string(),
        n: n as u64,
        source: probe.source(),
        points,
    }
}

#[cfg(test)]
mod tests {
    use map_baselines::{BoxedMap, HashbrownMap};

    use super::*;

    #[test]
    fn cycles_between_full_and_one_percent() {
        let record = run::<HashbrownMap<u64, u64>, u64>(
            "hashbrown",
            10_000,
            3,
            &mut HeapProbe::reported_only(),
        );
        let max_len = record.points.iter().map(|p| p.len).max();
        assert_eq!(max_len, Some(10_000));
        assert_eq!(record.points.last().map(|p| p.len), Some(100));
        // Three fills of 10,000 and three drains of 9,900 operations.
        assert_eq!(
            record.points.last().map(|p| p.op),
            Some(3 * 10_000 + 3 * 9_900 - 2 * 100)
        );
        // hashbrown never gives memory back, so its series never falls.
        assert!(record.points.windows(2).all(|w| w[1].bytes >= w[0].bytes));
    }

    #[test]
    fn boxed_values_are_freed_as_the_map_drains() {
        let record = run::<BoxedMap<u64, [u8; 128]>, [u8; 128]>(
            "boxed",
            10_000,
            1,
            &mut HeapProbe::reported_only(),
        );
        let peak = record.points.iter().map(|p| p.bytes).max().unwrap_or(0);
        let last = record.points.last().map_or(0, |p| p.bytes);
        assert!(last * 2 < peak, "boxes should be freed: {last} of {peak}");
    }
}
