//! The entry API.

use core::fmt;

use crate::SlabMap;
use crate::map::at_capacity;

/// A view into one key's place in a [`SlabMap`], from
/// [`SlabMap::entry`].
pub enum Entry<'a, K, V, S = ahash::RandomState> {
    /// The key is present.
    Occupied(OccupiedEntry<'a, K, V, S>),
    /// The key is absent.
    Vacant(VacantEntry<'a, K, V, S>),
}

/// A present key's entry.
pub struct OccupiedEntry<'a, K, V, S = ahash::RandomState> {
    map: &'a mut SlabMap<K, V, S>,
    slot: u32,
}

/// An absent key's entry, holding the key until a value is inserted.
pub struct VacantEntry<'a, K, V, S = ahash::RandomState> {
    map: &'a mut SlabMap<K, V, S>,
    hash: u64,
    key: K,
}

/// The error of [`SlabMap::try_insert`]: the key was present. Holds the
/// entry, whose value is unchanged, and the value that was not inserted.
pub struct OccupiedError<'a, K, V, S = ahash::RandomState> {
    /// The entry of the key that was present.
    pub entry: OccupiedEntry<'a, K, V, S>,
    /// The value that was not inserted.
    pub value: V,
}

impl<'a, K, V, S> Entry<'a, K, V, S> {
    /// The value, inserting `default` if the key is absent.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
    /// *map.entry("a").or_insert(1) += 10;
    /// assert_eq!(map["a"], 11);
    /// ```
    #[track_caller]
    pub fn or_insert(self, default: V) -> &'a mut V {
        match self {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(default),
        }
    }

    /// The value, inserting `default()` if the key is absent.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map: SlabMap<&str, Vec<u32>> = SlabMap::new();
    /// map.entry("a").or_insert_with(Vec::new).push(1);
    /// assert_eq!(map["a"], [1]);
    /// ```
    #[track_caller]
    pub fn or_insert_with<F: FnOnce() -> V>(self, default: F) -> &'a mut V {
        match self {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(default()),
        }
    }

    /// The value, inserting `default(&key)` if the key is absent.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
    /// map.entry("four").or_insert_with_key(|k| k.len());
    /// assert_eq!(map["four"], 4);
    /// ```
    #[track_caller]
    pub fn or_insert_with_key<F: FnOnce(&K) -> V>(self, default: F) -> &'a mut V {
        match self {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let value = default(&e.key);
                e.insert(value)
            }
        }
    }

    /// The value, inserting `V::default()` if the key is absent.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map: SlabMap<&str, u32> = SlabMap::new();
    /// *map.entry("a").or_default() += 1;
    /// assert_eq!(map["a"], 1);
    /// ```
    #[track_caller]
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }

    /// Applies `f` to the value if the key is present.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
    /// map.insert("a", 1);
    /// map.entry("a").and_modify(|v| *v += 1).or_insert(0);
    /// map.entry("b").and_modify(|v| *v += 1).or_insert(0);
    /// assert_eq!((map["a"], map["b"]), (2, 0));
    /// ```
    pub fn and_modify<F: FnOnce(&mut V)>(self, f: F) -> Self {
        match self {
            Entry::Occupied(mut e) => {
                f(e.get_mut());
                Entry::Occupied(e)
            }
            vacant => vacant,
        }
    }

    /// The entry's key.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map: SlabMap<&str, u32> = SlabMap::new();
    /// assert_eq!(map.entry("a").key(), &"a");
    /// ```
    pub fn key(&self) -> &K {
        match self {
            Entry::Occupied(e) => e.key(),
            Entry::Vacant(e) => e.key(),
        }
    }

    /// Sets the value, inserting the key if it is absent, and returns the
    /// occupied entry. A key already present is kept, as in std.
    ///
    /// # Panics
    ///
    /// As [`SlabMap::insert`].
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
    /// let entry = map.entry("a").insert_entry(1);
    /// assert_eq!(entry.get(), &1);
    /// assert_eq!(map.entry("a").insert_entry(2).get(), &2);
    /// ```
    #[track_caller]
    pub fn insert_entry(self, value: V) -> OccupiedEntry<'a, K, V, S> {
        match self {
            Entry::Occupied(mut e) => {
                e.insert(value);
                e
            }
            Entry::Vacant(e) => e.insert_entry(value),
        }
    }
}

impl<'a, K, V, S> OccupiedEntry<'a, K, V, S> {
    pub(crate) fn new(map: &'a mut SlabMap<K, V, S>, slot: u32) -> Self {
        Self { map, slot }
    }

    /// The stored key.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::{Entry, SlabMap};
    ///
    /// let mut map = SlabMap::new();
    /// map.insert("a", 1);
    /// if let Entry::Occupied(e) = map.entry("a") {
    ///     assert_eq!(e.key(), &"a");
    /// }
    /// ```
    pub fn key(&self) -> &K {
        self.map.core.entry(self.slot).0
    }

    /// The value.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::{Entry, SlabMap};
    ///
    /// let mut map = SlabMap::new();
    /// map.insert("a", 1);
    /// if let Entry::Occupied(e) = map.entry("a") {
    ///     assert_eq!(e.get(), &1);
    /// }
    /// ```
    pub fn get(&self) -> &V {
        self.map.core.entry(self.slot).1
    }

    /// The value, mutably.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::{Entry, SlabMap};
    ///
    /// let mut map = SlabMap::new();
    /// map.insert("a", 1);
    /// if let Entry::Occupied(mut e) = map.entry("a") {
    ///     *e.get_mut() = 5;
    /// }
    /// assert_eq!(map["a"], 5);
    /// ```
    pub fn get_mut(&mut self) -> &mut V {
        self.map.core.entry_mut(self.slot).1
    }

    /// The value, borrowed for as long as the map.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::{Entry, SlabMap};
    ///
    /// let mut map = SlabMap::new();
    /// map.insert("a", 1);
    /// let value = match map.entry("a") {
    ///     Entry::Occupied(e) => e.into_mut(),
    ///     Entry::Vacant(_) => unreachable!(),
    /// };
    /// *value = 9;
    /// assert_eq!(map["a"], 9);
    /// ```
    pub fn into_mut(self) -> &'a mut V {
        let OccupiedEntry { map, slot } = self;
        map.core.entry_mut(slot).1
    }

    /// Replaces the value, returning the old one.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::{Entry, SlabMap};
    ///
    /// let mut map = SlabMap::new();
    /// map.insert("a", 1);
    /// if let Entry::Occupied(mut e) = map.entry("a") {
    ///     assert_eq!(e.insert(2), 1);
    /// }
    /// assert_eq!(map["a"], 2);
    /// ```
    pub fn insert(&mut self, value: V) -> V {
        core::mem::replace(self.get_mut(), value)
    }

    /// Removes the entry, returning its value. Compacts as
    /// [`SlabMap::remove`] does: amortized O(1), O(n) for the removal that
    /// compacts.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::{Entry, SlabMap};
    ///
    /// let mut map = SlabMap::new();
    /// map.insert("a", 1);
    /// if let Entry::Occupied(e) = map.entry("a") {
    ///     assert_eq!(e.remove(), 1);
    /// }
    /// assert!(map.is_empty());
    /// ```
    pub fn remove(self) -> V {
        self.remove_entry().1
    }

    /// Removes the entry, returning the stored key and value. Costs as
    /// [`remove`](OccupiedEntry::remove).
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::{Entry, SlabMap};
    ///
    /// let mut map = SlabMap::new();
    /// map.insert("a", 1);
    /// if let Entry::Occupied(e) = map.entry("a") {
    ///     assert_eq!(e.remove_entry(), ("a", 1));
    /// }
    /// ```
    pub fn remove_entry(self) -> (K, V) {
        let entry = self.map.core.take(self.slot);
        self.map.core.maybe_compact();
        entry
    }
}

impl<'a, K, V, S> VacantEntry<'a, K, V, S> {
    pub(crate) fn new(map: &'a mut SlabMap<K, V, S>, hash: u64, key: K) -> Self {
        Self { map, hash, key }
    }

    /// The key that would be inserted.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::{Entry, SlabMap};
    ///
    /// let mut map: SlabMap<&str, u32> = SlabMap::new();
    /// if let Entry::Vacant(e) = map.entry("a") {
    ///     assert_eq!(e.key(), &"a");
    /// }
    /// ```
    pub fn key(&self) -> &K {
        &self.key
    }

    /// Gives the key back without inserting.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::{Entry, SlabMap};
    ///
    /// let mut map: SlabMap<String, u32> = SlabMap::new();
    /// if let Entry::Vacant(e) = map.entry(String::from("a")) {
    ///     assert_eq!(e.into_key(), "a");
    /// }
    /// assert!(map.is_empty());
    /// ```
    pub fn into_key(self) -> K {
        self.key
    }

    /// Inserts `value` under the key, returning a reference to it.
    ///
    /// # Panics
    ///
    /// As [`SlabMap::insert`].
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::{Entry, SlabMap};
    ///
    /// let mut map = SlabMap::new();
    /// if let Entry::Vacant(e) = map.entry("a") {
    ///     *e.insert(1) += 1;
    /// }
    /// assert_eq!(map["a"], 2);
    /// ```
    #[track_caller]
    pub fn insert(self, value: V) -> &'a mut V {
        self.insert_entry(value).into_mut()
    }

    /// Inserts `value` under the key, returning the occupied entry.
    ///
    /// # Panics
    ///
    /// As [`SlabMap::insert`].
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::{Entry, SlabMap};
    ///
    /// let mut map = SlabMap::new();
    /// if let Entry::Vacant(e) = map.entry("a") {
    ///     let e = e.insert_entry(1);
    ///     assert_eq!((e.key(), e.get()), (&"a", &1));
    /// }
    /// ```
    #[track_caller]
    pub fn insert_entry(self, value: V) -> OccupiedEntry<'a, K, V, S> {
        let VacantEntry { map, hash, key } = self;
        let slot = match map.core.push_absent(hash, key, value) {
            Ok(slot) => slot,
            Err(full) => at_capacity(full),
        };
        OccupiedEntry::new(map, slot)
    }
}

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for Entry<'_, K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Entry::Occupied(e) => f.debug_tuple("Entry").field(e).finish(),
            Entry::Vacant(e) => f.debug_tuple("Entry").field(e).finish(),
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

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for OccupiedError<'_, K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OccupiedError")
            .field("key", self.entry.key())
            .field("old_value", self.entry.get())
            .field("new_value", &self.value)
            .finish()
    }
}

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Display for OccupiedError<'_, K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "failed to insert {:?}, key {:?} already exists with value {:?}",
            self.value,
            self.entry.key(),
            self.entry.get(),
        )
    }
}

impl<K: fmt::Debug, V: fmt::Debug, S> std::error::Error for OccupiedError<'_, K, V, S> {}
