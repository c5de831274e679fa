use core::hash::{BuildHasher, Hash};

use crate::{MapIter, MapStrategy};

/// `hashbrown::HashMap` with ahash: the speed reference of every report.
pub type HashbrownMap<K, V> = hashbrown::HashMap<K, V, ahash::RandomState>;

impl<K: Hash + Eq, V, S: BuildHasher> MapStrategy<K, V> for hashbrown::HashMap<K, V, S> {
    fn insert(&mut self, key: K, value: V) -> Option<V> {
        hashbrown::HashMap::insert(self, key, value)
    }

    fn get(&self, key: &K) -> Option<&V> {
        hashbrown::HashMap::get(self, key)
    }

    fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        hashbrown::HashMap::get_mut(self, key)
    }

    fn remove(&mut self, key: &K) -> Option<V> {
        hashbrown::HashMap::remove(self, key)
    }

    fn len(&self) -> usize {
        hashbrown::HashMap::len(self)
    }

    fn clear(&mut self) {
        hashbrown::HashMap::clear(self)
    }

    fn heap_bytes(&self) -> usize {
        self.allocation_size()
    }

    fn contains_key(&self, key: &K) -> bool {
        hashbrown::HashMap::contains_key(self, key)
    }
}

impl<K: Hash + Eq, V, S: BuildHasher> MapIter<K, V> for hashbrown::HashMap<K, V, S> {
    fn for_each_entry(&self, mut f: impl FnMut(&K, &V)) {
        self.iter().for_each(|(k, v)| f(k, v));
    }

    fn retain_entries(&mut self, mut f: impl FnMut(&K, &mut V) -> bool) {
        self.retain(|k, v| f(k, v));
    }
}
