//! The entry API: [`Entry`], [`OccupiedEntry`], [`VacantEntry`].
//!
//! An entry borrows the whole map rather than one table, and names its
//! entry by generation and bucket index, because a removal through it must
//! run the map's shrink policy, and a key found in `previous` stays there:
//! moving it would be a write the caller did not ask for. Bucket indices
//! are stable while the entry holds the map's only borrow.

use core::fmt;
use core::hash::{BuildHasher, Hash};

use crate::GenMap;
use crate::generations::Table;

/// Which table an occupied entry lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Generation {
    Current,
    Previous,
}

/// A view into one key's place in a [`GenMap`], from [`GenMap::entry`].
pub enum Entry<'a, K, V, S = ahash::RandomState> {
    /// The key is present.
    Occupied(OccupiedEntry<'a, K, V, S>),
    /// The key is absent.
    Vacant(VacantEntry<'a, K, V, S>),
}

/// A present key's entry, in either generation.
pub struct OccupiedEntry<'a, K, V, S = ahash::RandomState> {
    map: &'a mut GenMap<K, V, S>,
    generation: Generation,
    index: usize,
}

/// An absent key's entry, holding the key until a value is inserted. The
/// current generation already has room for it.
pub struct VacantEntry<'a, K, V, S = ahash::RandomState> {
    map: &'a mut GenMap<K, V, S>,
    hash: u64,
    key: K,
}

impl<'a, K, V, S> Entry<'a, K, V, S>
where
    K: Hash + Eq,
    S: BuildHasher,
{
    /// The entry's key.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<&str, u32> = GenMap::new();
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
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<&str, u32> = GenMap::new();
    /// *map.entry("a").or_insert(1) += 10;
    /// assert_eq!(map["a"], 11);
    /// ```
    pub fn or_insert(self, default: V) -> &'a mut V {
        self.or_insert_with(|| default)
    }

    /// The value, inserting the result of `default` if the key is absent.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<&str, Vec<u32>> = GenMap::new();
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
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<u32, u32> = GenMap::new();
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
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<&str, u32> = GenMap::new();
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
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<&str, u32> = GenMap::new();
    /// map.entry("a").and_modify(|v| *v += 1).or_insert(0);
    /// map.entry("a").and_modify(|v| *v += 1).or_insert(0);
    /// assert_eq!(map["a"], 1);
    /// ```
    pub fn and_modify<F: FnOnce(&mut V)>(mut self, f: F) -> Self {
        if let Entry::Occupied(entry) = &mut self {
            f(entry.get_mut());
        }
        self
    }

    /// Sets the value, keeping the stored key if the key is present, and
    /// returns the occupied entry. Computes in O(1) time.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<&str, u32> = GenMap::new();
    /// let entry = map.entry("a").insert_entry(1);
    /// assert_eq!((entry.key(), entry.get()), (&"a", &1));
    /// assert_eq!(map.entry("a").insert_entry(2).get(), &2);
    /// assert_eq!(map["a"], 2);
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
    pub(crate) fn new(map: &'a mut GenMap<K, V, S>, generation: Generation, index: usize) -> Self {
        Self {
            map,
            generation,
            index,
        }
    }

    fn table(&self) -> &Table<K, V> {
        match self.generation {
            Generation::Current => &self.map.generations.current,
            Generation::Previous => &self.map.generations.previous,
        }
    }

    fn table_mut(&mut self) -> &mut Table<K, V> {
        match self.generation {
            Generation::Current => &mut self.map.generations.current,
            Generation::Previous => &mut self.map.generations.previous,
        }
    }

    fn pair(&self) -> &(K, V) {
        self.table()
            .get_bucket(self.index)
            .expect("an occupied entry's bucket stays full while it borrows the map")
    }

    fn pair_mut(&mut self) -> &mut (K, V) {
        let index = self.index;
        self.table_mut()
            .get_bucket_mut(index)
            .expect("an occupied entry's bucket stays full while it borrows the map")
    }

    /// The stored key.
    ///
    /// ```
    /// use gen_map::{Entry, GenMap};
    ///
    /// let mut map: GenMap<&str, u32> = GenMap::new();
    /// map.insert("a", 1);
    /// if let Entry::Occupied(entry) = map.entry("a") {
    ///     assert_eq!(entry.key(), &"a");
    /// }
    /// ```
    pub fn key(&self) -> &K {
        &self.pair().0
    }

    /// The value.
    ///
    /// ```
    /// use gen_map::{Entry, GenMap};
    ///
    /// let mut map: GenMap<&str, u32> = GenMap::new();
    /// map.insert("a", 1);
    /// if let Entry::Occupied(entry) = map.entry("a") {
    ///     assert_eq!(entry.get(), &1);
    /// }
    /// ```
    pub fn get(&self) -> &V {
        &self.pair().1
    }

    /// The value, mutably, for as long as the entry lives.
    ///
    /// ```
    /// use gen_map::{Entry, GenMap};
    ///
    /// let mut map: GenMap<&str, u32> = GenMap::new();
    /// map.insert("a", 1);
    /// if let Entry::Occupied(mut entry) = map.entry("a") {
    ///     *entry.get_mut() += 1;
    /// }
    /// assert_eq!(map["a"], 2);
    /// ```
    pub fn get_mut(&mut self) -> &mut V {
        &mut self.pair_mut().1
    }

    /// The value, mutably, for as long as the map's borrow.
    ///
    /// ```
    /// use gen_map::{Entry, GenMap};
    ///
    /// let mut map: GenMap<&str, u32> = GenMap::new();
    /// map.insert("a", 1);
    /// let value = match map.entry("a") {
    ///     Entry::Occupied(entry) => entry.into_mut(),
    ///     Entry::Vacant(_) => unreachable!(),
    /// };
    /// *value = 5;
    /// assert_eq!(map["a"], 5);
    /// ```
    pub fn into_mut(self) -> &'a mut V {
        let table = match self.generation {
            Generation::Current => &mut self.map.generations.current,
            Generation::Previous => &mut self.map.generations.previous,
        };
        &mut table
            .get_bucket_mut(self.index)
            .expect("an occupied entry's bucket stays full while it borrows the map")
            .1
    }

    /// Replaces the value, returning the old one.
    ///
    /// ```
    /// use gen_map::{Entry, GenMap};
    ///
    /// let mut map: GenMap<&str, u32> = GenMap::new();
    /// map.insert("a", 1);
    /// if let Entry::Occupied(mut entry) = map.entry("a") {
    ///     assert_eq!(entry.insert(2), 1);
    /// }
    /// assert_eq!(map["a"], 2);
    /// ```
    pub fn insert(&mut self, value: V) -> V {
        core::mem::replace(self.get_mut(), value)
    }
}

impl<K, V, S> OccupiedEntry<'_, K, V, S>
where
    K: Hash + Eq,
    S: BuildHasher,
{
    /// Removes the entry, returning its value. Applies the shrink policy,
    /// like [`GenMap::remove`], and costs what it does: O(1) in the worst
    /// case.
    ///
    /// ```
    /// use gen_map::{Entry, GenMap};
    ///
    /// let mut map: GenMap<&str, u32> = GenMap::new();
    /// map.insert("a", 1);
    /// if let Entry::Occupied(entry) = map.entry("a") {
    ///     assert_eq!(entry.remove(), 1);
    /// }
    /// assert!(map.is_empty());
    /// ```
    pub fn remove(self) -> V {
        self.remove_entry().1
    }

    /// Removes the entry, returning the stored key and value.
    ///
    /// ```
    /// use gen_map::{Entry, GenMap};
    ///
    /// let mut map: GenMap<String, u32> = GenMap::new();
    /// map.insert("a".to_string(), 1);
    /// if let Entry::Occupied(entry) = map.entry("a".to_string()) {
    ///     assert_eq!(entry.remove_entry(), ("a".to_string(), 1));
    /// }
    /// ```
    pub fn remove_entry(mut self) -> (K, V) {
        let index = self.index;
        let removed = match self.table_mut().get_bucket_entry(index) {
            Ok(found) => found.remove().0,
            Err(_) => {
                unreachable!("an occupied entry's bucket stays full while it borrows the map")
            }
        };
        self.map.after_remove();
        removed
    }
}

impl<'a, K, V, S> VacantEntry<'a, K, V, S> {
    pub(crate) fn new(map: &'a mut GenMap<K, V, S>, hash: u64, key: K) -> Self {
        Self { map, hash, key }
    }

    /// The key that would be inserted.
    ///
    /// ```
    /// use gen_map::{Entry, GenMap};
    ///
    /// let mut map: GenMap<&str, u32> = GenMap::new();
    /// if let Entry::Vacant(entry) = map.entry("a") {
    ///     assert_eq!(entry.key(), &"a");
    /// }
    /// ```
    pub fn key(&self) -> &K {
        &self.key
    }

    /// Takes the key back without inserting.
    ///
    /// ```
    /// use gen_map::{Entry, GenMap};
    ///
    /// let mut map: GenMap<String, u32> = GenMap::new();
    /// if let Entry::Vacant(entry) = map.entry("a".to_string()) {
    ///     assert_eq!(entry.into_key(), "a");
    /// }
    /// assert!(map.is_empty());
    /// ```
    pub fn into_key(self) -> K {
        self.key
    }
}

impl<'a, K, V, S> VacantEntry<'a, K, V, S>
where
    K: Hash + Eq,
    S: BuildHasher,
{
    /// Inserts `value` under the key, returning a reference to it.
    ///
    /// ```
    /// use gen_map::{Entry, GenMap};
    ///
    /// let mut map: GenMap<&str, u32> = GenMap::new();
    /// if let Entry::Vacant(entry) = map.entry("a") {
    ///     *entry.insert(1) += 1;
    /// }
    /// assert_eq!(map["a"], 2);
    /// ```
    pub fn insert(self, value: V) -> &'a mut V {
        self.insert_entry(value).into_mut()
    }

    /// Inserts `value` under the key, returning the occupied entry.
    /// Computes in O(1) time: [`GenMap::entry`] made the room.
    ///
    /// ```
    /// use gen_map::{Entry, GenMap};
    ///
    /// let mut map: GenMap<&str, u32> = GenMap::new();
    /// if let Entry::Vacant(entry) = map.entry("a") {
    ///     let entry = entry.insert_entry(1);
    ///     assert_eq!(entry.get(), &1);
    /// }
    /// assert_eq!(map["a"], 1);
    /// ```
    pub fn insert_entry(self, value: V) -> OccupiedEntry<'a, K, V, S> {
        let Self { map, hash, key } = self;
        let hasher = &map.hasher;
        let g = &mut map.generations;
        // `GenMap::entry` made room, so this never rehashes.
        let index = g
            .current
            .insert_unique(hash, (key, value), |(k, _)| hasher.hash_one(k))
            .bucket_index();
        // Preparing the next generation allocates; it moves no entry, so
        // the index stays good.
        g.after_insert();
        OccupiedEntry::new(map, Generation::Current, index)
    }
}

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for Entry<'_, K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Entry::Occupied(entry) => f.debug_tuple("Occupied").field(entry).finish(),
            Entry::Vacant(entry) => f.debug_tuple("Vacant").field(entry).finish(),
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
        f.debug_tuple("VacantEntry").field(&self.key).finish()
    }
}
