//! The std-surface contract, met by a thin wrapper over hashbrown's map:
//! shows that the contract is hashbrown's own API, and checks the kit's
//! surface tests and map-api's shared macros on a map known to be correct.

mod refmap {
    use core::hash::{BuildHasher, Hash};

    use map_api::{Equivalent, TryReserveError};

    pub use hashbrown::hash_map::{Drain, Entry, IntoIter, Iter, IterMut};

    /// hashbrown's map with ahash, and nothing of its own.
    pub struct RefMap<K, V, S = ahash::RandomState>(hashbrown::HashMap<K, V, S>);

    impl<K: core::fmt::Debug, V: core::fmt::Debug, S> core::fmt::Debug for RefMap<K, V, S> {
        fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            self.0.fmt(f)
        }
    }

    impl<K: Clone, V: Clone, S: Clone> Clone for RefMap<K, V, S> {
        fn clone(&self) -> Self {
            Self(self.0.clone())
        }
    }

    impl<K: Eq + Hash, V: PartialEq, S: BuildHasher> PartialEq for RefMap<K, V, S> {
        fn eq(&self, other: &Self) -> bool {
            self.0 == other.0
        }
    }

    impl<K: Eq + Hash, V: Eq, S: BuildHasher> Eq for RefMap<K, V, S> {}

    /// hashbrown calls std's `Entry::insert_entry` `Entry::insert`.
    pub trait InsertEntry<'a, K, V, S> {
        fn insert_entry(self, value: V) -> hashbrown::hash_map::OccupiedEntry<'a, K, V, S>;
    }

    impl<'a, K: Hash, V, S: BuildHasher> InsertEntry<'a, K, V, S> for Entry<'a, K, V, S> {
        fn insert_entry(self, value: V) -> hashbrown::hash_map::OccupiedEntry<'a, K, V, S> {
            self.insert(value)
        }
    }

    impl<K, V> RefMap<K, V> {
        pub fn new() -> Self {
            Self::with_hasher(Default::default())
        }

        pub fn with_capacity(capacity: usize) -> Self {
            Self::with_capacity_and_hasher(capacity, Default::default())
        }
    }

    impl<K, V, S: Default> Default for RefMap<K, V, S> {
        fn default() -> Self {
            Self(hashbrown::HashMap::with_hasher(S::default()))
        }
    }

    impl<K, V, S> RefMap<K, V, S> {
        pub fn with_hasher(hasher: S) -> Self {
            Self(hashbrown::HashMap::with_hasher(hasher))
        }

        pub fn with_capacity_and_hasher(capacity: usize, hasher: S) -> Self {
            Self(hashbrown::HashMap::with_capacity_and_hasher(
                capacity, hasher,
            ))
        }

        pub fn hasher(&self) -> &S {
            self.0.hasher()
        }

        pub fn len(&self) -> usize {
            self.0.len()
        }

        pub fn is_empty(&self) -> bool {
            self.0.is_empty()
        }

        pub fn capacity(&self) -> usize {
            self.0.capacity()
        }

        pub fn iter(&self) -> Iter<'_, K, V> {
            self.0.iter()
        }

        pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
            self.0.iter_mut()
        }

        pub fn keys(&self) -> Keys<'_, K, V> {
            Keys::new(self.0.iter())
        }

        pub fn values(&self) -> Values<'_, K, V> {
            Values::new(self.0.iter())
        }

        pub fn values_mut(&mut self) -> ValuesMut<'_, K, V> {
            ValuesMut::new(self.0.iter_mut())
        }

        pub fn into_keys(self) -> IntoKeys<K, V> {
            IntoKeys::new(self.0.into_iter())
        }

        pub fn into_values(self) -> IntoValues<K, V> {
            IntoValues::new(self.0.into_iter())
        }

        pub fn drain(&mut self) -> Drain<'_, K, V> {
            self.0.drain()
        }

        pub fn clear(&mut self) {
            self.0.clear()
        }

        pub fn retain(&mut self, f: impl FnMut(&K, &mut V) -> bool) {
            self.0.retain(f)
        }

        pub fn extract_if<F: FnMut(&K, &mut V) -> bool>(
            &mut self,
            f: F,
        ) -> hashbrown::hash_map::ExtractIf<'_, K, V, F> {
            self.0.extract_if(f)
        }
    }

    impl<K: Eq + Hash, V, S: BuildHasher> RefMap<K, V, S> {
        pub fn heap_bytes(&self) -> usize {
            self.0.allocation_size()
        }

        pub fn reserve(&mut self, additional: usize) {
            self.0.reserve(additional)
        }

        pub fn try_reserve(&mut self, additional: usize) -> Result<(), TryReserveError> {
            self.0.try_reserve(additional)
        }

        pub fn shrink_to_fit(&mut self) {
            self.0.shrink_to_fit()
        }

        pub fn shrink_to(&mut self, min_capacity: usize) {
            self.0.shrink_to(min_capacity)
        }

        pub fn insert(&mut self, key: K, value: V) -> Option<V> {
            self.0.insert(key, value)
        }

        pub fn entry(&mut self, key: K) -> Entry<'_, K, V, S> {
            self.0.entry(key)
        }

        pub fn get<Q: ?Sized + Hash + Equivalent<K>>(&self, key: &Q) -> Option<&V> {
            self.0.get(key)
        }

        pub fn get_key_value<Q: ?Sized + Hash + Equivalent<K>>(&self, key: &Q) -> Option<(&K, &V)> {
            self.0.get_key_value(key)
        }

        pub fn get_mut<Q: ?Sized + Hash + Equivalent<K>>(&mut self, key: &Q) -> Option<&mut V> {
            self.0.get_mut(key)
        }

        pub fn contains_key<Q: ?Sized + Hash + Equivalent<K>>(&self, key: &Q) -> bool {
            self.0.contains_key(key)
        }

        pub fn remove<Q: ?Sized + Hash + Equivalent<K>>(&mut self, key: &Q) -> Option<V> {
            self.0.remove(key)
        }

        pub fn remove_entry<Q: ?Sized + Hash + Equivalent<K>>(
            &mut self,
            key: &Q,
        ) -> Option<(K, V)> {
            self.0.remove_entry(key)
        }

        pub fn get_disjoint_mut<Q: ?Sized + Hash + Equivalent<K>, const N: usize>(
            &mut self,
            keys: [&Q; N],
        ) -> [Option<&mut V>; N] {
            self.0.get_disjoint_mut(keys)
        }
    }

    impl<K: Eq + Hash, Q: ?Sized + Hash + Equivalent<K>, V, S: BuildHasher> core::ops::Index<&Q>
        for RefMap<K, V, S>
    {
        type Output = V;

        fn index(&self, key: &Q) -> &V {
            &self.0[key]
        }
    }

    impl<K: Eq + Hash, V, S: BuildHasher> Extend<(K, V)> for RefMap<K, V, S> {
        fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
            self.0.extend(entries)
        }
    }

    impl<'a, K: Eq + Hash + Copy, V: Copy, S: BuildHasher> Extend<(&'a K, &'a V)> for RefMap<K, V, S> {
        fn extend<I: IntoIterator<Item = (&'a K, &'a V)>>(&mut self, entries: I) {
            self.0.extend(entries)
        }
    }

    impl<K: Eq + Hash, V, S: BuildHasher + Default> FromIterator<(K, V)> for RefMap<K, V, S> {
        fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
            Self(entries.into_iter().collect())
        }
    }

    impl<K: Eq + Hash, V, const N: usize> From<[(K, V); N]> for RefMap<K, V> {
        fn from(entries: [(K, V); N]) -> Self {
            entries.into_iter().collect()
        }
    }

    impl<K, V, S> IntoIterator for RefMap<K, V, S> {
        type Item = (K, V);
        type IntoIter = IntoIter<K, V>;

        fn into_iter(self) -> IntoIter<K, V> {
            self.0.into_iter()
        }
    }

    impl<'a, K, V, S> IntoIterator for &'a RefMap<K, V, S> {
        type Item = (&'a K, &'a V);
        type IntoIter = Iter<'a, K, V>;

        fn into_iter(self) -> Iter<'a, K, V> {
            self.0.iter()
        }
    }

    impl<'a, K, V, S> IntoIterator for &'a mut RefMap<K, V, S> {
        type Item = (&'a K, &'a mut V);
        type IntoIter = IterMut<'a, K, V>;

        fn into_iter(self) -> IterMut<'a, K, V> {
            self.0.iter_mut()
        }
    }

    map_api::key_value_iterators!(map: RefMap, iter: Iter, iter_mut: IterMut, into_iter: IntoIter);
    map_api::forward_map_strategy!(RefMap);
    map_api::serde_impls!(RefMap);
}

use refmap::InsertEntry as _;

map_testkit::std_surface_tests!(crate: refmap, map: RefMap);

// The serde feature of this crate is off; run the serde checks directly.
#[test]
fn serde_checks_pass_on_the_reference() {
    map_testkit::surface::serde_round_trips::<refmap::RefMap<String, u64>>();
    map_testkit::surface::serde_caps_the_claimed_length::<refmap::RefMap<u64, u64>>();
}

#[test]
fn key_value_iterators_forward_fold_and_length() {
    let map: refmap::RefMap<u64, u64> = (0..100).map(|k| (k, k + 1)).collect();
    assert_eq!(map.keys().copied().max(), Some(99));
    assert_eq!(map.values().sum::<u64>(), (1..=100u64).sum::<u64>());
    assert_eq!(map.values().len(), 100);
    let mut keys = map.keys();
    keys.next();
    assert_eq!(format!("{keys:?}"), "Keys { remaining: 99 }");
    assert_eq!(map.into_values().max(), Some(100));
}
