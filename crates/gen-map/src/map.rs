//! The public map type.

use core::hash::{BuildHasher, Hash};
use core::mem;

use hashbrown::hash_table;
use map_api::{Equivalent, TryReserveError};

use crate::Stats;
use crate::entry::{Entry, Generation, OccupiedEntry, VacantEntry};
use crate::generations::{Generations, MIGRATE_BUCKETS, Table};
use crate::iter::{Drain, ExtractIf, IntoKeys, IntoValues, Iter, IterMut, Keys, Values, ValuesMut};
use crate::policy::ShrinkPolicy;

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
    /// An empty map with a randomly seeded ahash hasher and the default
    /// [`ShrinkPolicy`]; it allocates nothing until the first insert.
    /// Computes in O(1) time.
    ///
    /// # Examples
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

    /// An empty map with room for `capacity` entries. Computes in O(1)
    /// time, plus what allocating and setting up the table costs.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if no table can hold `capacity`.
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let map: GenMap<u64, u64> = GenMap::with_capacity(100);
    /// assert!(map.capacity() >= 100);
    /// ```
    #[track_caller]
    pub fn with_capacity(capacity: usize) -> Self {
        Self::with_capacity_and_hasher(capacity, ahash::RandomState::new())
    }

    /// An empty map that shrinks by `policy` instead of the default.
    /// Computes in O(1) time.
    ///
    /// # Panics
    ///
    /// Panics with the reason if [`ShrinkPolicy::validate`] rejects
    /// `policy`.
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::{GenMap, Load, ShrinkPolicy};
    ///
    /// let policy = ShrinkPolicy {
    ///     shrink_below: Load::new(1, 4),
    ///     ..ShrinkPolicy::DEFAULT
    /// };
    /// let map: GenMap<u64, u64> = GenMap::with_policy(policy);
    /// assert_eq!(map.policy(), policy);
    /// ```
    #[track_caller]
    pub fn with_policy(policy: ShrinkPolicy) -> Self {
        if let Err(error) = policy.validate() {
            panic!("{error}");
        }
        let mut map = Self::new();
        map.generations.policy = policy;
        map
    }
}

impl<K, V, S> GenMap<K, V, S> {
    /// An empty map hashing with `hasher`. Computes in O(1) time.
    ///
    /// # Examples
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
            generations: Generations::new(ShrinkPolicy::DEFAULT),
            hasher,
        }
    }

    /// An empty map with room for `capacity` entries, hashing with
    /// `hasher`. Computes in O(1) time, plus what allocating and setting
    /// up the table costs.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if no table can hold `capacity`.
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let map: GenMap<u8, u8> = GenMap::with_capacity_and_hasher(8, ahash::RandomState::new());
    /// assert!(map.capacity() >= 8);
    /// ```
    #[track_caller]
    pub fn with_capacity_and_hasher(capacity: usize, hasher: S) -> Self {
        match Generations::try_with_capacity(capacity, ShrinkPolicy::DEFAULT) {
            Ok(generations) => Self {
                generations,
                hasher,
            },
            Err(error) => map_api::__private::reserve_failed(error),
        }
    }

    /// The map's hasher. Computes in O(1) time.
    ///
    /// # Examples
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

    /// The map's shrink policy. Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::{GenMap, ShrinkPolicy};
    ///
    /// let map: GenMap<u8, u8> = GenMap::new();
    /// assert_eq!(map.policy(), ShrinkPolicy::DEFAULT);
    /// ```
    pub fn policy(&self) -> ShrinkPolicy {
        self.generations.policy
    }

    /// The number of entries, in both generations. Computes in O(1) time.
    ///
    /// # Examples
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

    /// Whether the map holds no entries. Computes in O(1) time.
    ///
    /// # Examples
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
    /// one: every entry of the map, the previous generation's included,
    /// fits in it. Computes in O(1) time.
    ///
    /// # Examples
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

    /// Everything the map holds on the heap: both generations' tables, a
    /// table allocated ahead for the next generation, and retired tables
    /// whose pages are still being released. For keys and values that own
    /// no heap memory this is what the allocator has given the map, to the
    /// byte. Computes in O(1) time.
    ///
    /// # Examples
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

    /// Generation sizes, migration progress and work counters. Computes in
    /// O(1) time, plus O(blocks being released).
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<u64, u64> = GenMap::new();
    /// for k in 0..1_000 {
    ///     map.insert(k, k);
    /// }
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
            migration_batch: g.batch(),
            grow_rotations: g.counters.grow_rotations,
            shrink_rotations: g.counters.shrink_rotations,
            manual_rotations: g.counters.manual_rotations,
            migrated: g.counters.migrated,
            forced_finishes: g.counters.forced_finishes,
            prepared_hits: g.counters.prepared_hits,
            forced_frees: g.counters.forced_frees,
            prepared_bytes: g.prepared_bytes(),
            retiring_bytes: g.retiring_bytes(),
            settle_writes: g.settle_writes(),
            heap_bytes: self.heap_bytes(),
        }
    }

    /// Whether an older generation is still draining into the current one.
    /// Computes in O(1) time.
    ///
    /// # Examples
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

    /// Removes every entry and frees everything the map holds, at once.
    /// Computes in O(n) time: every entry is dropped.
    ///
    /// # Examples
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

    /// Removes every entry, yielding them. The map is empty and holds no
    /// memory when `drain` returns; the entries' tables are freed with the
    /// iterator, and entries it did not yield are dropped then. Computes in
    /// O(1) time; the iterator takes O(n) to exhaust or drop.
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<u32, u32> = (0..10).map(|k| (k, k)).collect();
    /// assert_eq!(map.drain().count(), 10);
    /// assert!(map.is_empty());
    /// assert_eq!(map.heap_bytes(), 0);
    /// ```
    pub fn drain(&mut self) -> Drain<'_, K, V> {
        let (current, previous) = self.generations.take_tables();
        Drain::new(current, previous)
    }

    /// An iterator over the entries: the current generation's, then the
    /// previous one's. Every entry appears exactly once, migration or not.
    /// Computes in O(1) time; iterating takes O(capacity).
    ///
    /// # Examples
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

    /// An iterator over the entries with mutable values. Computes in O(1)
    /// time; iterating takes O(capacity).
    ///
    /// # Examples
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

    /// An iterator over the keys. Computes in O(1) time; iterating takes
    /// O(capacity).
    ///
    /// # Examples
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
        Keys::new(self.iter())
    }

    /// An iterator over the values. Computes in O(1) time; iterating takes
    /// O(capacity).
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let map: GenMap<u32, u32> = (0..3).map(|k| (k, 2)).collect();
    /// assert_eq!(map.values().sum::<u32>(), 6);
    /// ```
    pub fn values(&self) -> Values<'_, K, V> {
        Values::new(self.iter())
    }

    /// An iterator over mutable values. Computes in O(1) time; iterating
    /// takes O(capacity).
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<u32, u32> = (0..3).map(|k| (k, 2)).collect();
    /// map.values_mut().for_each(|v| *v = 0);
    /// assert_eq!(map.values().sum::<u32>(), 0);
    /// ```
    pub fn values_mut(&mut self) -> ValuesMut<'_, K, V> {
        ValuesMut::new(self.iter_mut())
    }

    /// The keys, by value, consuming the map. Computes in O(1) time;
    /// iterating takes O(capacity).
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let map: GenMap<u32, u32> = (0..3).map(|k| (k, 0)).collect();
    /// let mut keys: Vec<u32> = map.into_keys().collect();
    /// keys.sort();
    /// assert_eq!(keys, [0, 1, 2]);
    /// ```
    pub fn into_keys(self) -> IntoKeys<K, V> {
        IntoKeys::new(self.into_iter())
    }

    /// The values, by value, consuming the map. Computes in O(1) time;
    /// iterating takes O(capacity).
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let map: GenMap<u32, u32> = (0..3).map(|k| (k, 2)).collect();
    /// assert_eq!(map.into_values().sum::<u32>(), 6);
    /// ```
    pub fn into_values(self) -> IntoValues<K, V> {
        IntoValues::new(self.into_iter())
    }
}

impl<K, V, S> GenMap<K, V, S>
where
    K: Hash + Eq,
    S: BuildHasher,
{
    /// The per-write housekeeping: a migration batch and a slice of chores.
    #[inline]
    fn write_step(&mut self) {
        let hasher = &self.hasher;
        self.generations.step(|k: &K| hasher.hash_one(k));
    }

    /// Inserts `value` under `key`, returning the value it replaces. An
    /// overwrite keeps the stored key and replaces only the value, as std's
    /// map does, whichever generation holds it.
    ///
    /// Amortized O(1), and O(1) in the worst case too: the insert moves a
    /// bounded batch of the previous generation first, and when the current
    /// generation is full it starts a new one twice its size instead of
    /// rehashing (allocating it is the only step proportional to its size,
    /// and that is done ahead, a few pages per write).
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if the map cannot grow.
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map = GenMap::new();
    /// assert_eq!(map.insert(1, "a"), None);
    /// assert_eq!(map.insert(1, "b"), Some("a"));
    /// ```
    // `always` on the hot calls (get, get_mut, insert, remove,
    // remove_entry): their slow paths are out-of-line calls, so what
    // inlines is the fast path, as with hashbrown's own. Left to
    // `#[inline]`, LLVM kept some out of a caller's loop, and the call and
    // its register saves cost 10-35 instructions an operation.
    #[inline(always)]
    #[track_caller]
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.write_step();
        let hash = self.hasher.hash_one(&key);
        // Room first, so that the probe below finds an insert slot without
        // hashbrown growing `current` itself: one probe, as hashbrown's own
        // insert. A full table rotates one insert early if the key turns
        // out to be present, which is harmless.
        self.make_room();
        let hasher = &self.hasher;
        let g = &mut self.generations;
        let vacant = match g
            .current
            .entry(hash, |(k, _)| *k == key, |(k, _)| hasher.hash_one(k))
        {
            hash_table::Entry::Occupied(mut found) => {
                return Some(mem::replace(&mut found.get_mut().1, value));
            }
            hash_table::Entry::Vacant(vacant) => vacant,
        };
        if !g.previous.is_empty()
            && let Some((_, old)) = g.previous.find_mut(hash, |(k, _)| *k == key)
        {
            // Replaced where it is: the stored key stays, and nothing is
            // ever added to `previous`.
            return Some(mem::replace(old, value));
        }
        vacant.insert((key, value));
        g.after_insert();
        None
    }

    /// Starts a new generation if `current` has no room for one more
    /// entry. Room is made before anything moves: a rotation hashes keys,
    /// and a panicking `Hash` must not strike while an entry is in flight.
    #[inline]
    #[track_caller]
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
    /// insert if the key is absent, whether or not one follows. O(1) in the
    /// worst case, like [`insert`](Self::insert).
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if the key is absent and the map
    /// cannot grow.
    ///
    /// # Examples
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
    #[track_caller]
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V, S> {
        self.write_step();
        let hash = self.hasher.hash_one(&key);
        let eq = |(k, _): &(K, V)| *k == key;
        let g = &self.generations;
        if let Some(index) = g.current.find_bucket_index(hash, eq) {
            return Entry::Occupied(OccupiedEntry::new(self, Generation::Current, index));
        }
        if g.migrating()
            && let Some(index) = g.previous.find_bucket_index(hash, eq)
        {
            return Entry::Occupied(OccupiedEntry::new(self, Generation::Previous, index));
        }
        self.make_room();
        Entry::Vacant(VacantEntry::new(self, hash, key))
    }

    /// After a removal: retire an emptied previous generation, prepare or
    /// start a shrink.
    pub(crate) fn after_remove(&mut self) {
        let hasher = &self.hasher;
        self.generations.after_remove(&|k: &K| hasher.hash_one(k));
    }

    /// A reference to the value under `key`. Reads never migrate. Computes
    /// in O(1) time: during a migration it probes both generations, the
    /// likelier first.
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map = GenMap::new();
    /// map.insert(String::from("k"), 1);
    /// assert_eq!(map.get("k"), Some(&1));
    /// ```
    #[inline(always)]
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        self.get_key_value(key).map(|(_, v)| v)
    }

    /// The stored key and value under `key`. Computes in O(1) time.
    ///
    /// # Examples
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
        Q: ?Sized + Hash + Equivalent<K>,
    {
        let g = &self.generations;
        if g.migrating() {
            return self.get_key_value_migrating(key);
        }
        if g.current.is_empty() {
            return None;
        }
        let hash = self.hasher.hash_one(key);
        g.current
            .find(hash, |(k, _)| key.equivalent(k))
            .map(|(k, v)| (k, v))
    }

    /// [`get_key_value`](Self::get_key_value) during a migration, out of
    /// line so that the common lookup stays small enough to inline.
    #[inline(never)]
    fn get_key_value_migrating<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        let hash = self.hasher.hash_one(key);
        let g = &self.generations;
        let eq = |(k, _): &(K, V)| key.equivalent(k);
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
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map = GenMap::new();
    /// map.insert(1, 1);
    /// *map.get_mut(&1).unwrap() += 1;
    /// assert_eq!(map[&1], 2);
    /// ```
    #[inline(always)]
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        if self.is_empty() {
            return None;
        }
        let hash = self.hasher.hash_one(key);
        let g = &mut self.generations;
        let eq = |(k, _): &(K, V)| key.equivalent(k);
        if let Some((_, v)) = g.current.find_mut(hash, eq) {
            return Some(v);
        }
        g.previous.find_mut(hash, eq).map(|(_, v)| v)
    }

    /// Mutable references to the values of `N` keys at once; `None` for a
    /// key that is absent. Does not migrate. Computes in O(N²) time for
    /// the overlap check, O(N) probes.
    ///
    /// # Panics
    ///
    /// Panics with "duplicate keys found" if two of the keys are the same
    /// present key, as std's `HashMap::get_disjoint_mut` does.
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<&str, u32> = [("a", 1), ("b", 2)].into();
    /// let [a, b, c] = map.get_disjoint_mut(["a", "b", "c"]);
    /// std::mem::swap(a.unwrap(), b.unwrap());
    /// assert_eq!(c, None);
    /// assert_eq!((map["a"], map["b"]), (2, 1));
    /// ```
    #[track_caller]
    pub fn get_disjoint_mut<Q, const N: usize>(&mut self, keys: [&Q; N]) -> [Option<&mut V>; N]
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        let hashes = keys.map(|key| self.hasher.hash_one(key));
        let g = &mut self.generations;
        // A key lives in one generation only, so two equal keys are found
        // in the same table, whose own check panics.
        let current = g
            .current
            .get_disjoint_mut(hashes, |i, (k, _)| keys[i].equivalent(k));
        let previous = g
            .previous
            .get_disjoint_mut(hashes, |i, (k, _)| keys[i].equivalent(k));
        let mut both = current.into_iter().zip(previous);
        core::array::from_fn(|_| {
            let (current, previous) = both.next().expect("N results from each table");
            current.or(previous).map(|(_, v)| v)
        })
    }

    /// Whether the map holds `key`. Computes in O(1) time.
    ///
    /// # Examples
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
        Q: ?Sized + Hash + Equivalent<K>,
    {
        self.get_key_value(key).is_some()
    }

    /// Removes `key`, returning its value. O(1) in the worst case, like
    /// [`remove_entry`](Self::remove_entry).
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map = GenMap::new();
    /// map.insert(1, "a");
    /// assert_eq!(map.remove(&1), Some("a"));
    /// assert_eq!(map.remove(&1), None);
    /// ```
    #[inline(always)]
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        self.remove_entry(key).map(|(_, v)| v)
    }

    /// Removes `key`, returning the stored key and value.
    ///
    /// O(1) in the worst case: most removals only probe one table; one
    /// during a migration first moves a bounded batch of the previous
    /// generation, and the removal that brings the map down to its
    /// [`ShrinkPolicy`]'s low-water mark starts a smaller generation
    /// (allocated ahead of need) rather than rehashing. A large table
    /// emptied that way releases its pages a slice per later write.
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map = GenMap::new();
    /// map.insert(String::from("k"), 1);
    /// assert_eq!(map.remove_entry("k"), Some((String::from("k"), 1)));
    /// ```
    #[inline(always)]
    pub fn remove_entry<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        let eq = |(k, _): &(K, V)| key.equivalent(k);
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
        Q: ?Sized + Hash + Equivalent<K>,
    {
        let eq = |(k, _): &(K, V)| key.equivalent(k);
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

    /// Keeps only the entries for which `keep` returns `true`.
    ///
    /// Computes in O(capacity) time. It visits every entry anyway, so it
    /// also completes any migration, applies the shrink policy at once, and
    /// frees every table the map no longer needs before it returns: a map
    /// emptied by `retain` holds no memory.
    ///
    /// If `keep` panics, the entries it has not visited are kept, and the
    /// map stays valid.
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<u32, u32> = (0..1_000).map(|k| (k, k)).collect();
    /// map.retain(|&k, _| k < 10);
    /// assert_eq!(map.len(), 10);
    /// assert!(!map.is_migrating());
    /// map.retain(|_, _| false);
    /// assert_eq!(map.heap_bytes(), 0);
    /// ```
    pub fn retain<F: FnMut(&K, &mut V) -> bool>(&mut self, mut keep: F) {
        /// Restores the invariants `keep` may have left broken if it
        /// panicked: an emptied `previous` is retired. Calls no user code.
        struct Guard<'a, K, V>(&'a mut Generations<K, V>);
        impl<K, V> Drop for Guard<'_, K, V> {
            fn drop(&mut self) {
                self.0.after_panic();
            }
        }
        let guard = Guard(&mut self.generations);
        guard.0.current.retain(|(k, v)| keep(k, v));
        guard.0.previous.retain(|(k, v)| keep(k, v));
        mem::forget(guard);
        let hasher = &self.hasher;
        self.generations.settle_now(&|k: &K| hasher.hash_one(k));
    }

    /// An iterator that removes and yields every entry for which `pred`
    /// returns `true`, with std's (Rust 1.88) semantics: entries it does
    /// not reach, because it is dropped early, stay in the map, as do the
    /// rest if `pred` panics.
    ///
    /// Iterating it to the end takes O(capacity) time, and then, like
    /// [`retain`](Self::retain), completes any migration, applies the
    /// shrink policy and frees every table the map no longer needs. Dropped
    /// early, it applies the shrink policy a batch per write, as removals
    /// do.
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<u32, u32> = (0..8).map(|k| (k, k)).collect();
    /// let mut evens: Vec<u32> = map.extract_if(|k, _| k % 2 == 0).map(|(k, _)| k).collect();
    /// evens.sort();
    /// assert_eq!(evens, [0, 2, 4, 6]);
    /// assert_eq!(map.len(), 4);
    /// ```
    pub fn extract_if<F>(&mut self, pred: F) -> ExtractIf<'_, K, V, F, S>
    where
        F: FnMut(&K, &mut V) -> bool,
    {
        ExtractIf::new(self, pred)
    }

    /// Makes room for `additional` more entries without a rotation.
    ///
    /// Computes in O(1) time if the current generation already has room.
    /// Otherwise it starts a generation that holds the live entries plus
    /// `additional` and migrates into it as writes go on; if a migration is
    /// under way it is finished first, in O(n): reserve ahead of a burst,
    /// not in the middle of one.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if no table holds that many.
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<u64, u64> = GenMap::new();
    /// map.reserve(1_000);
    /// assert!(map.capacity() >= 1_000);
    /// ```
    #[track_caller]
    pub fn reserve(&mut self, additional: usize) {
        if let Err(error) = self.try_reserve(additional) {
            map_api::__private::reserve_failed(error);
        }
    }

    /// Like [`reserve`](Self::reserve), but reports failure instead of
    /// panicking; the map keeps every entry then. Same cost as `reserve`.
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::{GenMap, TryReserveError};
    ///
    /// let mut map: GenMap<u64, u64> = GenMap::new();
    /// assert!(map.try_reserve(10).is_ok());
    /// assert_eq!(map.try_reserve(usize::MAX), Err(TryReserveError::CapacityOverflow));
    /// ```
    pub fn try_reserve(&mut self, additional: usize) -> Result<(), TryReserveError> {
        let len = self.len();
        let needed = len
            .checked_add(additional)
            .ok_or(TryReserveError::CapacityOverflow)?;
        // Entries still in `previous` will land in `current` too.
        if self.generations.current.capacity() >= needed {
            return Ok(());
        }
        let hasher = &self.hasher;
        self.generations
            .try_rotate(needed, &|k: &K| hasher.hash_one(k))?;
        if len > 0 {
            self.generations.counters.manual_rotations += 1;
        }
        Ok(())
    }

    /// Shrinks the map to hold its entries and no more, at once, and frees
    /// every table it does not need: completes any migration, and moves the
    /// entries into a right-sized table if the current one is larger.
    /// Computes in O(n) time; use [`rotate`](Self::rotate) for the same
    /// without the pause.
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::{GenMap, ShrinkPolicy};
    ///
    /// let mut map: GenMap<u64, u64> = GenMap::with_policy(ShrinkPolicy::never());
    /// map.extend((0..1_000).map(|k| (k, k)));
    /// map.retain(|&k, _| k < 10);
    /// map.shrink_to_fit();
    /// assert!(map.capacity() >= 10 && map.capacity() < 100);
    /// ```
    pub fn shrink_to_fit(&mut self) {
        self.shrink_to(0);
    }

    /// Like [`shrink_to_fit`](Self::shrink_to_fit), keeping room for at
    /// least `min_capacity` entries. Computes in O(n) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::{GenMap, ShrinkPolicy};
    ///
    /// let mut map: GenMap<u64, u64> = GenMap::with_policy(ShrinkPolicy::never());
    /// map.extend((0..1_000).map(|k| (k, k)));
    /// map.retain(|&k, _| k < 10);
    /// map.shrink_to(100);
    /// assert!(map.capacity() >= 100 && map.capacity() < 500);
    /// ```
    pub fn shrink_to(&mut self, min_capacity: usize) {
        let hasher = &self.hasher;
        self.generations
            .shrink_to(min_capacity, &|k: &K| hasher.hash_one(k));
    }

    /// Starts a new generation sized for the live entries now, and
    /// migrates into it as writes go on: the "copy to a fresh map from time
    /// to time" remedy, without the pause.
    ///
    /// O(1), plus what allocating the new table costs, unless a migration
    /// is under way: that one is finished first, in O(n).
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if no table holds twice the entries.
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::GenMap;
    ///
    /// let mut map: GenMap<u32, u32> = (0..1_000).map(|k| (k, k)).collect();
    /// map.rotate();
    /// assert_eq!(map.len(), 1_000);
    /// assert_eq!(map[&500], 500);
    /// ```
    #[track_caller]
    pub fn rotate(&mut self) {
        let hasher = &self.hasher;
        let g = &mut self.generations;
        g.rotate(g.len().saturating_mul(2), &|k: &K| hasher.hash_one(k));
        g.counters.manual_rotations += 1;
    }

    /// Does the work of about `buckets / 32` writes, without writing:
    /// migrates up to `buckets` buckets of the previous generation, then
    /// faults in and releases pages as that many writes would. Reads never
    /// migrate, so a read-mostly map can call this from time to time to
    /// retire its old generation, and a map emptied by removals can call it
    /// once with a large budget (`usize::MAX`) to give back at once the
    /// pages it would otherwise release over its next
    /// [`Stats::settle_writes`](crate::Stats::settle_writes) writes.
    /// Computes in O(buckets) time.
    ///
    /// # Examples
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
        let g = &mut self.generations;
        g.migrate(buckets, |k: &K| hasher.hash_one(k));
        g.chores((buckets / MIGRATE_BUCKETS).max(1));
        g.settle();
    }

    /// Completes any migration now, and frees at once every table the map
    /// no longer needs. Computes in O(n) time.
    ///
    /// # Examples
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
        let g = &mut self.generations;
        g.finish_migration(&|k: &K| hasher.hash_one(k));
        g.free_blocks();
        g.settle();
    }

    /// Replaces the shrink policy. If the map is already at or below the
    /// new low-water mark, it starts a smaller generation now and migrates
    /// into it as writes go on. O(1), plus what allocating that table
    /// costs.
    ///
    /// # Panics
    ///
    /// Panics with the reason if [`ShrinkPolicy::validate`] rejects
    /// `policy`.
    ///
    /// # Examples
    ///
    /// ```
    /// use gen_map::{GenMap, ShrinkPolicy};
    ///
    /// let mut map: GenMap<u64, u64> = GenMap::with_policy(ShrinkPolicy::never());
    /// map.extend((0..1000).map(|k| (k, k)));
    /// let full = map.heap_bytes();
    /// map.retain(|&k, _| k < 10);
    /// assert_eq!(map.heap_bytes(), full);
    /// map.set_policy(ShrinkPolicy::DEFAULT);
    /// map.finish_migration();
    /// assert!(map.heap_bytes() < full / 10);
    /// ```
    #[track_caller]
    pub fn set_policy(&mut self, policy: ShrinkPolicy) {
        if let Err(error) = policy.validate() {
            panic!("{error}");
        }
        let hasher = &self.hasher;
        let g = &mut self.generations;
        g.policy = policy;
        g.set_watermarks();
        g.maybe_shrink(&|k: &K| hasher.hash_one(k));
        g.settle();
    }
}

impl<K, V, S: Default> Default for GenMap<K, V, S> {
    /// An empty map with the default hasher and policy. Computes in O(1)
    /// time.
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
