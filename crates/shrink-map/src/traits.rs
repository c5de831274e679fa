//! Standard trait implementations for [`ShrinkMap`], the workspace's
//! [`MapStrategy`](map_api::MapStrategy) and
//! [`MapIter`](map_api::MapIter), and serde's traits behind the `serde`
//! feature.

use core::fmt;
use core::hash::{BuildHasher, Hash};
use core::ops::Index;

use map_api::Equivalent;

use crate::ShrinkMap;
use crate::iter::{IntoIter, Iter, IterMut};

impl<K, V, S: Default> Default for ShrinkMap<K, V, S> {
    fn default() -> Self {
        Self::with_hasher(S::default())
    }
}

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for ShrinkMap<K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// A clone has the same entries, capacity, policy, floors and counters.
impl<K: Clone, V: Clone, S: Clone> Clone for ShrinkMap<K, V, S> {
    fn clone(&self) -> Self {
        Self {
            table: self.table.clone(),
            hasher: self.hasher.clone(),
            governor: self.governor.clone(),
        }
    }
}

/// Maps are equal when they hold the same entries, whatever their
/// capacities and policies.
impl<K, V, S> PartialEq for ShrinkMap<K, V, S>
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

impl<K, V, S> Eq for ShrinkMap<K, V, S>
where
    K: Eq + Hash,
    V: Eq,
    S: BuildHasher,
{
}

impl<K, Q, V, S> Index<&Q> for ShrinkMap<K, V, S>
where
    K: Eq + Hash,
    Q: ?Sized + Hash + Equivalent<K>,
    S: BuildHasher,
{
    type Output = V;

    /// # Panics
    ///
    /// Panics if `key` is absent.
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("ShrinkMap: no entry for the key")
    }
}

impl<K, V, S> Extend<(K, V)> for ShrinkMap<K, V, S>
where
    K: Eq + Hash,
    S: BuildHasher,
{
    /// Reserves room up front from the iterator's size hint (all of it on
    /// an empty map, half otherwise, as hashbrown does), without keeping it
    /// as a floor.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if the table cannot grow any more.
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
        if room > self.capacity() - self.len() {
            self.grow_for(room);
        }
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<'a, K, V, S> Extend<(&'a K, &'a V)> for ShrinkMap<K, V, S>
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

impl<K, V, S> FromIterator<(K, V)> for ShrinkMap<K, V, S>
where
    K: Eq + Hash,
    S: BuildHasher + Default,
{
    #[track_caller]
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = Self::default();
        map.extend(iter);
        map
    }
}

impl<K, V, S, const N: usize> From<[(K, V); N]> for ShrinkMap<K, V, S>
where
    K: Eq + Hash,
    S: BuildHasher + Default,
{
    #[track_caller]
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<K, V, S> IntoIterator for ShrinkMap<K, V, S> {
    type Item = (K, V);
    type IntoIter = IntoIter<K, V>;

    fn into_iter(self) -> IntoIter<K, V> {
        IntoIter::new(self.table.into_iter())
    }
}

impl<'a, K, V, S> IntoIterator for &'a ShrinkMap<K, V, S> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}

impl<'a, K, V, S> IntoIterator for &'a mut ShrinkMap<K, V, S> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;

    fn into_iter(self) -> IterMut<'a, K, V> {
        self.iter_mut()
    }
}

map_api::forward_map_strategy!(ShrinkMap);

#[cfg(feature = "serde")]
map_api::serde_impls!(ShrinkMap);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_ignores_capacity_and_order() {
        let a: ShrinkMap<u32, u32> = (0..100).map(|k| (k, k)).collect();
        let mut b: ShrinkMap<u32, u32> = ShrinkMap::with_capacity(1000);
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
        let a: ShrinkMap<String, u32> = [("a".to_string(), 1)].into();
        let mut b = a.clone();
        b.insert("b".to_string(), 2);
        assert_eq!(a.len(), 1);
        assert_eq!(b.len(), 2);
        assert_eq!(b["a"], 1);
    }

    #[test]
    fn debug_lists_entries() {
        let map: ShrinkMap<u32, &str> = [(1, "x")].into();
        assert_eq!(format!("{map:?}"), r#"{1: "x"}"#);
    }

    #[test]
    #[should_panic(expected = "no entry for the key")]
    fn index_of_an_absent_key_panics() {
        let map: ShrinkMap<u32, u32> = ShrinkMap::new();
        let _ = map[&1];
    }

    #[test]
    fn extend_from_references() {
        let source = [(1u32, 2u32), (3, 4)];
        let mut map: ShrinkMap<u32, u32> = ShrinkMap::new();
        map.extend(source.iter().map(|(k, v)| (k, v)));
        assert_eq!(map[&3], 4);
    }

    #[test]
    fn into_iter_yields_everything() {
        let map: ShrinkMap<u32, u32> = (0..50).map(|k| (k, k)).collect();
        let mut keys: Vec<u32> = map.into_iter().map(|(k, _)| k).collect();
        keys.sort_unstable();
        assert_eq!(keys, (0..50).collect::<Vec<_>>());
    }
}
