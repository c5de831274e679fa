//! Standard traits, and the workspace's `MapStrategy` and `MapIter`.

use core::ops::Index;
use std::hash::{BuildHasher, Hash};

use map_api::Equivalent;

use crate::GoMap;
use crate::iter::{IntoIter, Iter, IterMut};

/// A clone has the same seed, buckets and growth state, every entry in the
/// same slot; nothing is rehashed.
impl<K: Clone, V: Clone, S: Clone> Clone for GoMap<K, V, S> {
    fn clone(&self) -> Self {
        Self {
            raw: self.raw.clone(),
            hasher: self.hasher.clone(),
        }
    }
}

/// Maps are equal when they hold the same entries, whatever their buckets.
impl<K: Hash + Eq, V: PartialEq, S: BuildHasher> PartialEq for GoMap<K, V, S> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<K: Hash + Eq, V: Eq, S: BuildHasher> Eq for GoMap<K, V, S> {}

impl<K, Q, V, S> Index<&Q> for GoMap<K, V, S>
where
    K: Hash + Eq,
    Q: ?Sized + Hash + Equivalent<K>,
    S: BuildHasher,
{
    type Output = V;

    /// # Panics
    ///
    /// Panics if `key` is absent.
    #[track_caller]
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("GoMap: no entry for the key")
    }
}

/// Reserves up front from the size hint, as hashbrown does: for all of it
/// when the map is empty (Go's `make(map, n)`, so collecting `n` entries
/// ends at the `B` that inserting them one by one would reach, without the
/// growths on the way), else for half, as some keys are likely present.
///
/// # Panics
///
/// As [`GoMap::insert`].
impl<K: Hash + Eq, V, S: BuildHasher> Extend<(K, V)> for GoMap<K, V, S> {
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

impl<'a, K: Hash + Eq + Copy, V: Copy, S: BuildHasher> Extend<(&'a K, &'a V)> for GoMap<K, V, S> {
    #[track_caller]
    fn extend<I: IntoIterator<Item = (&'a K, &'a V)>>(&mut self, entries: I) {
        self.extend(entries.into_iter().map(|(&k, &v)| (k, v)));
    }
}

impl<K: Hash + Eq, V, S: BuildHasher + Default> FromIterator<(K, V)> for GoMap<K, V, S> {
    #[track_caller]
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut map = Self::default();
        map.extend(entries);
        map
    }
}

impl<K: Hash + Eq, V, const N: usize> From<[(K, V); N]> for GoMap<K, V> {
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let map = GoMap::from([(1, "one"), (2, "two")]);
    /// assert_eq!(map[&2], "two");
    /// ```
    #[track_caller]
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<'a, K, V, S> IntoIterator for &'a GoMap<K, V, S> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}

impl<'a, K, V, S> IntoIterator for &'a mut GoMap<K, V, S> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;

    fn into_iter(self) -> IterMut<'a, K, V> {
        self.iter_mut()
    }
}

impl<K, V, S> IntoIterator for GoMap<K, V, S> {
    type Item = (K, V);
    type IntoIter = IntoIter<K, V>;

    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let map = GoMap::from([(1, 'a'), (2, 'b')]);
    /// let mut entries: Vec<(i32, char)> = map.into_iter().collect();
    /// entries.sort();
    /// assert_eq!(entries, [(1, 'a'), (2, 'b')]);
    /// ```
    fn into_iter(self) -> IntoIter<K, V> {
        IntoIter::new(self)
    }
}

map_api::forward_map_strategy!(GoMap);

#[cfg(feature = "serde")]
map_api::serde_impls!(GoMap);
