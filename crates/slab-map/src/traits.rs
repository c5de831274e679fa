//! Standard traits, and the workspace's `MapStrategy` and `MapIter`.

use core::fmt;
use core::hash::{BuildHasher, Hash};
use core::ops::Index;

use map_api::Equivalent;

use crate::SlabMap;
use crate::iter::{IntoIter, Iter, IterMut};

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for SlabMap<K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// A clone has the same entries in the same slots.
impl<K: Clone, V: Clone, S: Clone> Clone for SlabMap<K, V, S> {
    fn clone(&self) -> Self {
        Self {
            core: self.core.clone(),
            hasher: self.hasher.clone(),
        }
    }
}

/// Maps are equal when they hold the same entries, in whatever slots.
impl<K: Hash + Eq, V: PartialEq, S: BuildHasher> PartialEq for SlabMap<K, V, S> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<K: Hash + Eq, V: Eq, S: BuildHasher> Eq for SlabMap<K, V, S> {}

impl<K, Q, V, S> Index<&Q> for SlabMap<K, V, S>
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
        self.get(key).expect("SlabMap: no entry for the key")
    }
}

/// Reserves up front from the size hint, as hashbrown does: for all of
/// it when the map is empty, else for half, as some keys are likely
/// present already.
///
/// # Panics
///
/// As [`SlabMap::insert`].
impl<K: Hash + Eq, V, S: BuildHasher> Extend<(K, V)> for SlabMap<K, V, S> {
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

impl<'a, K: Hash + Eq + Copy, V: Copy, S: BuildHasher> Extend<(&'a K, &'a V)> for SlabMap<K, V, S> {
    #[track_caller]
    fn extend<I: IntoIterator<Item = (&'a K, &'a V)>>(&mut self, entries: I) {
        self.extend(entries.into_iter().map(|(k, v)| (*k, *v)));
    }
}

impl<K: Hash + Eq, V, S: BuildHasher + Default> FromIterator<(K, V)> for SlabMap<K, V, S> {
    #[track_caller]
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut map = Self::default();
        map.extend(entries);
        map
    }
}

impl<K: Hash + Eq, V, const N: usize> From<[(K, V); N]> for SlabMap<K, V> {
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let map = SlabMap::from([(1, "one"), (2, "two")]);
    /// assert_eq!(map[&2], "two");
    /// ```
    #[track_caller]
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<'a, K, V, S> IntoIterator for &'a SlabMap<K, V, S> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}

impl<'a, K, V, S> IntoIterator for &'a mut SlabMap<K, V, S> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;

    fn into_iter(self) -> IterMut<'a, K, V> {
        self.iter_mut()
    }
}

impl<K, V, S> IntoIterator for SlabMap<K, V, S> {
    type Item = (K, V);
    type IntoIter = IntoIter<K, V>;

    /// The entries in slab order; those not taken are dropped with the
    /// iterator.
    fn into_iter(mut self) -> IntoIter<K, V> {
        let len = self.len();
        IntoIter::new(self.core.take_all(), len)
    }
}

map_api::forward_map_strategy!(SlabMap);

#[cfg(feature = "serde")]
map_api::serde_impls!(SlabMap);

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn is_send_and_sync_when_its_parts_are() {
        assert_send_sync::<SlabMap<u64, String>>();
    }

    #[test]
    fn equality_ignores_slot_order() {
        let a: SlabMap<u32, u32> = (0..100).map(|k| (k, k)).collect();
        let mut b: SlabMap<u32, u32> = (0..100).rev().map(|k| (k, k)).collect();
        assert_eq!(a, b);
        b.insert(5, 6);
        assert_ne!(a, b);
        let c = a.clone();
        assert_eq!(a, c);
    }

    #[test]
    fn into_iter_dropped_half_way_drops_the_rest() {
        use std::rc::Rc;
        let token = Rc::new(());
        let map: SlabMap<u32, Rc<()>> = (0..10).map(|k| (k, Rc::clone(&token))).collect();
        let mut iter = map.into_iter();
        iter.next();
        iter.next();
        assert_eq!(Rc::strong_count(&token), 9);
        drop(iter);
        assert_eq!(Rc::strong_count(&token), 1);
    }
}
