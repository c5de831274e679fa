use core::fmt;
use core::hash::{BuildHasher, Hash};
use core::mem::size_of;

use map_api::{MapIter, MapStrategy};

/// A hashbrown map whose values live in boxes: the Go article's
/// `map[int]*[128]byte` remedy, in Rust.
///
/// The table holds only a pointer per value, so the memory it keeps after
/// every entry is removed is small however large the values are. Each
/// insert pays for a heap allocation, and each lookup for a pointer chase.
///
/// ```
/// use map_api::MapStrategy;
/// use map_baselines::BoxedMap;
///
/// let mut map: BoxedMap<u64, [u8; 128]> = BoxedMap::default();
/// map.insert(1, [7; 128]);
/// assert_eq!(map.get(&1).map(|v| v[0]), Some(7));
/// // One table slot (16 bytes) plus one 128-byte box per entry.
/// assert!(map.heap_bytes() >= 128 + 16);
/// ```
pub struct BoxedMap<K, V, S = ahash::RandomState> {
    map: hashbrown::HashMap<K, Box<V>, S>,
}

impl<K, V, S: Default> Default for BoxedMap<K, V, S> {
    fn default() -> Self {
        Self {
            map: hashbrown::HashMap::with_hasher(S::default()),
        }
    }
}

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for BoxedMap<K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.map.iter()).finish()
    }
}

impl<K, V, S> BoxedMap<K, V, S> {
    /// The underlying table, for callers that need the rest of hashbrown's
    /// API.
    pub fn as_inner(&self) -> &hashbrown::HashMap<K, Box<V>, S> {
        &self.map
    }
}

impl<K: Hash + Eq, V, S: BuildHasher> MapStrategy<K, V> for BoxedMap<K, V, S> {
    fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.map.insert(key, Box::new(value)).map(|old| *old)
    }

    fn get(&self, key: &K) -> Option<&V> {
        self.map.get(key).map(|boxed| &**boxed)
    }

    fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.map.get_mut(key).map(|boxed| &mut **boxed)
    }

    fn remove(&mut self, key: &K) -> Option<V> {
        self.map.remove(key).map(|old| *old)
    }

    fn len(&self) -> usize {
        self.map.len()
    }

    fn clear(&mut self) {
        self.map.clear()
    }

    /// The table plus one box per live value (boxes of zero-sized values
    /// allocate nothing).
    fn heap_bytes(&self) -> usize {
        self.map.allocation_size() + self.map.len() * size_of::<V>()
    }

    fn contains_key(&self, key: &K) -> bool {
        self.map.contains_key(key)
    }
}

impl<K: Hash + Eq, V, S: BuildHasher> MapIter<K, V> for BoxedMap<K, V, S> {
    fn for_each_entry(&self, mut f: impl FnMut(&K, &V)) {
        self.map.iter().for_each(|(k, v)| f(k, v));
    }

    fn retain_entries(&mut self, mut f: impl FnMut(&K, &mut V) -> bool) {
        self.map.retain(|k, v| f(k, v));
    }
}
