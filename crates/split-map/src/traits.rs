//! Standard trait implementations for [`SplitMap`], the workspace's
//! [`MapStrategy`](map_api::MapStrategy) and [`MapIter`](map_api::MapIter),
//! and serde's traits behind the `serde` feature.

use core::fmt;
use core::hash::{BuildHasher, Hash};
use core::ops::Index;

use map_api::Equivalent;

use crate::SplitMap;
use crate::iter::{IntoIter, Iter, IterMut};

impl<K, V, S: Default> Default for SplitMap<K, V, S> {
    fn default() -> Self {
        Self::with_hasher(S::default())
    }
}

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for SplitMap<K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// A clone has the same entries, directory, tables and counters.
impl<K: Clone, V: Clone, S: Clone> Clone for SplitMap<K, V, S> {
    fn clone(&self) -> Self {
        Self {
            raw: self.raw.clone(),
            hasher: self.hasher.clone(),
        }
    }
}

/// Maps are equal when they hold the same entries, whatever their
/// directories and table sizes.
impl<K, V, S> PartialEq for SplitMap<K, V, S>
where
    K: Eq + Hash,
    V: PartialEq,
    S: BuildHasher,
{
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .all(|(k, v)| other.get(k).is_some_and(|theirs| v == theirs))
    }
}

impl<K, V, S> Eq for SplitMap<K, V, S>
where
    K: Eq + Hash,
    V: Eq,
    S: BuildHasher,
{
}

impl<K, Q, V, S> Index<&Q> for SplitMap<K, V, S>
where
    K: Eq + Hash,
    Q: Hash + Equivalent<K> + ?Sized,
    S: BuildHasher,
{
    type Output = V;

    /// # Panics
    ///
    /// Panics if `key` is absent.
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("SplitMap: no entry for the key")
    }
}

impl<K, V, S> Extend<(K, V)> for SplitMap<K, V, S>
where
    K: Eq + Hash,
    S: BuildHasher,
{
    #[track_caller]
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        let iter = iter.into_iter();
        // As hashbrown does: trust the hint fully on an empty map, half on
        // a full one, where many keys may already be present.
        let hint = iter.size_hint().0;
        let room = if self.is_empty() {
            hint
        } else {
            hint.div_ceil(2)
        };
        self.reserve(room);
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<'a, K, V, S> Extend<(&'a K, &'a V)> for SplitMap<K, V, S>
where
    K: Eq + Hash + Copy,
    V: Copy,
    S: BuildHasher,
{
    #[track_caller]
    fn extend<I: IntoIterator<Item = (&'a K, &'a V)>>(&mut self, iter: I) {
        self.extend(iter.into_iter().map(|(&k, &v)| (k, v)));
    }
}

impl<K, V, S> FromIterator<(K, V)> for SplitMap<K, V, S>
where
    K: Eq + Hash,
    S: BuildHasher + Default,
{
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = Self::default();
        map.extend(iter);
        map
    }
}

impl<K, V, S, const N: usize> From<[(K, V); N]> for SplitMap<K, V, S>
where
    K: Eq + Hash,
    S: BuildHasher + Default,
{
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<K, V, S> IntoIterator for SplitMap<K, V, S> {
    type Item = (K, V);
    type IntoIter = IntoIter<K, V>;

    fn into_iter(self) -> IntoIter<K, V> {
        let len = self.raw.len;
        let mut raw = self.raw;
        IntoIter::new(raw.reset(), len)
    }
}

impl<'a, K, V, S> IntoIterator for &'a SplitMap<K, V, S> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}

impl<'a, K, V, S> IntoIterator for &'a mut SplitMap<K, V, S> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;

    fn into_iter(self) -> IterMut<'a, K, V> {
        self.iter_mut()
    }
}

map_api::forward_map_strategy!(SplitMap);

#[cfg(feature = "serde")]
map_api::serde_impls!(SplitMap);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_ignores_capacity_and_order() {
        let a: SplitMap<u32, u32> = (0..100).map(|k| (k, k)).collect();
        let mut b: SplitMap<u32, u32> = SplitMap::with_capacity(1000);
        b.extend((0..100).rev().map(|k| (k, k)));
        assert_eq!(a, b);
        b.insert(0, 1);
        assert_ne!(a, b);
        b.insert(0, 0);
        b.insert(100, 0);
        assert_ne!(a, b);
    }

    #[test]
    fn clone_is_independent() {
        let a: SplitMap<String, u32> = [("a".to_string(), 1)].into();
        let mut b = a.clone();
        b.insert("b".to_string(), 2);
        assert_eq!(a.len(), 1);
        assert_eq!(b.len(), 2);
        assert_eq!(b["a"], 1);
    }

    #[test]
    fn debug_lists_entries() {
        let map: SplitMap<u32, &str> = [(1, "x")].into();
        assert_eq!(format!("{map:?}"), r#"{1: "x"}"#);
    }

    #[test]
    #[should_panic(expected = "no entry for the key")]
    fn index_of_an_absent_key_panics() {
        let map: SplitMap<u32, u32> = SplitMap::new();
        let _ = map[&1];
    }

    #[test]
    fn extend_from_references() {
        let source = [(1u32, 2u32), (3, 4)];
        let mut map: SplitMap<u32, u32> = SplitMap::new();
        map.extend(source.iter().map(|(k, v)| (k, v)));
        assert_eq!(map[&3], 4);
    }

    #[test]
    fn into_iter_yields_everything() {
        let map: SplitMap<u32, u32> = (0..50).map(|k| (k, k)).collect();
        let mut keys: Vec<u32> = map.into_iter().map(|(k, _)| k).collect();
        keys.sort_unstable();
        assert_eq!(keys, (0..50).collect::<Vec<_>>());
    }
}
