//! The public map type.

use core::borrow::Borrow;
use core::hash::{BuildHasher, Hash};
use core::mem;

use hashbrown::TryReserveError;

use crate::Stats;
use crate::entry::{Entry, Generation, OccupiedEntry, VacantEntry};
use crate::generations::{Generations, Table};
use crate::iter::{Drain, Iter, IterMut, Keys, Values, ValuesMut};

/// A hash map that grows and shrinks by starting a new generation and
/// migrating entries into it a few at a time, so no single operation
/// rehashes the whole map.
///
/// See the [crate documentation](crate) for the design and its costs.
///
/// ```
/// use gen_map::GenMap;
///
/// let mut map = GenMap::new();
/// map.insert("a", 1);
/// assert_eq!(map.get("a"), Some(&1));
/// assert_eq!(map.remove("a"), Some(1));
/// assert!(map.is_empty());
/// ```
pub struct GenMap<K, V, S = ahash::RandomState> {
    pub(crate) generations: Generations<K, V>,
    pub(crate) hasher: S,
}

impl<K, V> GenMap<K, V, ahash::RandomState> {
    /// An empty map with a randomly seeded ahash hasher; it allocates
    /// nothing until the first insert.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let map: GenMap<u64, u64> = GenMap::new();
    /// assert_eq!(map.heap_bytes(), 0);
    /// ```
    pub fn new() -> Self {
        Self::with_hasher(ahash::RandomState::new())
    }

    /// An empty map with room for `capacity` entries.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if no table can hold `capacity`.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let map: GenMap<u64, u64> = GenMap::with_capacity(100);
    /// assert!(map.capacity() >= 100);
    /// ```
    pub fn with_capacity(capacity: usize) -> Self {
        Self::with_capacity_and_hasher(capacity, ahash::RandomState::new())
    }
}

impl<K, V, S> GenMap<K, V, S> {
    /// An empty map hashing with `hasher`.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map = GenMap::with_hasher(std::collections::hash_map::RandomState::new());
    /// map.insert(1, 2);
    /// assert_eq!(map[&1], 2);
    /// ```
    pub const fn with_hasher(hasher: S) -> Self {
        Self {
            generations: Generations::new(),
            hasher,
        }
    }

    /// An empty map with room for `capacity` entries, hashing with `hasher`.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let map: GenMap<u8, u8> = GenMap::with_capacity_and_hasher(8, ahash::RandomState::new());
    /// assert!(map.capacity() >= 8);
    /// ```
    pub fn with_capacity_and_hasher(capacity: usize, hasher: S) -> Self {
        Self {
            generations: Generations::with_capacity(capacity),
            hasher,
        }
    }

    /// The map's hasher.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let map: GenMap<u64, u64> = GenMap::new();
    /// let _hash = map.hasher().hash_one(7u64);
    /// ```
    pub fn hasher(&self) -> &S {
        &self.hasher
    }

    /// The number of entries, in both generations.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let map: GenMap<u32, u32> = (0..5).map(|k| (k, k)).collect();
    /// assert_eq!(map.len(), 5);
    /// ```
    #[inline]
    pub fn len(&self) -> usize {
        self.generations.len()
    }

    /// Whether the map holds no entries.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let map: GenMap<u32, u32> = GenMap::new();
    /// assert!(map.is_empty());
    /// ```
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Entries the current generation holds before the map starts a new
    /// one.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let map: GenMap<u32, u32> = GenMap::with_capacity(20);
    /// assert!(map.capacity() >= 20);
    /// ```
    pub fn capacity(&self) -> usize {
        self.generations.current.capacity()
    }

    /// The bytes both generations' tables hold on the heap.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map = GenMap::new();
    /// for k in 0..10_000u64 {
    ///     map.insert(k, [0u8; 64]);
    /// }
    /// let full = map.heap_bytes();
    /// for k in 0..10_000 {
    ///     map.remove(&k);
    /// }
    /// assert!(map.heap_bytes() < full / 100);
    /// ```
    pub fn heap_bytes(&self) -> usize {
        self.generations.heap_bytes()
    }

    /// Generation sizes, migration progress and work counters.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let map: GenMap<u64, u64> = (0..1_000).map(|k| (k, k)).collect();
    /// let stats = map.stats();
    /// assert!(stats.grow_rotations > 0);
    /// assert_eq!(stats.current_len + stats.previous_len, 1_000);
    /// ```
    pub fn stats(&self) -> Stats {
        let g = &self.generations;
        Stats {
            current_len: g.current.len(),
            current_capacity: g.current.capacity(),
            current_buckets: g.current.num_buckets(),
            previous_len: g.previous.len(),
            previous_buckets: g.previous.num_buckets(),
            migration_cursor: g.cursor,
            grow_rotations: g.counters.grow_rotations,
            shrink_rotations: g.counters.shrink_rotations,
            manual_rotations: g.counters.manual_rotations,
            migrated: g.counters.migrated,
            forced_finishes: g.counters.forced_finishes,
            prepared_hits: g.counters.prepared_hits,
            forced_frees: g.counters.forced_frees,
            prepared_bytes: g.prepared_bytes(),
            retiring_bytes: g.retiring_bytes(),
            heap_bytes: self.heap_bytes(),
        }
    }

    /// Whether an older generation is still draining into the current one.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<u64, u64> = (0..1_000).map(|k| (k, k)).collect();
    /// map.rotate();
    /// assert!(map.is_migrating());
    /// map.finish_migration();
    /// assert!(!map.is_migrating());
    /// ```
    pub fn is_migrating(&self) -> bool {
        self.generations.migrating()
    }

    /// Removes every entry and frees both generations.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<u32, u32> = (0..100).map(|k| (k, k)).collect();
    /// map.clear();
    /// assert!(map.is_empty());
    /// assert_eq!(map.heap_bytes(), 0);
    /// ```
    pub fn clear(&mut self) {
        self.generations.clear();
    }

    /// Removes every entry, yielding them; the map is empty when `drain`
    /// returns, and entries not taken are dropped with the iterator.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<u32, u32> = (0..10).map(|k| (k, k)).collect();
    /// assert_eq!(map.drain().count(), 10);
    /// assert!(map.is_empty());
    /// ```
    pub fn drain(&mut self) -> Drain<K, V> {
        let current = mem::take(&mut self.generations.current);
        let previous = mem::take(&mut self.generations.previous);
        self.generations.reset();
        Drain::new(current, previous)
    }

    /// An iterator over the entries: the current generation's, then the
    /// previous one's. Every entry appears exactly once, migration or not.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let map: GenMap<u32, u32> = (0..4).map(|k| (k, k)).collect();
    /// assert_eq!(map.iter().map(|(_, v)| v).sum::<u32>(), 6);
    /// ```
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter::new(&self.generations.current, &self.generations.previous)
    }

    /// An iterator over the entries with mutable values.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<u32, u32> = (0..4).map(|k| (k, k)).collect();
    /// map.iter_mut().for_each(|(_, v)| *v += 1);
    /// assert_eq!(map[&3], 4);
    /// ```
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        let g = &mut self.generations;
        IterMut::new(&mut g.current, &mut g.previous)
    }

    /// An iterator over the keys.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let map: GenMap<u32, u32> = (0..3).map(|k| (k, 0)).collect();
    /// let mut keys: Vec<_> = map.keys().copied().collect();
    /// keys.sort();
    /// assert_eq!(keys, [0, 1, 2]);
    /// ```
    pub fn keys(&self) -> Keys<'_, K, V> {
        Keys(self.iter())
    }

    /// An iterator over the values.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let map: GenMap<u32, u32> = (0..3).map(|k| (k, 2)).collect();
    /// assert_eq!(map.values().sum::<u32>(), 6);
    /// ```
    pub fn values(&self) -> Values<'_, K, V> {
        Values(self.iter())
    }

    /// An iterator over mutable values.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<u32, u32> = (0..3).map(|k| (k, 2)).collect();
    /// map.values_mut().for_each(|v| *v = 0);
    /// assert_eq!(map.values().sum::<u32>(), 0);
    /// ```
    pub fn values_mut(&mut self) -> ValuesMut<'_, K, V> {
        ValuesMut(self.iter_mut())
    }
}

impl<K, V, S> GenMap<K, V, S>
where
    K: Hash + Eq,
    S: BuildHasher,
{
    /// Migrates one write's batch, then returns the key's hash.
    #[inline]
    fn write_step(&mut self) {
        let hasher = &self.hasher;
        self.generations.step(&|k: &K| hasher.hash_one(k));
    }

    /// Inserts `value` under `key`, returning the value it replaces. Moves
    /// a bounded batch of the previous generation first; when the current
    /// generation is full, starts a new one twice its size instead of
    /// rehashing.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map = GenMap::new();
    /// assert_eq!(map.insert(1, "a"), None);
    /// assert_eq!(map.insert(1, "b"), Some("a"));
    /// ```
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.write_step();
        let hash = self.hasher.hash_one(&key);
        if let Some((_, old)) = self.generations.current.find_mut(hash, |(k, _)| *k == key) {
            return Some(mem::replace(old, value));
        }
        self.make_room();
        let g = &mut self.generations;
        let old = if g.migrating() {
            match g.previous.find_entry(hash, |(k, _)| *k == key) {
                Ok(found) => Some(found.remove().0.1),
                Err(_) => None,
            }
        } else {
            None
        };
        // Room was made above, so this never rehashes.
        let hasher = &self.hasher;
        g.current
            .insert_unique(hash, (key, value), |(k, _)| hasher.hash_one(k));
        g.after_insert();
        old
    }

    /// Starts a new generation if `current` has no room for one more
    /// entry. Room is made before anything moves: a rotation hashes keys,
    /// and a panicking `Hash` must not strike while an entry is in flight.
    #[inline]
    pub(crate) fn make_room(&mut self) {
        let g = &mut self.generations;
        if g.current.len() < g.current.capacity() {
            return;
        }
        // A full table doubles its buckets; one clogged with tombstones (at
        // most half live) is renewed at its own size. Asking for exactly
        // the next bucket count's capacity matters: twice the live entries
        // would round a full table up to four times the buckets.
        let buckets = g.current.num_buckets().max(4);
        let full = map_api::layout::bucket_capacity(buckets);
        let capacity = if g.len() > full / 2 {
            map_api::layout::bucket_capacity(buckets * 2)
        } else {
            full
        };
        let hasher = &self.hasher;
        g.rotate(capacity, &|k: &K| hasher.hash_one(k));
        g.counters.grow_rotations += 1;
    }

    /// The entry for `key`, to read, insert, update or remove in place.
    /// Counts as a write: it moves a migration batch, and makes room for an
    /// insert whether or not one follows.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut counts: GenMap<&str, u32> = GenMap::new();
    /// for word in ["a", "b", "a"] {
    ///     *counts.entry(word).or_insert(0) += 1;
    /// }
    /// assert_eq!(counts["a"], 2);
    /// assert_eq!(counts["b"], 1);
    /// ```
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V, S> {
        self.write_step();
        let hash = self.hasher.hash_one(&key);
        let eq = |(k, _): &(K, V)| *k == key;
        if let Some(index) = self.generations.current.find_bucket_index(hash, eq) {
            return Entry::Occupied(OccupiedEntry::new(self, Generation::Current, index));
        }
        self.make_room();
        let g = &self.generations;
        if g.migrating()
            && let Some(index) = g.previous.find_bucket_index(hash, eq)
        {
            return Entry::Occupied(OccupiedEntry::new(self, Generation::Previous, index));
        }
        Entry::Vacant(VacantEntry::new(self, hash, key))
    }

    /// After a removal through an entry: the shrink policy.
    pub(crate) fn after_remove(&mut self) {
        self.generations.after_remove();
        self.maybe_shrink();
        self.generations.settle();
    }

    /// A reference to the value under `key`. Reads never migrate.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map = GenMap::new();
    /// map.insert(String::from("k"), 1);
    /// assert_eq!(map.get("k"), Some(&1));
    /// ```
    #[inline]
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.get_key_value(key).map(|(_, v)| v)
    }

    /// The stored key and value under `key`.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map = GenMap::new();
    /// map.insert(String::from("k"), 1);
    /// assert_eq!(map.get_key_value("k"), Some((&String::from("k"), &1)));
    /// ```
    #[inline]
    pub fn get_key_value<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.is_empty() {
            return None;
        }
        let hash = self.hasher.hash_one(key);
        let g = &self.generations;
        let eq = |(k, _): &(K, V)| k.borrow() == key;
        if !g.migrating() {
            return g.current.find(hash, eq).map(|(k, v)| (k, v));
        }
        // Probe the generation more likely to hold the key first.
        let (first, second) = if g.previous_first(hash) {
            (&g.previous, &g.current)
        } else {
            (&g.current, &g.previous)
        };
        first
            .find(hash, eq)
            .or_else(|| second.find(hash, eq))
            .map(|(k, v)| (k, v))
    }

    /// A mutable reference to the value under `key`. Does not migrate.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map = GenMap::new();
    /// map.insert(1, 1);
    /// *map.get_mut(&1).unwrap() += 1;
    /// assert_eq!(map[&1], 2);
    /// ```
    #[inline]
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.is_empty() {
            return None;
        }
        let hash = self.hasher.hash_one(key);
        let g = &mut self.generations;
        let eq = |(k, _): &(K, V)| k.borrow() == key;
        if let Some((_, v)) = g.current.find_mut(hash, eq) {
            return Some(v);
        }
        g.previous.find_mut(hash, eq).map(|(_, v)| v)
    }

    /// Whether the map holds `key`.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map = GenMap::new();
    /// map.insert(1, ());
    /// assert!(map.contains_key(&1) && !map.contains_key(&2));
    /// ```
    #[inline]
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.get_key_value(key).is_some()
    }

    /// Removes `key`, returning its value.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map = GenMap::new();
    /// map.insert(1, "a");
    /// assert_eq!(map.remove(&1), Some("a"));
    /// assert_eq!(map.remove(&1), None);
    /// ```
    #[inline]
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.remove_entry(key).map(|(_, v)| v)
    }

    /// Removes `key`, returning the stored key and value. Moves a bounded
    /// batch of the previous generation first; when the map has fallen to a
    /// quarter of its capacity, starts a right-sized generation.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map = GenMap::new();
    /// map.insert(String::from("k"), 1);
    /// assert_eq!(map.remove_entry("k"), Some((String::from("k"), 1)));
    /// ```
    #[inline]
    pub fn remove_entry<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let eq = |(k, _): &(K, V)| k.borrow() == key;
        let g = &mut self.generations;
        if g.current.len() > g.quiet_above {
            // Nothing pending and far from any watermark: only `current`
            // holds entries, and this removal has no bookkeeping to do
            // unless it reaches a watermark.
            debug_assert!(g.quiet_holds());
            let hash = self.hasher.hash_one(key);
            let removed = g.current.find_entry(hash, eq).ok()?.remove().0;
            if g.current.len() <= g.quiet_above {
                self.after_remove();
            }
            return Some(removed);
        }
        self.remove_entry_slow(key)
    }

    /// [`remove_entry`](Self::remove_entry) when something is pending or a
    /// watermark is near: kept out of line so that the fast path stays
    /// small where it is inlined.
    #[inline(never)]
    fn remove_entry_slow<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let eq = |(k, _): &(K, V)| k.borrow() == key;
        self.write_step();
        if self.is_empty() {
            return None;
        }
        let hash = self.hasher.hash_one(key);
        let g = &mut self.generations;
        let removed = if !g.migrating() {
            g.current.find_entry(hash, eq).ok()?.remove().0
        } else if g.previous_first(hash) {
            // Probe the generation more likely to hold the key first, in
            // two branches: one probe of a table chosen by a conditional
            // move waits for the data the choice depends on, and removals
            // stop overlapping their cache misses (measured on two tables,
            // one empty: 41 ns per removal with a branch, 48 with a move).
            take(&mut g.previous, &mut g.current, hash, eq)?
        } else {
            take(&mut g.current, &mut g.previous, hash, eq)?
        };
        self.after_remove();
        Some(removed)
    }

    /// Starts a right-sized generation once the live entries fall to a
    /// quarter of the current capacity, and no migration is under way.
    /// The new generation holds twice the live entries: the gap between a
    /// quarter and a half is the hysteresis that stops it from growing and
    /// shrinking over and over.
    #[inline]
    fn maybe_shrink(&mut self) {
        let g = &mut self.generations;
        if g.migrating() || g.current.capacity() == 0 {
            return;
        }
        if g.current.len() <= g.full() / 4 {
            let hasher = &self.hasher;
            g.rotate(g.current.len() * 2, &|k: &K| hasher.hash_one(k));
            g.counters.shrink_rotations += 1;
        }
    }

    /// Keeps only the entries for which `keep` returns `true`. Visits every
    /// entry, so it also completes any migration and right-sizes the map:
    /// it is O(n) by nature, and bulk removal could otherwise leave an old
    /// generation far larger than the live entries.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<u32, u32> = (0..1_000).map(|k| (k, k)).collect();
    /// map.retain(|&k, _| k < 10);
    /// assert_eq!(map.len(), 10);
    /// assert!(!map.is_migrating());
    /// ```
    pub fn retain<F: FnMut(&K, &mut V) -> bool>(&mut self, mut keep: F) {
        let g = &mut self.generations;
        g.current.retain(|(k, v)| keep(k, v));
        g.previous.retain(|(k, v)| keep(k, v));
        let hasher = &self.hasher;
        g.finish_migration(&|k: &K| hasher.hash_one(k));
        self.maybe_shrink();
        let hasher = &self.hasher;
        self.generations
            .finish_migration(&|k: &K| hasher.hash_one(k));
    }

    /// Makes room for `additional` more entries without a rotation.
    /// If the current generation is too small, starts one that holds the
    /// live entries plus `additional` (finishing any migration first, an
    /// O(n) step: reserve ahead of a burst, not in the middle of one).
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if no table holds that many.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<u64, u64> = GenMap::new();
    /// map.reserve(1_000);
    /// assert!(map.capacity() >= 1_000);
    /// ```
    pub fn reserve(&mut self, additional: usize) {
        if let Err(error) = self.try_reserve(additional) {
            crate::generations::fail(error);
        }
    }

    /// Like [`reserve`](Self::reserve), but reports failure instead of
    /// panicking.
    ///
    /// ```
    /// use gen_map::{GenMap, TryReserveError};
    ///
    /// let mut map: GenMap<u64, u64> = GenMap::new();
    /// assert!(map.try_reserve(10).is_ok());
    /// assert_eq!(map.try_reserve(usize::MAX), Err(TryReserveError::CapacityOverflow));
    /// ```
    pub fn try_reserve(&mut self, additional: usize) -> Result<(), TryReserveError> {
        let needed = self
            .len()
            .checked_add(additional)
            .ok_or(TryReserveError::CapacityOverflow)?;
        // Entries still in `previous` will land in `current` too.
        if self.generations.current.capacity() >= needed {
            return Ok(());
        }
        let hasher = &self.hasher;
        self.generations
            .try_rotate(needed, &|k: &K| hasher.hash_one(k))?;
        self.generations.counters.manual_rotations += 1;
        Ok(())
    }

    /// Starts a new generation sized for the live entries now, and
    /// migrates into it as writes go on: the "copy to a fresh map from time
    /// to time" remedy, without the pause.
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<u32, u32> = (0..1_000).map(|k| (k, k)).collect();
    /// map.rotate();
    /// assert_eq!(map.len(), 1_000);
    /// assert_eq!(map[&500], 500);
    /// ```
    pub fn rotate(&mut self) {
        let hasher = &self.hasher;
        let g = &mut self.generations;
        g.rotate(g.len() * 2, &|k: &K| hasher.hash_one(k));
        g.counters.manual_rotations += 1;
    }

    /// Migrates up to `buckets` buckets of the previous generation. Reads
    /// never migrate, so a read-mostly map can call this from time to time
    /// to retire its old generation; each bucket costs O(1).
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<u32, u32> = (0..1_000).map(|k| (k, k)).collect();
    /// map.rotate();
    /// while map.is_migrating() {
    ///     map.maintain(256);
    /// }
    /// assert_eq!(map.stats().previous_len, 0);
    /// ```
    pub fn maintain(&mut self, buckets: usize) {
        let hasher = &self.hasher;
        self.generations
            .migrate(buckets, &|k: &K| hasher.hash_one(k));
    }

    /// Completes any migration now, in O(entries left).
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<u32, u32> = (0..1_000).map(|k| (k, k)).collect();
    /// map.rotate();
    /// map.finish_migration();
    /// assert!(!map.is_migrating());
    /// ```
    pub fn finish_migration(&mut self) {
        let hasher = &self.hasher;
        self.generations
            .finish_migration(&|k: &K| hasher.hash_one(k));
    }
}

impl<K, V, S: Default> Default for GenMap<K, V, S> {
    fn default() -> Self {
        Self::with_hasher(S::default())
    }
}

/// Removes the entry `eq` accepts from `first`, or else from `second`.
#[inline(always)]
fn take<K, V>(
    first: &mut Table<K, V>,
    second: &mut Table<K, V>,
    hash: u64,
    eq: impl Fn(&(K, V)) -> bool,
) -> Option<(K, V)> {
    match first.find_entry(hash, &eq) {
        Ok(found) => Some(found.remove().0),
        Err(_) => Some(second.find_entry(hash, &eq).ok()?.remove().0),
    }
}
