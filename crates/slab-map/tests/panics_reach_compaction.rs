//! The kit's panic drain (`survives_panics_while_draining`, run for every
//! map by `conformance.rs`) reaches slab-map's compaction: this runs the
//! same drain on a map that records its compactions, and requires both the
//! compactions and the planted panics to happen.
//!
//! Compaction itself runs no user code: it moves entries with plain Rust
//! moves and rebuilds the index from the cached hashes, so no `Hash`, `Eq`
//! or `Drop` of the user's can panic inside it. What can panic is the
//! operation around it: the removal's probe before the entry is out (the
//! map compacts only after), and a value's `Drop` or the predicate in a
//! `retain`, which compacts when it finishes, unwinding or not. The drain
//! checks the map after each of those panics.

use std::cell::Cell;
use std::hash::Hash;

use map_api::{Family, Kind, MapIter, MapStrategy};
use slab_map::SlabMap;

thread_local! {
    /// Compactions of every `Watched` map dropped on this thread.
    static COMPACTIONS: Cell<u64> = const { Cell::new(0) };
}

/// A `SlabMap` that adds its compaction count to [`COMPACTIONS`] when it
/// is dropped.
struct Watched<K, V>(SlabMap<K, V>);

impl<K, V> Default for Watched<K, V> {
    fn default() -> Self {
        Watched(SlabMap::new())
    }
}

impl<K, V> Drop for Watched<K, V> {
    fn drop(&mut self) {
        let compactions = self.0.stats().compactions;
        COMPACTIONS.with(|c| c.set(c.get() + compactions));
    }
}

impl<K: Hash + Eq, V> MapStrategy<K, V> for Watched<K, V> {
    fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.0.insert(key, value)
    }
    fn get(&self, key: &K) -> Option<&V> {
        self.0.get(key)
    }
    fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.0.get_mut(key)
    }
    fn remove(&mut self, key: &K) -> Option<V> {
        self.0.remove(key)
    }
    fn len(&self) -> usize {
        self.0.len()
    }
    fn clear(&mut self) {
        self.0.clear()
    }
    fn heap_bytes(&self) -> usize {
        self.0.heap_bytes()
    }
}

impl<K: Hash + Eq, V> MapIter<K, V> for Watched<K, V> {
    fn for_each_entry(&self, mut f: impl FnMut(&K, &V)) {
        self.0.iter().for_each(|(k, v)| f(k, v));
    }
    fn retain_entries(&mut self, f: impl FnMut(&K, &mut V) -> bool) {
        self.0.retain(f)
    }
}

struct WatchedFamily;

impl Family for WatchedFamily {
    const NAME: &'static str = "slab-map (watched)";
    const ABOUT: &'static str = "slab_map::SlabMap recording its compactions";
    const KIND: Kind = Kind::Strategy;
    type Map<K: Hash + Eq, V> = Watched<K, V>;
}

#[test]
fn panic_drain_compacts_between_planted_panics() {
    let before = COMPACTIONS.with(Cell::get);
    let report = map_testkit::panics::drain_with_panics::<WatchedFamily>();
    let compactions = COMPACTIONS.with(Cell::get) - before;
    // Each round drains to 3% of the fill, so the vacant slots come to
    // outnumber the live ones at least once per round.
    assert!(
        compactions >= map_testkit::scaled(4, 1) as u64,
        "only {compactions} compactions"
    );
    assert!(report.panics > 0, "no planted panic went off");
    assert!(
        report.in_drop > 0,
        "no panic in a value's drop during retain"
    );
    assert!(report.checks > report.panics);
}
