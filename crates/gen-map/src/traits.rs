//! Standard traits, and the workspace's `MapStrategy` and `MapIter`.

use core::borrow::Borrow;
use core::fmt;
use core::hash::{BuildHasher, Hash};
use core::ops::Index;

use map_api::{MapIter, MapStrategy};

use crate::GenMap;
use crate::generations::Generations;
use crate::iter::{IntoIter, Iter, IterMut};

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for GenMap<K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// A clone has the same entries in the same generations, mid-migration or
/// not.
impl<K: Clone, V: Clone, S: Clone> Clone for GenMap<K, V, S> {
    fn clone(&self) -> Self {
        Self {
            generations: self.generations.clone(),
            hasher: self.hasher.clone(),
        }
    }
}

/// Maps are equal when they hold the same entries, whatever their
/// generations.
impl<K: Hash + Eq, V: PartialEq, S: BuildHasher> PartialEq for GenMap<K, V, S> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<K: Hash + Eq, V: Eq, S: BuildHasher> Eq for GenMap<K, V, S> {}

impl<K, Q, V, S> Index<&Q> for GenMap<K, V, S>
where
    K: Hash + Eq + Borrow<Q>,
    Q: Hash + Eq + ?Sized,
    S: BuildHasher,
{
    type Output = V;

    /// # Panics
    ///
    /// Panics if `key` is absent.
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("GenMap: no entry for the key")
    }
}

impl<K: Hash + Eq, V, S: BuildHasher> Extend<(K, V)> for GenMap<K, V, S> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
        for (k, v) in entries {
            self.insert(k, v);
        }
    }
}

impl<K: Hash + Eq, V, S: BuildHasher + Default> FromIterator<(K, V)> for GenMap<K, V, S> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut map = Self::default();
        map.extend(entries);
        map
    }
}

impl<'a, K, V, S> IntoIterator for &'a GenMap<K, V, S> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}

impl<'a, K, V, S> IntoIterator for &'a mut GenMap<K, V, S> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;

    fn into_iter(self) -> IterMut<'a, K, V> {
        self.iter_mut()
    }
}

impl<K, V, S> IntoIterator for GenMap<K, V, S> {
    type Item = (K, V);
    type IntoIter = IntoIter<K, V>;

    fn into_iter(self) -> IntoIter<K, V> {
        let Generations {
            current, previous, ..
        } = self.generations;
        IntoIter::new(current, previous)
    }
}

impl<K: Hash + Eq, V, S: BuildHasher> MapStrategy<K, V> for GenMap<K, V, S> {
    #[inline]
    fn insert(&mut self, key: K, value: V) -> Option<V> {
        GenMap::insert(self, key, value)
    }

    #[inline]
    fn get(&self, key: &K) -> Option<&V> {
        GenMap::get(self, key)
    }

    #[inline]
    fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        GenMap::get_mut(self, key)
    }

    #[inline]
    fn remove(&mut self, key: &K) -> Option<V> {
        GenMap::remove(self, key)
    }

    fn len(&self) -> usize {
        GenMap::len(self)
    }

    fn clear(&mut self) {
        GenMap::clear(self)
    }

    fn heap_bytes(&self) -> usize {
        GenMap::heap_bytes(self)
    }

    #[inline]
    fn contains_key(&self, key: &K) -> bool {
        GenMap::contains_key(self, key)
    }
}

impl<K: Hash + Eq, V, S: BuildHasher> MapIter<K, V> for GenMap<K, V, S> {
    fn for_each_entry(&self, mut f: impl FnMut(&K, &V)) {
        self.iter().for_each(|(k, v)| f(k, v));
    }

    fn retain_entries(&mut self, f: impl FnMut(&K, &mut V) -> bool) {
        GenMap::retain(self, f);
    }
}
