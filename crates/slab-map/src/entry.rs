//! The entry API.

use core::fmt;

use crate::core::Core;

/// A view into one key's place in a [`SlabMap`](crate::SlabMap), from
/// [`SlabMap::entry`](crate::SlabMap::entry).
pub enum Entry<'a, K, V> {
    /// The key is present.
    Occupied(OccupiedEntry<'a, K, V>),
    /// The key is absent.
    Vacant(VacantEntry<'a, K, V>),
}

/// A present key's entry.
pub struct OccupiedEntry<'a, K, V> {
    core: &'a mut Core<K, V>,
    slot: u32,
}

/// An absent key's entry, holding the key until a value is inserted.
pub struct VacantEntry<'a, K, V> {
    core: &'a mut Core<K, V>,
    hash: u64,
    key: K,
}

impl<'a, K, V> Entry<'a, K, V> {
    /// The value, inserting `default` if the key is absent.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
    /// *map.entry("a").or_insert(1) += 10;
    /// assert_eq!(map["a"], 11);
    /// ```
    pub fn or_insert(self, default: V) -> &'a mut V {
        match self {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(default),
        }
    }

    /// The value, inserting `default()` if the key is absent.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map: SlabMap<&str, Vec<u32>> = SlabMap::new();
    /// map.entry("a").or_insert_with(Vec::new).push(1);
    /// assert_eq!(map["a"], [1]);
    /// ```
    pub fn or_insert_with<F: FnOnce() -> V>(self, default: F) -> &'a mut V {
        match self {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(default()),
        }
    }

    /// The value, inserting `default(&key)` if the key is absent.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
    /// map.entry("four").or_insert_with_key(|k| k.len());
    /// assert_eq!(map["four"], 4);
    /// ```
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
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map: SlabMap<&str, u32> = SlabMap::new();
    /// *map.entry("a").or_default() += 1;
    /// assert_eq!(map["a"], 1);
    /// ```
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }

    /// Applies `f` to the value if the key is present.
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
}

impl<'a, K, V> OccupiedEntry<'a, K, V> {
    pub(crate) fn new(core: &'a mut Core<K, V>, slot: u32) -> Self {
        Self { core, slot }
    }

    /// The stored key.
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
        self.core.entry(self.slot).0
    }

    /// The value.
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
        self.core.entry(self.slot).1
    }

    /// The value, mutably.
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
        self.core.entry_mut(self.slot).1
    }

    /// The value, borrowed for as long as the map.
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
        let OccupiedEntry { core, slot } = self;
        core.entry_mut(slot).1
    }

    /// Replaces the value, returning the old one.
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

    /// Removes the entry, returning its value; compacts as
    /// [`SlabMap::remove`](crate::SlabMap::remove) does.
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

    /// Removes the entry, returning the stored key and value.
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
        let entry = self.core.take(self.slot);
        self.core.maybe_compact();
        entry
    }
}

impl<'a, K, V> VacantEntry<'a, K, V> {
    pub(crate) fn new(core: &'a mut Core<K, V>, hash: u64, key: K) -> Self {
        Self { core, hash, key }
    }

    /// The key that would be inserted.
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
    /// Panics if the map already holds [`MAX_ENTRIES`](crate::MAX_ENTRIES)
    /// entries.
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
    pub fn insert(self, value: V) -> &'a mut V {
        let VacantEntry { core, hash, key } = self;
        let slot = match core.push_absent(hash, key, value) {
            Ok(slot) => slot,
            Err(err) => panic!("{err}"),
        };
        core.entry_mut(slot).1
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Entry<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Entry::Occupied(e) => f.debug_tuple("Entry").field(e).finish(),
            Entry::Vacant(e) => f.debug_tuple("Entry").field(e).finish(),
        }
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for OccupiedEntry<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OccupiedEntry")
            .field("key", self.key())
            .field("value", self.get())
            .finish()
    }
}

impl<K: fmt::Debug, V> fmt::Debug for VacantEntry<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("VacantEntry").field(self.key()).finish()
    }
}
