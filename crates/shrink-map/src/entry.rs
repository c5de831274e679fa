//! The entry API: [`Entry`], [`OccupiedEntry`], [`VacantEntry`].
//!
//! An occupied entry keeps a borrow of the hasher and the governor beside
//! hashbrown's entry, so that removing through it can shrink the table:
//! hashbrown hands the table back from the vacated entry.

use core::fmt;
use core::hash::{BuildHasher, Hash};

use hashbrown::hash_table;

use crate::governor::Governor;

/// A view into one key's place in a [`ShrinkMap`](crate::ShrinkMap), from
/// [`ShrinkMap::entry`](crate::ShrinkMap::entry).
pub enum Entry<'a, K, V, S = ahash::RandomState> {
    /// The key is present.
    Occupied(OccupiedEntry<'a, K, V, S>),
    /// The key is absent.
    Vacant(VacantEntry<'a, K, V, S>),
}

/// A present key's entry.
pub struct OccupiedEntry<'a, K, V, S = ahash::RandomState> {
    inner: hash_table::OccupiedEntry<'a, (K, V)>,
    hasher: &'a S,
    governor: &'a mut Governor,
}

/// An absent key's entry, holding the key until a value is inserted. The
/// table already has room for it (see
/// [`ShrinkMap::entry`](crate::ShrinkMap::entry)), so inserting never
/// reallocates.
pub struct VacantEntry<'a, K, V, S = ahash::RandomState> {
    key: K,
    inner: hash_table::VacantEntry<'a, (K, V)>,
    hasher: &'a S,
    governor: &'a mut Governor,
}

impl<'a, K, V, S> Entry<'a, K, V, S> {
    /// The entry's key.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<&str, u32> = ShrinkMap::new();
    /// assert_eq!(map.entry("a").key(), &"a");
    /// ```
    pub fn key(&self) -> &K {
        match self {
            Entry::Occupied(entry) => entry.key(),
            Entry::Vacant(entry) => entry.key(),
        }
    }

    /// The value, inserting `default` if the key is absent.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<&str, u32> = ShrinkMap::new();
    /// *map.entry("a").or_insert(1) += 10;
    /// assert_eq!(map["a"], 11);
    /// ```
    pub fn or_insert(self, default: V) -> &'a mut V {
        self.or_insert_with(|| default)
    }

    /// The value, inserting the result of `default` if the key is absent.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<&str, Vec<u32>> = ShrinkMap::new();
    /// map.entry("a").or_insert_with(Vec::new).push(1);
    /// assert_eq!(map["a"], [1]);
    /// ```
    pub fn or_insert_with<F: FnOnce() -> V>(self, default: F) -> &'a mut V {
        match self {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => entry.insert(default()),
        }
    }

    /// The value, inserting the result of `default(&key)` if the key is
    /// absent.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<u32, u32> = ShrinkMap::new();
    /// assert_eq!(*map.entry(7).or_insert_with_key(|k| k * 2), 14);
    /// ```
    pub fn or_insert_with_key<F: FnOnce(&K) -> V>(self, default: F) -> &'a mut V {
        match self {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => {
                let value = default(entry.key());
                entry.insert(value)
            }
        }
    }

    /// The value, inserting `V::default()` if the key is absent.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<&str, u32> = ShrinkMap::new();
    /// *map.entry("a").or_default() += 1;
    /// assert_eq!(map["a"], 1);
    /// ```
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }

    /// Calls `f` on the value if the key is present.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<&str, u32> = ShrinkMap::new();
    /// map.entry("a").and_modify(|v| *v += 1).or_insert(1);
    /// map.entry("a").and_modify(|v| *v += 1).or_insert(1);
    /// assert_eq!(map["a"], 2);
    /// ```
    pub fn and_modify<F: FnOnce(&mut V)>(self, f: F) -> Self {
        match self {
            Entry::Occupied(mut entry) => {
                f(entry.get_mut());
                Entry::Occupied(entry)
            }
            vacant => vacant,
        }
    }

    /// Sets the value, inserting the key if it is absent, and returns the
    /// entry, now occupied. A present key keeps the key already stored.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<&str, u32> = ShrinkMap::new();
    /// let entry = map.entry("a").insert_entry(1);
    /// assert_eq!((entry.key(), entry.get()), (&"a", &1));
    /// let entry = map.entry("a").insert_entry(2);
    /// assert_eq!(entry.get(), &2);
    /// assert_eq!(map.len(), 1);
    /// ```
    pub fn insert_entry(self, value: V) -> OccupiedEntry<'a, K, V, S> {
        match self {
            Entry::Occupied(mut entry) => {
                entry.insert(value);
                entry
            }
            Entry::Vacant(entry) => entry.insert_entry(value),
        }
    }
}

impl<'a, K, V, S> OccupiedEntry<'a, K, V, S> {
    pub(crate) fn new(
        inner: hash_table::OccupiedEntry<'a, (K, V)>,
        hasher: &'a S,
        governor: &'a mut Governor,
    ) -> Self {
        Self {
            inner,
            hasher,
            governor,
        }
    }

    /// The stored key.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::{Entry, ShrinkMap};
    ///
    /// let mut map: ShrinkMap<u32, u32> = [(1, 10)].into();
    /// if let Entry::Occupied(entry) = map.entry(1) {
    ///     assert_eq!(entry.key(), &1);
    ///     assert_eq!(entry.get(), &10);
    /// }
    /// ```
    pub fn key(&self) -> &K {
        &self.inner.get().0
    }

    /// The value.
    ///
    /// Computes in O(1) time.
    pub fn get(&self) -> &V {
        &self.inner.get().1
    }

    /// The value, mutably, for as long as the entry lives.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::{Entry, ShrinkMap};
    ///
    /// let mut map: ShrinkMap<u32, u32> = [(1, 10)].into();
    /// if let Entry::Occupied(mut entry) = map.entry(1) {
    ///     *entry.get_mut() += 1;
    /// }
    /// assert_eq!(map[&1], 11);
    /// ```
    pub fn get_mut(&mut self) -> &mut V {
        &mut self.inner.get_mut().1
    }

    /// The value, mutably, for as long as the map is borrowed.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::{Entry, ShrinkMap};
    ///
    /// let mut map: ShrinkMap<u32, u32> = [(1, 10)].into();
    /// if let Entry::Occupied(entry) = map.entry(1) {
    ///     *entry.into_mut() = 0;
    /// }
    /// assert_eq!(map[&1], 0);
    /// ```
    pub fn into_mut(self) -> &'a mut V {
        &mut self.inner.into_mut().1
    }

    /// Replaces the value, returning the old one.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::{Entry, ShrinkMap};
    ///
    /// let mut map: ShrinkMap<u32, u32> = [(1, 1)].into_iter().collect();
    /// if let Entry::Occupied(mut entry) = map.entry(1) {
    ///     assert_eq!(entry.insert(2), 1);
    /// }
    /// assert_eq!(map[&1], 2);
    /// ```
    pub fn insert(&mut self, value: V) -> V {
        core::mem::replace(self.get_mut(), value)
    }
}

impl<K: Hash, V, S: BuildHasher> OccupiedEntry<'_, K, V, S> {
    /// Removes the entry, returning its value, and applies the shrink
    /// policy as [`ShrinkMap::remove`](crate::ShrinkMap::remove) does.
    ///
    /// Computes in O(1) time (amortized); the removal that reaches the
    /// low-water mark shrinks the table, moving every remaining entry: O(n).
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::{Entry, ShrinkMap};
    ///
    /// let mut map: ShrinkMap<u32, u32> = (0..1000).map(|k| (k, k)).collect();
    /// for k in 0..1000 {
    ///     if let Entry::Occupied(entry) = map.entry(k) {
    ///         entry.remove();
    ///     }
    /// }
    /// assert_eq!(map.heap_bytes(), 0);
    /// ```
    pub fn remove(self) -> V {
        self.remove_entry().1
    }

    /// Removes the entry, returning the stored key and value, and applies
    /// the shrink policy.
    ///
    /// Computes in O(1) time (amortized); the removal that reaches the
    /// low-water mark shrinks the table, moving every remaining entry: O(n).
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::{Entry, ShrinkMap};
    ///
    /// let mut map: ShrinkMap<String, u32> = [("a".to_string(), 1)].into();
    /// if let Entry::Occupied(entry) = map.entry("a".to_string()) {
    ///     assert_eq!(entry.remove_entry(), ("a".to_string(), 1));
    /// }
    /// assert!(map.is_empty());
    /// ```
    pub fn remove_entry(self) -> (K, V) {
        let (removed, vacated) = self.inner.remove();
        let table = vacated.into_table();
        if self.governor.at_low_water(table) {
            self.governor.shrink_at_low_water(table, self.hasher);
        }
        removed
    }
}

impl<'a, K, V, S> VacantEntry<'a, K, V, S> {
    pub(crate) fn new(
        key: K,
        inner: hash_table::VacantEntry<'a, (K, V)>,
        hasher: &'a S,
        governor: &'a mut Governor,
    ) -> Self {
        Self {
            key,
            inner,
            hasher,
            governor,
        }
    }

    /// The key that would be inserted.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::{Entry, ShrinkMap};
    ///
    /// let mut map: ShrinkMap<u32, u32> = ShrinkMap::new();
    /// if let Entry::Vacant(entry) = map.entry(7) {
    ///     assert_eq!(entry.key(), &7);
    ///     assert_eq!(entry.into_key(), 7);
    /// }
    /// assert!(map.is_empty());
    /// ```
    pub fn key(&self) -> &K {
        &self.key
    }

    /// Gives the key back without inserting.
    ///
    /// Computes in O(1) time.
    pub fn into_key(self) -> K {
        self.key
    }

    /// Inserts `value` under the entry's key.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::{Entry, ShrinkMap};
    ///
    /// let mut map: ShrinkMap<u32, u32> = ShrinkMap::new();
    /// if let Entry::Vacant(entry) = map.entry(1) {
    ///     *entry.insert(10) += 1;
    /// }
    /// assert_eq!(map[&1], 11);
    /// ```
    pub fn insert(self, value: V) -> &'a mut V {
        &mut self.inner.insert((self.key, value)).into_mut().1
    }

    /// Inserts `value` under the entry's key and returns the occupied
    /// entry.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::{Entry, ShrinkMap};
    ///
    /// let mut map: ShrinkMap<u32, u32> = ShrinkMap::new();
    /// if let Entry::Vacant(entry) = map.entry(1) {
    ///     let occupied = entry.insert_entry(10);
    ///     assert_eq!(occupied.remove_entry(), (1, 10));
    /// }
    /// assert!(map.is_empty());
    /// ```
    pub fn insert_entry(self, value: V) -> OccupiedEntry<'a, K, V, S> {
        let inner = self.inner.insert((self.key, value));
        OccupiedEntry::new(inner, self.hasher, self.governor)
    }
}

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for Entry<'_, K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Entry::Occupied(entry) => f.debug_tuple("Entry").field(entry).finish(),
            Entry::Vacant(entry) => f.debug_tuple("Entry").field(entry).finish(),
        }
    }
}

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for OccupiedEntry<'_, K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OccupiedEntry")
            .field("key", self.key())
            .field("value", self.get())
            .finish()
    }
}

impl<K: fmt::Debug, V, S> fmt::Debug for VacantEntry<'_, K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("VacantEntry").field(self.key()).finish()
    }
}
