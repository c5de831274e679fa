//! Standard traits, and the workspace's `MapStrategy` and `MapIter`.

use core::fmt;
use core::hash::{BuildHasher, Hash};
use core::ops::Index;

use map_api::Equivalent;

use crate::GenMap;
use crate::generations::Generations;
use crate::iter::{IntoIter, Iter, IterMut};

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for GenMap<K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// A clone has the same entries in the same generations, mid-migration or
/// not, and the same policy. Computes in O(capacity) time.
impl<K: Clone, V: Clone, S: Clone> Clone for GenMap<K, V, S> {
    fn clone(&self) -> Self {
        Self {
            generations: self.generations.clone(),
            hasher: self.hasher.clone(),
        }
    }
}

/// Maps are equal when they hold the same entries, whatever their
/// generations. Computes in O(n) time.
impl<K: Hash + Eq, V: PartialEq, S: BuildHasher> PartialEq for GenMap<K, V, S> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<K: Hash + Eq, V: Eq, S: BuildHasher> Eq for GenMap<K, V, S> {}

impl<K, Q, V, S> Index<&Q> for GenMap<K, V, S>
where
    K: Hash + Eq,
    Q: ?Sized + Hash + Equivalent<K>,
    S: BuildHasher,
{
    type Output = V;

    /// The value under `key`. Computes in O(1) time.
    ///
    /// # Panics
    ///
    /// Panics if `key` is absent.
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("GenMap: no entry for the key")
    }
}

/// Inserts every entry, reserving room first from the iterator's size
/// hint as hashbrown does: all of it into an empty map, half of it
/// otherwise (the keys may repeat ones already present).
impl<K: Hash + Eq, V, S: BuildHasher> Extend<(K, V)> for GenMap<K, V, S> {
    #[track_caller]
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
        let entries = entries.into_iter();
        let hint = entries.size_hint().0;
        self.reserve(if self.is_empty() {
            hint
        } else {
            hint.div_ceil(2)
        });
        for (k, v) in entries {
            self.insert(k, v);
        }
    }
}

/// Inserts copies of every entry, reserving as `Extend<(K, V)>` does.
impl<'a, K, V, S> Extend<(&'a K, &'a V)> for GenMap<K, V, S>
where
    K: Hash + Eq + Copy,
    V: Copy,
    S: BuildHasher,
{
    #[track_caller]
    fn extend<I: IntoIterator<Item = (&'a K, &'a V)>>(&mut self, entries: I) {
        self.extend(entries.into_iter().map(|(&k, &v)| (k, v)));
    }
}

impl<K: Hash + Eq, V, S: BuildHasher + Default> FromIterator<(K, V)> for GenMap<K, V, S> {
    #[track_caller]
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut map = Self::default();
        map.extend(entries);
        map
    }
}

impl<K: Hash + Eq, V, S: BuildHasher + Default, const N: usize> From<[(K, V); N]>
    for GenMap<K, V, S>
{
    /// A map of the array's entries; a key that repeats keeps its last
    /// value.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let map: GenMap<&str, u32> = GenMap::from([("a", 1), ("b", 2), ("a", 3)]);
    /// assert_eq!((map.len(), map["a"]), (2, 3));
    /// ```
    #[track_caller]
    fn from(entries: [(K, V); N]) -> Self {
        Self::from_iter(entries)
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

    /// The entries by value. Prepared and retiring blocks are freed now;
    /// the tables go with the iterator.
    fn into_iter(self) -> IntoIter<K, V> {
        let Generations {
            current, previous, ..
        } = self.generations;
        IntoIter::new(current, previous)
    }
}

map_api::forward_map_strategy!(GenMap);

#[cfg(feature = "serde")]
map_api::serde_impls!(GenMap);
