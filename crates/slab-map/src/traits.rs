//! Standard traits, and the workspace's `MapStrategy` and `MapIter`.

use core::borrow::Borrow;
use core::fmt;
use core::hash::{BuildHasher, Hash};
use core::ops::Index;

use map_api::{MapIter, MapStrategy};

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
    K: Hash + Eq + Borrow<Q>,
    Q: Hash + Eq + ?Sized,
    S: BuildHasher,
{
    type Output = V;

    /// # Panics
    ///
    /// Panics if `key` is absent.
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("SlabMap: no entry for the key")
    }
}

impl<K: Hash + Eq, V, S: BuildHasher> Extend<(K, V)> for SlabMap<K, V, S> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
        let entries = entries.into_iter();
        // As std does: reserve for all if empty, else for about half, as
        // some keys are likely present already.
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
    fn extend<I: IntoIterator<Item = (&'a K, &'a V)>>(&mut self, entries: I) {
        self.extend(entries.into_iter().map(|(k, v)| (*k, *v)));
    }
}

impl<K: Hash + Eq, V, S: BuildHasher + Default> FromIterator<(K, V)> for SlabMap<K, V, S> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut map = Self::default();
        map.extend(entries);
        map
    }
}

impl<K: Hash + Eq, V, const N: usize> From<[(K, V); N]> for SlabMap<K, V> {
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

impl<K: Hash + Eq, V, S: BuildHasher> MapStrategy<K, V> for SlabMap<K, V, S> {
    #[inline]
    fn insert(&mut self, key: K, value: V) -> Option<V> {
        SlabMap::insert(self, key, value)
    }

    #[inline]
    fn get(&self, key: &K) -> Option<&V> {
        SlabMap::get(self, key)
    }

    #[inline]
    fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        SlabMap::get_mut(self, key)
    }

    #[inline]
    fn remove(&mut self, key: &K) -> Option<V> {
        SlabMap::remove(self, key)
    }

    fn len(&self) -> usize {
        SlabMap::len(self)
    }

    fn clear(&mut self) {
        SlabMap::clear(self)
    }

    fn heap_bytes(&self) -> usize {
        SlabMap::heap_bytes(self)
    }

    #[inline]
    fn contains_key(&self, key: &K) -> bool {
        SlabMap::contains_key(self, key)
    }
}

impl<K: Hash + Eq, V, S: BuildHasher> MapIter<K, V> for SlabMap<K, V, S> {
    fn for_each_entry(&self, mut f: impl FnMut(&K, &V)) {
        self.iter().for_each(|(k, v)| f(k, v));
    }

    fn retain_entries(&mut self, f: impl FnMut(&K, &mut V) -> bool) {
        SlabMap::retain(self, f);
    }
}

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
