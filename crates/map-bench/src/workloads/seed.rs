//! The seed experiment: the Go article's measurement, and REFERENCE.md's.

use map_api::MapStrategy;

use crate::heap::HeapProbe;
use crate::records::SeedRecord;
use crate::values::BenchValue;

/// Inserts keys `0..n` into an empty map, removes the lowest 99% of them
/// (leaving 1%, as a drained cache would), then removes the rest. Records
/// the heap after each phase and the peak.
///
/// The map stays alive until every figure is taken, as REFERENCE.md's Go
/// program keeps its map alive with `runtime.KeepAlive`.
pub fn run<M, V>(strategy: &str, n: usize, probe: &mut HeapProbe) -> SeedRecord
where
    M: MapStrategy<u64, V> + Default,
    V: BenchValue,
{
    let n64 = n as u64;
    let kept = n64 / 100;
    probe.rebase();
    let mut map = M::default();
    for key in 0..n64 {
        map.insert(key, V::from_key(key));
    }
    let after_insert = (probe.bytes(&map), map.heap_bytes() as u64);
    for key in 0..n64 - kept {
        map.remove(&key);
    }
    assert_eq!(
        map.len() as u64,
        kept,
        "{strategy}: wrong length after the drain"
    );
    let after_drain = (probe.bytes(&map), map.heap_bytes() as u64);
    for key in n64 - kept..n64 {
        map.remove(&key);
    }
    assert!(
        map.is_empty(),
        "{strategy}: entries left after deleting all"
    );
    let after_delete = (probe.bytes(&map), map.heap_bytes() as u64);
    let peak = probe.peak();
    drop(map);
    SeedRecord {
        strategy: strategy.to_string(),
        value: V::NAME.to_string(),
        n: n64,
        after_insert: after_insert.0,
        after_drain: after_drain.0,
        after_delete: after_delete.0,
        peak,
        source: probe.source(),
        reported: Some([after_insert.1, after_drain.1, after_delete.1]),
    }
}

#[cfg(test)]
mod tests {
    use map_baselines::{BoxedMap, HashbrownMap};

    use super::*;

    #[test]
    fn hashbrown_keeps_its_table_and_boxes_do_not() {
        let mut probe = HeapProbe::reported_only();
        let plain = run::<HashbrownMap<u64, [u8; 128]>, [u8; 128]>("hashbrown", 20_000, &mut probe);
        assert_eq!(plain.after_delete, plain.after_insert);
        assert_eq!(plain.after_drain, plain.after_insert);
        let boxed = run::<BoxedMap<u64, [u8; 128]>, [u8; 128]>("boxed", 20_000, &mut probe);
        // Only the table of pointers remains: 16 of every 144 bytes a slot.
        assert!(boxed.after_delete * 4 < plain.after_delete);
        assert!(boxed.after_insert > boxed.after_delete + 20_000 * 128 - 1);
    }
}
