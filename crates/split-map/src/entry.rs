//! The entry API: [`Entry`], [`OccupiedEntry`], [`VacantEntry`].
//!
//! An entry borrows the whole map and names its place by table index and
//! bucket index: removing through it may merge the table with its buddy,
//! which needs the directory and the other tables, and hashbrown never
//! moves an entry while the map is borrowed. [`SplitMap::entry`] has made
//! room for one insert before the entry exists, so a vacant entry's insert
//! never grows a table.
//!
//! [`SplitMap::entry`]: crate::SplitMap::entry

use core::fmt;
use core::hash::{BuildHasher, Hash};

use crate::SplitMap;

/// A view into one key's place in a [`SplitMap`], from
/// [`SplitMap::entry`].
pub enum Entry<'a, K, V, S = ahash::RandomState> {
    /// The key is present.
    Occupied(OccupiedEntry<'a, K, V, S>),
    /// The key is absent.
    Vacant(VacantEntry<'a, K, V, S>),
}

/// A present key's entry.
pub struct OccupiedEntry<'a, K, V, S = ahash::RandomState> {
    map: &'a mut SplitMap<K, V, S>,
    table: usize,
    bucket: usize,
}

/// An absent key's entry, holding the key until a value is inserted.
pub struct VacantEntry<'a, K, V, S = ahash::RandomState> {
    map: &'a mut SplitMap<K, V, S>,
    key: K,
    hash: u64,
    table: usize,
}

impl<'a, K, V, S> Entry<'a, K, V, S>
where
    K: Eq + Hash,
    S: BuildHasher,
{
    /// The entry's key.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<&str, u32> = SplitMap::new();
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
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<&str, u32> = SplitMap::new();
    /// *map.entry("a").or_insert(1) += 10;
    /// assert_eq!(map["a"], 11);
    /// ```
    pub fn or_insert(self, default: V) -> &'a mut V {
        self.or_insert_with(|| default)
    }

    /// The value, inserting the result of `default` if the key is absent.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<&str, Vec<u32>> = SplitMap::new();
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
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<u32, u32> = SplitMap::new();
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
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<&str, u32> = SplitMap::new();
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
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<&str, u32> = SplitMap::new();
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

    /// Sets the value, inserting it if the key is absent, and returns the
    /// occupied entry.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<&str, u32> = SplitMap::new();
    /// let entry = map.entry("a").insert_entry(1);
    /// assert_eq!(entry.get(), &1);
    /// let entry = map.entry("a").insert_entry(2);
    /// assert_eq!(entry.get(), &2);
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
    pub(crate) fn new(map: &'a mut SplitMap<K, V, S>, table: usize, bucket: usize) -> Self {
        Self { map, table, bucket }
    }

    fn pair(&self) -> &(K, V) {
        self.map.raw.tables[self.table]
            .raw
            .get_bucket(self.bucket)
            .expect("an occupied entry's bucket is full")
    }

    fn pair_mut(&mut self) -> &mut (K, V) {
        self.map.raw.tables[self.table]
            .raw
            .get_bucket_mut(self.bucket)
            .expect("an occupied entry's bucket is full")
    }

    /// The stored key.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::{Entry, SplitMap};
    ///
    /// let mut map: SplitMap<u32, u32> = [(1, 10)].into();
    /// if let Entry::Occupied(entry) = map.entry(1) {
    ///     assert_eq!(entry.key(), &1);
    ///     assert_eq!(entry.get(), &10);
    /// }
    /// ```
    pub fn key(&self) -> &K {
        &self.pair().0
    }

    /// The value.
    pub fn get(&self) -> &V {
        &self.pair().1
    }

    /// The value, mutably, for as long as the entry lives.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::{Entry, SplitMap};
    ///
    /// let mut map: SplitMap<u32, u32> = [(1, 10)].into();
    /// if let Entry::Occupied(mut entry) = map.entry(1) {
    ///     *entry.get_mut() += 1;
    /// }
    /// assert_eq!(map[&1], 11);
    /// ```
    pub fn get_mut(&mut self) -> &mut V {
        &mut self.pair_mut().1
    }

    /// The value, mutably, for as long as the map is borrowed.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::{Entry, SplitMap};
    ///
    /// let mut map: SplitMap<u32, u32> = [(1, 10)].into();
    /// if let Entry::Occupied(entry) = map.entry(1) {
    ///     *entry.into_mut() = 0;
    /// }
    /// assert_eq!(map[&1], 0);
    /// ```
    pub fn into_mut(self) -> &'a mut V {
        &mut self.map.raw.tables[self.table]
            .raw
            .get_bucket_mut(self.bucket)
            .expect("an occupied entry's bucket is full")
            .1
    }

    /// Replaces the value, returning the old one; the stored key stays.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::{Entry, SplitMap};
    ///
    /// let mut map: SplitMap<u32, u32> = [(1, 1)].into_iter().collect();
    /// if let Entry::Occupied(mut entry) = map.entry(1) {
    ///     assert_eq!(entry.insert(2), 1);
    /// }
    /// assert_eq!(map[&1], 2);
    /// ```
    pub fn insert(&mut self, value: V) -> V {
        core::mem::replace(self.get_mut(), value)
    }
}

impl<K, V, S> OccupiedEntry<'_, K, V, S>
where
    K: Eq + Hash,
    S: BuildHasher,
{
    /// Removes the entry, returning its value; merges or shrinks as
    /// [`SplitMap::remove`] does.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::{Entry, SplitMap};
    ///
    /// let mut map: SplitMap<u32, u32> = (0..1000).map(|k| (k, k)).collect();
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

    /// Removes the entry, returning the stored key and value. Costs as
    /// [`OccupiedEntry::remove`]: O(1), or one table's entries moved by a
    /// merge or shrink.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::{Entry, SplitMap};
    ///
    /// let mut map: SplitMap<String, u32> = [("a".to_string(), 1)].into();
    /// if let Entry::Occupied(entry) = map.entry("a".to_string()) {
    ///     assert_eq!(entry.remove_entry(), ("a".to_string(), 1));
    /// }
    /// assert!(map.is_empty());
    /// ```
    pub fn remove_entry(self) -> (K, V) {
        let map = self.map;
        let table = &mut map.raw.tables[self.table];
        let Ok(entry) = table.raw.get_bucket_entry(self.bucket) else {
            unreachable!("an occupied entry's bucket is full");
        };
        let (removed, _) = entry.remove();
        let hasher = &map.hasher;
        map.raw
            .removed(self.table, &|(k, _): &(K, V)| hasher.hash_one(k));
        removed
    }
}

impl<'a, K, V, S> VacantEntry<'a, K, V, S> {
    pub(crate) fn new(map: &'a mut SplitMap<K, V, S>, key: K, hash: u64, table: usize) -> Self {
        Self {
            map,
            key,
            hash,
            table,
        }
    }

    /// The key that would be inserted.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::{Entry, SplitMap};
    ///
    /// let mut map: SplitMap<u32, u32> = SplitMap::new();
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
    pub fn into_key(self) -> K {
        self.key
    }
}

impl<'a, K, V, S> VacantEntry<'a, K, V, S>
where
    K: Hash,
    S: BuildHasher,
{
    /// Inserts `value` under the entry's key. Computes in O(1) time:
    /// [`SplitMap::entry`] already made room.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::{Entry, SplitMap};
    ///
    /// let mut map: SplitMap<u32, u32> = SplitMap::new();
    /// if let Entry::Vacant(entry) = map.entry(1) {
    ///     *entry.insert(10) += 1;
    /// }
    /// assert_eq!(map[&1], 11);
    /// ```
    pub fn insert(self, value: V) -> &'a mut V {
        let (map, table) = (self.map, self.table);
        map.raw.len += 1;
        let hasher = &map.hasher;
        let entry =
            map.raw.tables[table]
                .raw
                .insert_unique(self.hash, (self.key, value), |(k, _)| hasher.hash_one(k));
        &mut entry.into_mut().1
    }

    /// Inserts `value` under the entry's key and returns the occupied
    /// entry.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::{Entry, SplitMap};
    ///
    /// let mut map: SplitMap<u32, u32> = SplitMap::new();
    /// if let Entry::Vacant(entry) = map.entry(1) {
    ///     assert_eq!(entry.insert_entry(10).key(), &1);
    /// }
    /// assert_eq!(map[&1], 10);
    /// ```
    pub fn insert_entry(self, value: V) -> OccupiedEntry<'a, K, V, S> {
        let (map, table) = (self.map, self.table);
        map.raw.len += 1;
        let hasher = &map.hasher;
        let bucket = map.raw.tables[table]
            .raw
            .insert_unique(self.hash, (self.key, value), |(k, _)| hasher.hash_one(k))
            .bucket_index();
        OccupiedEntry::new(map, table, bucket)
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
