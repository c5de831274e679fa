//! Churn: a full map in sliding-window steady state.

use map_api::MapStrategy;

use super::sample_every;
use crate::heap::HeapProbe;
use crate::records::{SeriesPoint, SeriesRecord};
use crate::values::BenchValue;

/// Fills the map to `n` entries, then for `steps` steps removes the oldest
/// key and inserts a new one, sampling the heap about 200 times in each of
/// the two phases. A map that leaks tombstones or overflow buckets under
/// churn shows it here as a rising line.
pub fn run<M, V>(strategy: &str, n: usize, steps: usize, probe: &mut HeapProbe) -> SeriesRecord
where
    M: MapStrategy<u64, V> + Default,
    V: BenchValue,
{
    probe.rebase();
    let mut map = M::default();
    let mut points = Vec::new();
    let sample = |map: &M, op: u64, points: &mut Vec<SeriesPoint>| {
        points.push(SeriesPoint {
            op,
            len: map.len() as u64,
            bytes: probe.bytes(map),
        });
    };
    let fill_every = sample_every(n) as u64;
    for key in 0..n as u64 {
        map.insert(key, V::from_key(key));
        if key % fill_every == 0 {
            sample(&map, key, &mut points);
        }
    }
    let churn_every = sample_every(steps) as u64;
    for step in 0..steps as u64 {
        map.remove(&step);
        let key = n as u64 + step;
        map.insert(key, V::from_key(key));
        if step % churn_every == 0 {
            sample(&map, n as u64 + step, &mut points);
        }
    }
    sample(&map, (n + steps) as u64, &mut points);
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
    use map_baselines::HashbrownMap;

    use super::*;

    #[test]
    fn stays_full_through_the_churn() {
        let record = run::<HashbrownMap<u64, u64>, u64>(
            "hashbrown",
            5_000,
            20_000,
            &mut HeapProbe::reported_only(),
        );
        let churning: Vec<_> = record.points.iter().filter(|p| p.op >= 5_000).collect();
        assert!(churning.len() > 100);
        assert!(churning.iter().all(|p| p.len == 5_000));
    }
}
