use core::hash::{BuildHasher, Hash};
use core::mem::size_of;

use indexmap::IndexMap;

use crate::layout::{bucket_capacity, buckets_for_capacity, raw_table_bytes};
use crate::{MapIter, MapStrategy};

/// `indexmap::IndexMap` with ahash. Removal is `swap_remove`, which keeps
/// the entry vector dense by moving the last entry into the hole.
pub type IndexMapAhash<K, V> = IndexMap<K, V, ahash::RandomState>;

/// The shape of one of indexmap's stored entries: the cached hash, the key
/// and the value. indexmap's own type is private; this mirror has the same
/// fields and therefore the same size.
#[allow(dead_code)]
struct EntrySlot<K, V> {
    hash: usize,
    key: K,
    value: V,
}

impl<K: Hash + Eq, V, S: BuildHasher> MapStrategy<K, V> for IndexMap<K, V, S> {
    fn insert(&mut self, key: K, value: V) -> Option<V> {
        IndexMap::insert(self, key, value)
    }

    fn get(&self, key: &K) -> Option<&V> {
        IndexMap::get(self, key)
    }

    fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        IndexMap::get_mut(self, key)
    }

    fn remove(&mut self, key: &K) -> Option<V> {
        IndexMap::swap_remove(self, key)
    }

    fn len(&self) -> usize {
        IndexMap::len(self)
    }

    fn clear(&mut self) {
        IndexMap::clear(self)
    }

    /// The index table plus the entry vector.
    ///
    /// indexmap exposes neither size, only the smaller of the two
    /// capacities, and `swap_remove` tombstones lower the index's reported
    /// capacity. The index's bucket count is inferred as for std's map.
    /// Whenever the index grows, indexmap grows the vector to the index's
    /// full capacity, and neither ever shrinks here, so the vector holds
    /// that full capacity. (A map made with `IndexMap::with_capacity` starts
    /// with an exact vector instead; the baselines are made with `Default`.)
    fn heap_bytes(&self) -> usize {
        let buckets = buckets_for_capacity(self.capacity());
        raw_table_bytes::<usize>(buckets) + bucket_capacity(buckets) * size_of::<EntrySlot<K, V>>()
    }

    fn contains_key(&self, key: &K) -> bool {
        IndexMap::contains_key(self, key)
    }
}

impl<K: Hash + Eq, V, S: BuildHasher> MapIter<K, V> for IndexMap<K, V, S> {
    fn for_each_entry(&self, mut f: impl FnMut(&K, &V)) {
        self.iter().for_each(|(k, v)| f(k, v));
    }

    fn retain_entries(&mut self, mut f: impl FnMut(&K, &mut V) -> bool) {
        self.retain(|k, v| f(k, v));
    }
}
