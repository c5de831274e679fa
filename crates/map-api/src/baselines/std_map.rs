use core::hash::{BuildHasher, Hash};
use std::collections::HashMap;

use crate::layout::{buckets_for_capacity, raw_table_bytes};
use crate::{MapIter, MapStrategy};

/// `std::collections::HashMap` as it is, with whatever hasher it was built
/// with (SipHash by default).
///
/// std does not expose its bucket count, so [`heap_bytes`](MapStrategy::heap_bytes)
/// infers it from `capacity()`; see [`buckets_for_capacity`].
impl<K: Hash + Eq, V, S: BuildHasher> MapStrategy<K, V> for HashMap<K, V, S> {
    fn insert(&mut self, key: K, value: V) -> Option<V> {
        HashMap::insert(self, key, value)
    }

    fn get(&self, key: &K) -> Option<&V> {
        HashMap::get(self, key)
    }

    fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        HashMap::get_mut(self, key)
    }

    fn remove(&mut self, key: &K) -> Option<V> {
        HashMap::remove(self, key)
    }

    fn len(&self) -> usize {
        HashMap::len(self)
    }

    fn clear(&mut self) {
        HashMap::clear(self)
    }

    fn heap_bytes(&self) -> usize {
        raw_table_bytes::<(K, V)>(buckets_for_capacity(self.capacity()))
    }

    fn contains_key(&self, key: &K) -> bool {
        HashMap::contains_key(self, key)
    }
}

impl<K: Hash + Eq, V, S: BuildHasher> MapIter<K, V> for HashMap<K, V, S> {
    fn for_each_entry(&self, mut f: impl FnMut(&K, &V)) {
        self.iter().for_each(|(k, v)| f(k, v));
    }

    fn retain_entries(&mut self, mut f: impl FnMut(&K, &mut V) -> bool) {
        self.retain(|k, v| f(k, v));
    }
}
