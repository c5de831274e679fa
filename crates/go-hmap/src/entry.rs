//! The entry API.
//!
//! An occupied entry points at its slot: looking a key up does no growth
//! work, so the slot may be in an old bucket not yet evacuated, where it
//! can be read, replaced or deleted in place (as `retain` deletes). A
//! vacant entry holds the key and its hash; inserting through it is
//! `mapassign`, growth work and all.

use core::fmt;
use core::mem;
use std::hash::{BuildHasher, Hash};

use crate::GoMap;
use crate::raw::Located;

/// A view into one key's place in a [`GoMap`], from [`GoMap::entry`].
pub enum Entry<'a, K, V, S = ahash::RandomState> {
    /// The key is present.
    Occupied(OccupiedEntry<'a, K, V, S>),
    /// The key is absent.
    Vacant(VacantEntry<'a, K, V, S>),
}

/// A present key's entry.
pub struct OccupiedEntry<'a, K, V, S = ahash::RandomState> {
    map: &'a mut GoMap<K, V, S>,
    /// A live slot of `map`, which cannot change while the entry borrows
    /// it.
    at: Located<K, V>,
}

// SAFETY: an occupied entry is a `&mut GoMap` and the position of one of
// its slots: it gives what `&mut GoMap` gives, and can be sent or shared
// when that can.
unsafe impl<K: Send, V: Send, S: Send> Send for OccupiedEntry<'_, K, V, S> {}
// SAFETY: as above; `&OccupiedEntry` reads the key and value only.
unsafe impl<K: Sync, V: Sync, S: Sync> Sync for OccupiedEntry<'_, K, V, S> {}

/// An absent key's entry, holding the key until a value is inserted.
pub struct VacantEntry<'a, K, V, S = ahash::RandomState> {
    map: &'a mut GoMap<K, V, S>,
    /// The key's hash under the map's current seed.
    hash: u64,
    key: K,
}

impl<'a, K, V, S> Entry<'a, K, V, S>
where
    K: Hash,
    S: BuildHasher,
{
    /// The value, inserting `default` if the key is absent.
    ///
    /// # Panics
    ///
    /// As [`GoMap::insert`].
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map = GoMap::new();
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
    /// # Panics
    ///
    /// As [`GoMap::insert`].
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map: GoMap<&str, Vec<u32>> = GoMap::new();
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
    /// # Panics
    ///
    /// As [`GoMap::insert`].
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map = GoMap::new();
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
    /// # Panics
    ///
    /// As [`GoMap::insert`].
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map: GoMap<&str, u32> = GoMap::new();
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

    /// Sets the value, inserting the key if it is absent, and returns the
    /// occupied entry. A key already present is kept, as in std.
    ///
    /// # Panics
    ///
    /// As [`GoMap::insert`].
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map = GoMap::new();
    /// assert_eq!(map.entry("a").insert_entry(1).get(), &1);
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

impl<K, V, S> Entry<'_, K, V, S> {
    /// Applies `f` to the value if the key is present.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map = GoMap::new();
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

    /// The entry's key: the stored one if present.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map: GoMap<&str, u32> = GoMap::new();
    /// assert_eq!(map.entry("a").key(), &"a");
    /// ```
    pub fn key(&self) -> &K {
        match self {
            Entry::Occupied(e) => e.key(),
            Entry::Vacant(e) => e.key(),
        }
    }
}

impl<'a, K, V, S> OccupiedEntry<'a, K, V, S> {
    pub(crate) fn new(map: &'a mut GoMap<K, V, S>, at: Located<K, V>) -> Self {
        Self { map, at }
    }

    /// The stored key.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::{Entry, GoMap};
    ///
    /// let mut map = GoMap::new();
    /// map.insert("a", 1);
    /// if let Entry::Occupied(e) = map.entry("a") {
    ///     assert_eq!(e.key(), &"a");
    /// }
    /// ```
    pub fn key(&self) -> &K {
        // SAFETY: `at` is a live slot of the borrowed map.
        unsafe { &*self.at.bucket.key(self.at.slot) }
    }

    /// The value.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::{Entry, GoMap};
    ///
    /// let mut map = GoMap::new();
    /// map.insert("a", 1);
    /// if let Entry::Occupied(e) = map.entry("a") {
    ///     assert_eq!(e.get(), &1);
    /// }
    /// ```
    pub fn get(&self) -> &V {
        // SAFETY: as for `key`.
        unsafe { &*self.at.bucket.value(self.at.slot) }
    }

    /// The value, mutably.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::{Entry, GoMap};
    ///
    /// let mut map = GoMap::new();
    /// map.insert("a", 1);
    /// if let Entry::Occupied(mut e) = map.entry("a") {
    ///     *e.get_mut() = 5;
    /// }
    /// assert_eq!(map["a"], 5);
    /// ```
    pub fn get_mut(&mut self) -> &mut V {
        // SAFETY: as for `key`; the entry borrows the map mutably.
        unsafe { &mut *self.at.bucket.value(self.at.slot) }
    }

    /// The value, borrowed for as long as the map.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::{Entry, GoMap};
    ///
    /// let mut map = GoMap::new();
    /// map.insert("a", 1);
    /// let value = match map.entry("a") {
    ///     Entry::Occupied(e) => e.into_mut(),
    ///     Entry::Vacant(_) => unreachable!(),
    /// };
    /// *value = 9;
    /// assert_eq!(map["a"], 9);
    /// ```
    pub fn into_mut(self) -> &'a mut V {
        // SAFETY: as for `get_mut`, for the borrow's whole lifetime.
        unsafe { &mut *self.at.bucket.value(self.at.slot) }
    }

    /// Replaces the value, returning the old one; the stored key stays.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::{Entry, GoMap};
    ///
    /// let mut map = GoMap::new();
    /// map.insert("a", 1);
    /// if let Entry::Occupied(mut e) = map.entry("a") {
    ///     assert_eq!(e.insert(2), 1);
    /// }
    /// assert_eq!(map["a"], 2);
    /// ```
    pub fn insert(&mut self, value: V) -> V {
        mem::replace(self.get_mut(), value)
    }

    /// Removes the entry, returning its value. Deletes as
    /// [`GoMap::remove`] does, without its growth work; the map does not
    /// shrink. Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::{Entry, GoMap};
    ///
    /// let mut map = GoMap::new();
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
    /// use go_hmap::{Entry, GoMap};
    ///
    /// let mut map = GoMap::new();
    /// map.insert("a", 1);
    /// if let Entry::Occupied(e) = map.entry("a") {
    ///     assert_eq!(e.remove_entry(), ("a", 1));
    /// }
    /// ```
    pub fn remove_entry(self) -> (K, V) {
        let Located {
            first,
            bucket,
            slot,
        } = self.at;
        // SAFETY: `at` is a live slot of the map, in the chain that starts
        // at `first`, old or new.
        unsafe { self.map.raw.erase(first, bucket, slot) }
    }
}

impl<'a, K, V, S> VacantEntry<'a, K, V, S> {
    pub(crate) fn new(map: &'a mut GoMap<K, V, S>, hash: u64, key: K) -> Self {
        Self { map, hash, key }
    }

    /// The key that would be inserted.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::{Entry, GoMap};
    ///
    /// let mut map: GoMap<&str, u32> = GoMap::new();
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
    /// use go_hmap::{Entry, GoMap};
    ///
    /// let mut map: GoMap<String, u32> = GoMap::new();
    /// if let Entry::Vacant(e) = map.entry(String::from("a")) {
    ///     assert_eq!(e.into_key(), "a");
    /// }
    /// assert!(map.is_empty());
    /// ```
    pub fn into_key(self) -> K {
        self.key
    }
}

impl<'a, K, V, S> VacantEntry<'a, K, V, S>
where
    K: Hash,
    S: BuildHasher,
{
    /// Inserts `value` under the key, returning a reference to it. Costs as
    /// [`GoMap::insert`].
    ///
    /// # Panics
    ///
    /// As [`GoMap::insert`].
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::{Entry, GoMap};
    ///
    /// let mut map = GoMap::new();
    /// if let Entry::Vacant(e) = map.entry("a") {
    ///     *e.insert(1) += 1;
    /// }
    /// assert_eq!(map["a"], 2);
    /// ```
    #[track_caller]
    pub fn insert(self, value: V) -> &'a mut V {
        self.insert_entry(value).into_mut()
    }

    /// Inserts `value` under the key, returning the occupied entry. Costs
    /// as [`GoMap::insert`].
    ///
    /// # Panics
    ///
    /// As [`GoMap::insert`].
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::{Entry, GoMap};
    ///
    /// let mut map = GoMap::new();
    /// if let Entry::Vacant(e) = map.entry("a") {
    ///     let e = e.insert_entry(1);
    ///     assert_eq!((e.key(), e.get()), (&"a", &1));
    /// }
    /// ```
    #[track_caller]
    pub fn insert_entry(self, value: V) -> OccupiedEntry<'a, K, V, S> {
        let VacantEntry { map, hash, key } = self;
        let at = map.raw.insert_absent(hash, key, value, &map.hasher);
        OccupiedEntry::new(map, at)
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
