//! [`SplitMap`]: the directory of tables, its hasher, and the std
//! `HashMap` surface.

use core::hash::{BuildHasher, Hash};
use core::mem;

use hashbrown::hash_table;
use map_api::{Equivalent, TryReserveError};

use crate::entry::{Entry, OccupiedEntry, VacantEntry};
use crate::iter::{Drain, ExtractIf, IntoKeys, IntoValues, Iter, IterMut, Keys, Values, ValuesMut};
use crate::raw::{self, Limits, Raw, capacity_failure};
use crate::stats::{Layout, Stats, TableLayout};

/// A hash map made of small hash tables behind a directory.
///
/// Each table holds at most a few thousand entries. A full table splits in
/// two, and two buddy tables that have emptied merge, so the map grows and
/// gives memory back one small table at a time: no insert or remove ever
/// rehashes the whole map, and the map never holds a doubled table beside
/// the old one. This is extendible hashing (Fagin et al., 1979), the layout
/// Go 1.24's runtime map uses to grow; this map also merges.
///
/// # Examples
///
/// ```
/// use split_map::SplitMap;
///
/// let mut map: SplitMap<u64, [u8; 128]> = SplitMap::new();
/// for k in 0..100_000 {
///     map.insert(k, [0; 128]);
/// }
/// assert!(map.stats().tables > 1);
/// let full = map.heap_bytes();
/// for k in 0..99_000 {
///     map.remove(&k);
/// }
/// // No call to shrink_to_fit: the tables merged as they emptied.
/// assert!(map.heap_bytes() < full / 16);
/// ```
///
/// # Costs
///
/// A lookup hashes the key, reads one directory slot and probes one table.
/// An insert or a removal does the same and, now and then, one bounded
/// step on that table: doubling it (while it is below the maximum size),
/// splitting it, merging it with its buddy, or shrinking it. Each step
/// moves at most one table's entries, and every operation is amortized
/// O(1) (docs/split-map.md has the proof). Iteration visits the tables one
/// after another.
pub struct SplitMap<K, V, S = ahash::RandomState> {
    pub(crate) raw: Raw<(K, V)>,
    pub(crate) hasher: S,
}

impl<K, V> SplitMap<K, V, ahash::RandomState> {
    /// An empty map. It does not allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let map: SplitMap<u64, u64> = SplitMap::new();
    /// assert_eq!(map.heap_bytes(), 0);
    /// ```
    pub fn new() -> Self {
        Self::with_hasher(ahash::RandomState::new())
    }

    /// An empty map with room for `capacity` entries: one table, or a
    /// directory of maximum-size tables that hold `capacity` entries at
    /// three quarters of their capacity. Removals still merge tables they
    /// leave sparse, so the room is given back if it goes unused.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if no map could hold `capacity`
    /// entries.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let map: SplitMap<u64, u64> = SplitMap::with_capacity(100_000);
    /// assert!(map.capacity() >= 100_000);
    /// ```
    #[track_caller]
    pub fn with_capacity(capacity: usize) -> Self {
        Self::with_capacity_and_hasher(capacity, ahash::RandomState::new())
    }
}

impl<K, V, S> SplitMap<K, V, S> {
    /// An empty map that hashes with `hasher`. It does not allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    /// use std::hash::RandomState;
    ///
    /// let mut map = SplitMap::with_hasher(RandomState::new());
    /// map.insert("a", 1);
    /// assert_eq!(map["a"], 1);
    /// ```
    pub const fn with_hasher(hasher: S) -> Self {
        Self {
            raw: Raw::new(Limits::default_for::<(K, V)>()),
            hasher,
        }
    }

    /// An empty map with room for `capacity` entries that hashes with
    /// `hasher`; see [`with_capacity`](SplitMap::with_capacity).
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if no map could hold `capacity`
    /// entries.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let map: SplitMap<u8, u8> = SplitMap::with_capacity_and_hasher(10, ahash::RandomState::new());
    /// assert!(map.capacity() >= 10);
    /// ```
    #[track_caller]
    pub fn with_capacity_and_hasher(capacity: usize, hasher: S) -> Self {
        let mut map = Self::with_hasher(hasher);
        // An empty map hashes nothing while it makes room.
        if let Err(error) = map.raw.try_reserve(capacity, &|_: &(K, V)| 0) {
            capacity_failure(error);
        }
        map
    }

    /// The number of entries. Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let map: SplitMap<u32, u32> = (0..3).map(|k| (k, k)).collect();
    /// assert_eq!(map.len(), 3);
    /// ```
    pub fn len(&self) -> usize {
        self.raw.len
    }

    /// Whether the map holds no entries. Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let map: SplitMap<u32, u32> = SplitMap::new();
    /// assert!(map.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.raw.len == 0
    }

    /// The room the tables have in total: the sum of their capacities.
    /// An insert into a full table grows or splits that table even while
    /// others have room, so this is not a promise that `capacity() - len()`
    /// more inserts allocate nothing. Computes in O(tables) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let map: SplitMap<u32, u32> = SplitMap::with_capacity(100);
    /// assert!(map.capacity() >= 100);
    /// ```
    pub fn capacity(&self) -> usize {
        self.raw.capacity()
    }

    /// The bytes the map holds on the heap: its tables, its directory and
    /// the table headers. For keys and values that own no heap this is
    /// exactly what the allocator holds for the map. Computes in O(tables)
    /// time.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<u64, u64> = SplitMap::new();
    /// map.insert(1, 1);
    /// assert!(map.heap_bytes() >= 16);
    /// map.remove(&1);
    /// assert_eq!(map.heap_bytes(), 0);
    /// ```
    pub fn heap_bytes(&self) -> usize {
        self.raw.heap_bytes()
    }

    /// The map's hasher.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    /// use std::hash::RandomState;
    ///
    /// let map: SplitMap<u32, u32, RandomState> = SplitMap::with_hasher(RandomState::new());
    /// let _hasher: &RandomState = map.hasher();
    /// ```
    pub fn hasher(&self) -> &S {
        &self.hasher
    }

    /// The largest table the map reaches by doubling, in buckets. A full
    /// table of this size splits. Tables reach `3/4` of this capacity at
    /// the fullest in steady growth, and the worst single operation moves
    /// one table.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let map: SplitMap<u64, u64> = SplitMap::new();
    /// assert!(map.max_table_buckets().is_power_of_two());
    /// ```
    pub fn max_table_buckets(&self) -> usize {
        self.raw.limits.max_buckets
    }

    /// Counters and shape: tables, global depth, the depth histogram,
    /// splits, merges and the other structural steps. Computes in O(1)
    /// time.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<u64, u64> = SplitMap::new();
    /// map.extend((0..100_000).map(|k| (k, k)));
    /// let stats = map.stats();
    /// assert!(stats.splits > 0);
    /// assert_eq!(stats.tables, stats.depth_histogram.iter().sum::<usize>());
    /// ```
    pub fn stats(&self) -> Stats {
        Stats::of(&self.raw)
    }

    /// A snapshot of the directory and every table, for diagnostics and
    /// tests. Computes in O(directory slots + tables) time and allocates.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let map: SplitMap<u64, u64> = (0..50_000).map(|k| (k, k)).collect();
    /// let layout = map.layout();
    /// assert_eq!(layout.directory.len(), 1 << layout.global_depth);
    /// assert_eq!(layout.tables.iter().map(|t| t.len).sum::<usize>(), map.len());
    /// ```
    pub fn layout(&self) -> Layout {
        Layout {
            global_depth: u32::from(self.raw.global_depth),
            directory: self.raw.dir.iter().map(|&t| t as usize).collect(),
            tables: self
                .raw
                .tables
                .iter()
                .map(|t| TableLayout {
                    local_depth: u32::from(t.depth),
                    bits: t.bits as usize,
                    len: t.raw.len(),
                    capacity: t.raw.capacity(),
                    buckets: raw::buckets_of(&t.raw),
                    heap_bytes: t.raw.allocation_size(),
                })
                .collect(),
            bookkeeping_bytes: self.raw.bookkeeping_bytes(),
            merge_at: self.raw.limits.merge_at,
            split_at: self.raw.limits.split_at(self.raw.limits.max_buckets),
            merging: self.raw.merge.map(|m| (m.src as usize, m.dst as usize)),
        }
    }

    /// An iterator over the entries, in arbitrary order. Creating it is O(1); iterating visits every
    /// table, O(n + tables) in all.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let map: SplitMap<u32, u32> = (0..3).map(|k| (k, k * 10)).collect();
    /// let mut entries: Vec<_> = map.iter().collect();
    /// entries.sort();
    /// assert_eq!(entries, [(&0, &0), (&1, &10), (&2, &20)]);
    /// ```
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter::new(&self.raw.tables, self.raw.len)
    }

    /// An iterator over the entries with mutable values. Creating it is O(1); iterating visits every
    /// table, O(n + tables) in all.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<u32, u32> = (0..3).map(|k| (k, k)).collect();
    /// for (_, v) in map.iter_mut() {
    ///     *v += 1;
    /// }
    /// assert_eq!(map[&2], 3);
    /// ```
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        IterMut::new(&mut self.raw.tables, self.raw.len)
    }

    /// An iterator over the keys. Creating it is O(1); iterating visits every
    /// table, O(n + tables) in all.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let map: SplitMap<u32, u32> = (0..3).map(|k| (k, k)).collect();
    /// assert_eq!(map.keys().sum::<u32>(), 3);
    /// ```
    pub fn keys(&self) -> Keys<'_, K, V> {
        Keys::new(self.iter())
    }

    /// An iterator over the values. Creating it is O(1); iterating visits every
    /// table, O(n + tables) in all.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let map: SplitMap<u32, u32> = (0..3).map(|k| (k, k * 2)).collect();
    /// assert_eq!(map.values().sum::<u32>(), 6);
    /// ```
    pub fn values(&self) -> Values<'_, K, V> {
        Values::new(self.iter())
    }

    /// An iterator over mutable values. Creating it is O(1); iterating visits every
    /// table, O(n + tables) in all.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<u32, u32> = (0..3).map(|k| (k, k)).collect();
    /// map.values_mut().for_each(|v| *v = 7);
    /// assert!(map.values().all(|&v| v == 7));
    /// ```
    pub fn values_mut(&mut self) -> ValuesMut<'_, K, V> {
        ValuesMut::new(self.iter_mut())
    }

    /// The keys, by value; the map is consumed. Creating it is O(1); iterating visits every
    /// table, O(n + tables) in all.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let map: SplitMap<u32, u32> = (0..3).map(|k| (k, k)).collect();
    /// let mut keys: Vec<u32> = map.into_keys().collect();
    /// keys.sort();
    /// assert_eq!(keys, [0, 1, 2]);
    /// ```
    pub fn into_keys(self) -> IntoKeys<K, V> {
        IntoKeys::new(self.into_iter())
    }

    /// The values, by value; the map is consumed. Creating it is O(1); iterating visits every
    /// table, O(n + tables) in all.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let map: SplitMap<u32, u32> = (0..3).map(|k| (k, k * 2)).collect();
    /// assert_eq!(map.into_values().sum::<u32>(), 6);
    /// ```
    pub fn into_values(self) -> IntoValues<K, V> {
        IntoValues::new(self.into_iter())
    }

    /// Removes every entry and frees every table and the directory.
    /// Computes in O(n) time (the entries are dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<u64, u64> = (0..10_000).map(|k| (k, k)).collect();
    /// map.clear();
    /// assert!(map.is_empty());
    /// assert_eq!(map.heap_bytes(), 0);
    /// ```
    pub fn clear(&mut self) {
        // The map is empty and consistent before any entry is dropped, so a
        // panicking drop leaves it usable.
        drop(self.raw.reset());
    }

    /// Removes every entry, yielding them. The map is empty, and holds no
    /// memory, as soon as this returns; the tables are freed as the
    /// iterator moves past them, and entries not yet yielded are dropped
    /// with the iterator.
    /// Computes in O(n) time over the whole iteration (O(1) to create).
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<u64, u64> = (0..1000).map(|k| (k, k)).collect();
    /// let sum: u64 = map.drain().map(|(k, _)| k).sum();
    /// assert_eq!(sum, 499_500);
    /// assert_eq!(map.heap_bytes(), 0);
    /// ```
    pub fn drain(&mut self) -> Drain<'_, K, V> {
        let len = self.raw.len;
        Drain::new(self.raw.reset(), len)
    }
}

impl<K, V, S> SplitMap<K, V, S>
where
    K: Eq + Hash,
    S: BuildHasher,
{
    #[inline]
    fn hash<Q: Hash + ?Sized>(&self, key: &Q) -> u64 {
        self.hasher.hash_one(key)
    }

    /// Sets the largest table the map reaches by doubling, in buckets (a
    /// power of two from 16 to 2^20; the default is the largest power of two
    /// whose entries fit in 256 KiB, between 64 and 16,384). Larger tables
    /// mean fewer, rarer and longer splits and merges; the slowest single
    /// insert or remove grows with this size. Existing tables larger than
    /// the new size split the next time they fill. Computes in O(tables)
    /// time.
    ///
    /// # Panics
    ///
    /// Panics if `buckets` is not a power of two from 16 to 2^20.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<u64, u64> = SplitMap::new();
    /// map.set_max_table_buckets(256);
    /// map.extend((0..10_000).map(|k| (k, k)));
    /// assert!(map.stats().tables >= 10_000 / 224);
    /// ```
    #[track_caller]
    pub fn set_max_table_buckets(&mut self, buckets: usize) {
        let hasher = &self.hasher;
        self.raw
            .set_limits(Limits::new(buckets), &|(k, _): &(K, V)| hasher.hash_one(k));
    }

    /// The value stored under `key`. Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map = SplitMap::new();
    /// map.insert(String::from("a"), 1);
    /// assert_eq!(map.get("a"), Some(&1));
    /// assert_eq!(map.get("b"), None);
    /// ```
    // `always` on the hot calls (get, get_mut, contains_key, insert,
    // remove, remove_entry): their slow paths are out-of-line `#[cold]`
    // calls, so what inlines is the directory step and one table probe, as
    // with hashbrown's own. Left to `#[inline]`, LLVM kept them out of a
    // caller's loop, and the call and its register saves were a fifth of a
    // churn op (docs/split-map.md, "Codegen").
    #[inline(always)]
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        Q: Hash + Equivalent<K> + ?Sized,
    {
        self.get_key_value(key).map(|(_, v)| v)
    }

    /// The stored key and value under `key`. Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map = SplitMap::new();
    /// map.insert(1, "a");
    /// assert_eq!(map.get_key_value(&1), Some((&1, &"a")));
    /// ```
    #[inline(always)]
    pub fn get_key_value<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        Q: Hash + Equivalent<K> + ?Sized,
    {
        let hash = self.hash(key);
        let table = self.raw.table(hash)?;
        let eq = |(k, _): &(K, V)| key.equivalent(k);
        match table.raw.find(hash, eq) {
            Some((k, v)) => Some((k, v)),
            // Only a miss asks whether a merge into this table is still
            // moving entries in: a hit pays nothing for merging.
            None if self.raw.merge.is_none() => None,
            None => self.get_from_source(hash, eq),
        }
    }

    /// The rest of a lookup that missed while a merge runs: the key may
    /// still sit in the merge's source. It finds the slot's table again
    /// from `hash` rather than taking it from the caller, so that the
    /// caller's loop keeps nothing live for this path.
    #[cold]
    #[inline(never)]
    fn get_from_source(&self, hash: u64, eq: impl Fn(&(K, V)) -> bool) -> Option<(&K, &V)> {
        let src = self.raw.source_of(self.raw.table_index(hash)?)?;
        self.raw.tables[src].raw.find(hash, eq).map(|(k, v)| (k, v))
    }

    /// A mutable reference to the value stored under `key`. Computes in
    /// O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map = SplitMap::new();
    /// map.insert(1, 10);
    /// *map.get_mut(&1).unwrap() += 1;
    /// assert_eq!(map[&1], 11);
    /// ```
    #[inline(always)]
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        Q: Hash + Equivalent<K> + ?Sized,
    {
        let hash = self.hash(key);
        let mut index = self.raw.table_index(hash)?;
        let eq = |(k, _): &(K, V)| key.equivalent(k);
        if self.raw.merge.is_some() {
            index = self.holder(index, hash, eq);
        }
        self.raw.tables[index]
            .raw
            .find_mut(hash, eq)
            .map(|(_, v)| v)
    }

    /// The table that holds the key of `hash` that `eq` matches, while a
    /// merge runs: `index` (the slot's table), or the merge's source if the
    /// key is still there.
    #[cold]
    #[inline(never)]
    fn holder(&self, index: usize, hash: u64, eq: impl Fn(&(K, V)) -> bool) -> usize {
        match self.raw.source_of(index) {
            Some(src)
                if self.raw.tables[index].raw.find(hash, &eq).is_none()
                    && self.raw.tables[src].raw.find(hash, &eq).is_some() =>
            {
                src
            }
            _ => index,
        }
    }

    /// Mutable references to the values of `N` keys at once, `None` for
    /// each absent key. Computes in O(N^2) time (each table holding some of
    /// the keys is asked for all of them, as hashbrown's own call does),
    /// plus, if a merge is moving entries, the rest of that merge (at most
    /// one table's entries).
    ///
    /// # Panics
    ///
    /// Panics with "duplicate keys found" if two of the keys are equal and
    /// present (the references would overlap), as std's does.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<u32, u32> = (0..100).map(|k| (k, k)).collect();
    /// let [a, b, c] = map.get_disjoint_mut([&1, &99, &1000]);
    /// core::mem::swap(a.unwrap(), b.unwrap());
    /// assert!(c.is_none());
    /// assert_eq!((map[&1], map[&99]), (99, 1));
    /// ```
    #[track_caller]
    pub fn get_disjoint_mut<Q, const N: usize>(&mut self, keys: [&Q; N]) -> [Option<&mut V>; N]
    where
        Q: Hash + Equivalent<K> + ?Sized,
    {
        let hasher = &self.hasher;
        self.raw.finish_merge(&|(k, _): &(K, V)| hasher.hash_one(k));
        let hashes = keys.map(|key| self.hash(key));
        let homes = hashes.map(|hash| self.raw.table_index(hash));
        // Visit each table that holds some of the keys once, in index
        // order, carving disjoint mutable borrows out of the vector.
        let mut order = homes.map(|home| home.unwrap_or(usize::MAX));
        order.sort_unstable();
        let mut out: [Option<&mut V>; N] = [const { None }; N];
        let mut rest: &mut [raw::Table<(K, V)>] = &mut self.raw.tables;
        let mut offset = 0;
        for (position, &index) in order.iter().enumerate() {
            if index == usize::MAX || (position > 0 && order[position - 1] == index) {
                continue;
            }
            let (_, tail) = mem::take(&mut rest).split_at_mut(index - offset);
            let (table, tail) = tail.split_first_mut().expect("table index in range");
            rest = tail;
            offset = index + 1;
            // hashbrown's own check panics on overlapping keys.
            let found = table.raw.get_disjoint_mut(hashes, |i, (k, _)| {
                homes[i] == Some(index) && keys[i].equivalent(k)
            });
            for (slot, entry) in out.iter_mut().zip(found) {
                if let Some((_, v)) = entry {
                    *slot = Some(v);
                }
            }
        }
        out
    }

    /// Whether the map holds `key`. Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let map: SplitMap<u32, ()> = [(1, ())].into_iter().collect();
    /// assert!(map.contains_key(&1));
    /// assert!(!map.contains_key(&2));
    /// ```
    #[inline(always)]
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        Q: Hash + Equivalent<K> + ?Sized,
    {
        self.get(key).is_some()
    }

    /// Inserts `value` under `key`, returning the value it replaces; the key
    /// already stored is kept. Amortized O(1); an insert into a full table
    /// doubles or splits that table, moving at most one table's entries.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if the table cannot grow.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map = SplitMap::new();
    /// assert_eq!(map.insert(1, "a"), None);
    /// assert_eq!(map.insert(1, "b"), Some("a"));
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let hash = self.hash(&key);
        // Checked first, before the probe holds anything live: a check
        // after the probe's vacant arm cost every insert about nine
        // instructions of spilled registers (docs/split-map.md, "Codegen").
        if self.raw.merge.is_some() {
            return self.insert_while_merging(hash, key, value);
        }
        let hasher = &self.hasher;
        let rehash = |(k, _): &(K, V)| hasher.hash_one(k);
        let table = self.raw.room_in(hash, rehash);
        match table.entry(hash, |(k, _)| *k == key, rehash) {
            hash_table::Entry::Occupied(mut entry) => {
                Some(mem::replace(&mut entry.get_mut().1, value))
            }
            hash_table::Entry::Vacant(entry) => {
                entry.insert((key, value));
                self.raw.len += 1;
                None
            }
        }
    }

    /// [`insert`](Self::insert) while a merge runs: the insert moves one
    /// step of the merge, as a removal does; the key may still sit in the
    /// merge's source; and an insert into the merge's destination must
    /// leave room for the source's entries (the merge's margin keeps it).
    #[cold]
    #[inline(never)]
    #[track_caller]
    fn insert_while_merging(&mut self, hash: u64, key: K, value: V) -> Option<V> {
        let hasher = &self.hasher;
        let rehash = |(k, _): &(K, V)| hasher.hash_one(k);
        if self.raw.merge.is_some() {
            self.raw.step_merge(raw::MERGE_STEP, &rehash);
        }
        let mut index = self.raw.room_for(hash, &rehash);
        let eq = |(k, _): &(K, V)| *k == key;
        if let Some((_, v)) = self.raw.tables[index].raw.find_mut(hash, eq) {
            return Some(mem::replace(v, value));
        }
        if let Some(src) = self.raw.source_of(index) {
            if let Some((_, v)) = self.raw.tables[src].raw.find_mut(hash, eq) {
                return Some(mem::replace(v, value));
            }
            if !self.raw.room_beside_merge(index) {
                self.raw.finish_merge(&rehash);
                index = self.raw.room_for(hash, &rehash);
            }
        }
        self.raw.tables[index]
            .raw
            .insert_unique(hash, (key, value), rehash);
        self.raw.len += 1;
        None
    }

    /// Removes `key`, returning its value. Amortized O(1); a removal that
    /// leaves its table and that table's buddy sparse merges them, moving
    /// at most one table's entries.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<u32, u32> = (0..100).map(|k| (k, k)).collect();
    /// assert_eq!(map.remove(&7), Some(7));
    /// assert_eq!(map.remove(&7), None);
    /// ```
    #[inline(always)]
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        Q: Hash + Equivalent<K> + ?Sized,
    {
        self.remove_entry(key).map(|(_, v)| v)
    }

    /// Removes `key`, returning the stored key and value; costs as
    /// [`remove`](Self::remove).
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map = SplitMap::new();
    /// map.insert(String::from("a"), 1);
    /// assert_eq!(map.remove_entry("a"), Some((String::from("a"), 1)));
    /// ```
    #[inline(always)]
    pub fn remove_entry<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        Q: Hash + Equivalent<K> + ?Sized,
    {
        let hash = self.hash(key);
        let index = self.raw.table_index(hash)?;
        let eq = |(k, _): &(K, V)| key.equivalent(k);
        // One borrow of the table for the probe and the mark check, and the
        // merge's source behind a cold call: re-indexing `tables` after the
        // probe cost each removal about four instructions.
        let table = &mut self.raw.tables[index];
        let Ok(entry) = table.raw.find_entry(hash, eq) else {
            return self.remove_from_source(index, hash, eq);
        };
        let (removed, _) = entry.remove();
        self.raw.len -= 1;
        if table.raw.len() <= table.low_water as usize || self.raw.merge.is_some() {
            let hasher = &self.hasher;
            self.raw
                .after_remove(index, &|(k, _): &(K, V)| hasher.hash_one(k));
        }
        Some(removed)
    }

    /// The rest of a removal that missed in `tables[index]`: the key may
    /// still sit in the source of a merge into that table.
    #[cold]
    #[inline(never)]
    fn remove_from_source(
        &mut self,
        index: usize,
        hash: u64,
        eq: impl Fn(&(K, V)) -> bool,
    ) -> Option<(K, V)> {
        let src = self.raw.source_of(index)?;
        let (removed, _) = self.raw.tables[src].raw.find_entry(hash, eq).ok()?.remove();
        let hasher = &self.hasher;
        self.raw.removed(src, &|(k, _): &(K, V)| hasher.hash_one(k));
        Some(removed)
    }

    /// The entry for `key`, for in-place manipulation. Like hashbrown's, it
    /// makes room for one insert up front (growing or splitting a full
    /// table), and removing through [`OccupiedEntry::remove`] merges as
    /// [`remove`](Self::remove) does. Amortized O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut counts: SplitMap<char, u32> = SplitMap::new();
    /// for c in "hello".chars() {
    ///     *counts.entry(c).or_insert(0) += 1;
    /// }
    /// assert_eq!(counts[&'l'], 2);
    /// ```
    #[track_caller]
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V, S> {
        let hash = self.hash(&key);
        let hasher = &self.hasher;
        let rehash = |(k, _): &(K, V)| hasher.hash_one(k);
        // A write, so it moves a step of the merge in progress, as an
        // insert does.
        if self.raw.merge.is_some() {
            self.raw.step_merge(raw::MERGE_STEP, &rehash);
        }
        let mut index = self.raw.room_for(hash, &rehash);
        let eq = |(k, _): &(K, V)| *k == key;
        if let Some(bucket) = self.raw.tables[index].raw.find_bucket_index(hash, eq) {
            return Entry::Occupied(OccupiedEntry::new(self, index, bucket));
        }
        if let Some(src) = self.raw.merge.and_then(|_| self.raw.source_of(index)) {
            if let Some(bucket) = self.raw.tables[src].raw.find_bucket_index(hash, eq) {
                return Entry::Occupied(OccupiedEntry::new(self, src, bucket));
            }
            if !self.raw.room_beside_merge(index) {
                self.raw.finish_merge(&rehash);
                index = self.raw.room_for(hash, &rehash);
            }
        }
        Entry::Vacant(VacantEntry::new(self, key, hash, index))
    }

    /// Keeps only the entries for which `keep` returns `true`, then merges
    /// and shrinks the tables it left sparse. Computes in O(n) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<u32, u32> = (0..10_000).map(|k| (k, k)).collect();
    /// let before = map.heap_bytes();
    /// map.retain(|&k, _| k < 100);
    /// assert_eq!(map.len(), 100);
    /// assert!(map.heap_bytes() < before / 16);
    /// ```
    pub fn retain<F>(&mut self, mut keep: F)
    where
        F: FnMut(&K, &mut V) -> bool,
    {
        /// Keeps `len` right if `keep` panics half-way.
        struct Recount<'a, T>(&'a mut Raw<T>);
        impl<T> Drop for Recount<'_, T> {
            fn drop(&mut self) {
                self.0.len = self.0.tables.iter().map(|t| t.raw.len()).sum();
            }
        }
        {
            let guard = Recount(&mut self.raw);
            for table in &mut guard.0.tables {
                table.raw.retain(|(k, v)| keep(k, v));
            }
        }
        let hasher = &self.hasher;
        self.raw.rebalance(&|(k, _): &(K, V)| hasher.hash_one(k));
    }

    /// An iterator that removes and yields the entries for which `pred`
    /// returns `true`, as `std`'s does: entries it does not reach stay in
    /// the map if it is dropped early, and the map stays valid if `pred`
    /// panics. When it is dropped, the tables it left sparse merge and
    /// shrink. Visiting every entry computes in O(n) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<u32, u32> = (0..10).map(|k| (k, k)).collect();
    /// let mut evens: Vec<u32> = map.extract_if(|k, _| k % 2 == 0).map(|(k, _)| k).collect();
    /// evens.sort();
    /// assert_eq!(evens, [0, 2, 4, 6, 8]);
    /// assert_eq!(map.len(), 5);
    /// ```
    pub fn extract_if<F>(&mut self, pred: F) -> ExtractIf<'_, K, V, F, S>
    where
        F: FnMut(&K, &mut V) -> bool,
    {
        ExtractIf::new(self, pred)
    }

    /// Makes room for `additional` more entries: grows the lone table, or
    /// splits tables until there are enough of them, at the maximum size,
    /// to hold `len() + additional` entries at three quarters of their
    /// capacity. Computes in O(n + additional) time when it acts.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if no map could hold that many
    /// entries.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<u64, u64> = SplitMap::new();
    /// map.reserve(100_000);
    /// assert!(map.capacity() >= 100_000);
    /// let splits = map.stats().splits;
    /// map.extend((0..50_000).map(|k| (k, k)));
    /// assert_eq!(map.stats().splits, splits);
    /// ```
    #[track_caller]
    pub fn reserve(&mut self, additional: usize) {
        if let Err(error) = self.try_reserve(additional) {
            capacity_failure(error);
        }
    }

    /// Like [`reserve`](Self::reserve), but returns an error instead of
    /// panicking or aborting; the map is unchanged by the step that failed.
    /// Costs as `reserve`: O(n + additional) time when it acts.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<u64, u64> = SplitMap::new();
    /// assert!(map.try_reserve(usize::MAX).is_err());
    /// assert!(map.try_reserve(10).is_ok());
    /// assert!(map.capacity() >= 10);
    /// ```
    pub fn try_reserve(&mut self, additional: usize) -> Result<(), TryReserveError> {
        let hasher = &self.hasher;
        self.raw
            .try_reserve(additional, &|(k, _): &(K, V)| hasher.hash_one(k))
    }

    /// Merges every buddy pair that fits the low-water mark and shrinks
    /// every table to the smallest that holds its entries. Computes in O(n)
    /// time.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<u64, u64> = SplitMap::with_capacity(100_000);
    /// map.insert(1, 1);
    /// map.shrink_to_fit();
    /// assert!(map.capacity() < 10);
    /// ```
    pub fn shrink_to_fit(&mut self) {
        self.shrink_to(0);
    }

    /// Like [`shrink_to_fit`](Self::shrink_to_fit), but each table keeps
    /// room for its share of `min_capacity` (a table of local depth `d`
    /// owns `2^-d` of the hash space), or the room it had if that was less:
    /// as with std's, this never grows the map. Computes in O(n) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use split_map::SplitMap;
    ///
    /// let mut map: SplitMap<u64, u64> = SplitMap::with_capacity(1000);
    /// map.shrink_to(100);
    /// assert!(map.capacity() >= 100 && map.capacity() < 1000);
    /// ```
    pub fn shrink_to(&mut self, min_capacity: usize) {
        let hasher = &self.hasher;
        self.raw
            .shrink_to(min_capacity, &|(k, _): &(K, V)| hasher.hash_one(k));
    }
}

impl<T> Raw<T> {
    /// [`SplitMap::shrink_to`].
    pub(crate) fn shrink_to(&mut self, min_capacity: usize, hasher: &impl Fn(&T) -> u64) {
        if self.len == 0 && min_capacity == 0 {
            drop(self.reset());
            return;
        }
        self.finish_merge(hasher);
        if self.len > 0 {
            self.rebalance(hasher);
        }
        for index in 0..self.tables.len() {
            let t = &mut self.tables[index];
            let share = min_capacity.div_ceil(1usize << t.depth);
            t.raw.shrink_to(share, hasher);
            self.arm(index);
        }
    }
}
