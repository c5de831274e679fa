//! [`ShrinkMap`]: a hashbrown table, its hasher, and the shrink governor.

use core::hash::{BuildHasher, Hash};
use core::mem;

use hashbrown::{HashTable, hash_table};
use map_api::{Equivalent, TryReserveError};

use crate::entry::{Entry, OccupiedEntry, VacantEntry};
use crate::governor::{Governor, Stats};
use crate::iter::{
    Drain, ExtractIf, IntoIter, IntoKeys, IntoValues, Iter, IterMut, Keys, Values, ValuesMut,
};
use crate::policy::ShrinkPolicy;

/// A hash map that gives memory back by itself.
///
/// `ShrinkMap` is a `hashbrown` table with an automatic shrink policy: when
/// a removal leaves the map at or below an eighth of its capacity, it
/// reallocates to a table about half full (see [`ShrinkPolicy`] for the
/// others). Lookups and inserts are hashbrown's own code; a removal adds
/// one comparison. Every operation is amortized O(1), but the shrink
/// itself is an O(n) rehash done inside the removal that triggers it.
///
/// ```
/// use shrink_map::ShrinkMap;
///
/// let mut map: ShrinkMap<u64, [u8; 128]> = ShrinkMap::new();
/// for k in 0..10_000 {
///     map.insert(k, [0; 128]);
/// }
/// let full = map.heap_bytes();
/// for k in 0..9_900 {
///     map.remove(&k);
/// }
/// // No call to shrink_to_fit: the map shrank on its own.
/// assert!(map.heap_bytes() < full / 16);
/// assert_eq!(map.len(), 100);
/// ```
///
/// A capacity asked for with [`with_capacity`](Self::with_capacity) or
/// [`reserve`](Self::reserve) is kept as a floor until
/// [`release_reserved`](Self::release_reserved),
/// [`shrink_to`](Self::shrink_to) or [`shrink_to_fit`](Self::shrink_to_fit).
/// Nothing else holds memory: a map that empties and refills over and over
/// gives its table back on every drain and grows it again on every refill,
/// which costs O(1) amortized per operation, as hashbrown's own growth does.
pub struct ShrinkMap<K, V, S = ahash::RandomState> {
    pub(crate) table: HashTable<(K, V)>,
    pub(crate) hasher: S,
    pub(crate) governor: Governor,
}

/// A table with room for `capacity` entries, or no allocation for 0.
#[track_caller]
pub(crate) fn table_with_capacity<T>(capacity: usize) -> HashTable<T> {
    let mut table = HashTable::new();
    // An empty table never calls the hasher.
    if let Err(error) = table.try_reserve(capacity, |_| 0) {
        map_api::__private::reserve_failed(error);
    }
    table
}

impl<K, V> ShrinkMap<K, V, ahash::RandomState> {
    /// An empty map with the default policy. It does not allocate.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let map: ShrinkMap<u64, u64> = ShrinkMap::new();
    /// assert_eq!(map.heap_bytes(), 0);
    /// ```
    pub fn new() -> Self {
        Self::with_hasher(ahash::RandomState::new())
    }

    /// An empty map with room for `capacity` entries, which it keeps as a
    /// floor: automatic shrinking never goes below it until
    /// [`release_reserved`](Self::release_reserved).
    ///
    /// Computes in O(capacity) time: hashbrown initialises the new table's
    /// control bytes.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if no table can hold `capacity`
    /// entries; calls [`std::alloc::handle_alloc_error`] if the allocator
    /// refuses the table.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<u64, u64> = ShrinkMap::with_capacity(1000);
    /// let reserved = map.heap_bytes();
    /// map.extend((0..1000).map(|k| (k, k)));
    /// map.retain(|_, _| false);
    /// assert_eq!(map.heap_bytes(), reserved);
    /// ```
    #[track_caller]
    pub fn with_capacity(capacity: usize) -> Self {
        Self::with_capacity_and_hasher(capacity, ahash::RandomState::new())
    }

    /// An empty map that shrinks by `policy`. It does not allocate.
    ///
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
    /// use shrink_map::{ShrinkMap, ShrinkPolicy};
    ///
    /// let policy = ShrinkPolicy { min_capacity: 100, ..ShrinkPolicy::DEFAULT };
    /// let mut map: ShrinkMap<u64, u64> = ShrinkMap::with_policy(policy);
    /// map.extend((0..1000).map(|k| (k, k)));
    /// map.retain(|_, _| false);
    /// assert!(map.capacity() >= 100);
    /// ```
    #[track_caller]
    pub fn with_policy(policy: ShrinkPolicy) -> Self {
        let mut map = Self::new();
        map.governor.set_policy(policy);
        map
    }
}

impl<K, V, S> ShrinkMap<K, V, S> {
    /// An empty map that hashes with `hasher`. It does not allocate.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    /// use std::hash::RandomState;
    ///
    /// let mut map = ShrinkMap::with_hasher(RandomState::new());
    /// map.insert("a", 1);
    /// assert_eq!(map["a"], 1);
    /// ```
    pub fn with_hasher(hasher: S) -> Self {
        let table = HashTable::new();
        // An unallocated table reports one bucket (hashbrown's empty
        // singleton).
        let governor = Governor::new(ShrinkPolicy::DEFAULT, 0, table.num_buckets());
        Self {
            table,
            hasher,
            governor,
        }
    }

    /// An empty map with room for `capacity` entries, kept as a floor, that
    /// hashes with `hasher`.
    ///
    /// Computes in O(capacity) time.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if no table can hold `capacity`
    /// entries; calls [`std::alloc::handle_alloc_error`] if the allocator
    /// refuses the table.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let map: ShrinkMap<u8, u8> = ShrinkMap::with_capacity_and_hasher(10, ahash::RandomState::new());
    /// assert!(map.capacity() >= 10);
    /// ```
    #[track_caller]
    pub fn with_capacity_and_hasher(capacity: usize, hasher: S) -> Self {
        let table = table_with_capacity(capacity);
        let governor = Governor::new(ShrinkPolicy::DEFAULT, capacity, table.num_buckets());
        Self {
            table,
            hasher,
            governor,
        }
    }

    /// The number of entries.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let map: ShrinkMap<u32, u32> = (0..3).map(|k| (k, k)).collect();
    /// assert_eq!(map.len(), 3);
    /// ```
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether the map holds no entries.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let map: ShrinkMap<u32, u32> = ShrinkMap::new();
    /// assert!(map.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// How many entries the map holds before it next grows.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let map: ShrinkMap<u32, u32> = ShrinkMap::with_capacity(100);
    /// assert!(map.capacity() >= 100);
    /// ```
    pub fn capacity(&self) -> usize {
        self.table.capacity()
    }

    /// The bytes the map's table holds on the heap (not counting heap
    /// memory the keys and values own).
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<u64, u64> = ShrinkMap::new();
    /// map.insert(1, 1);
    /// assert!(map.heap_bytes() >= 16);
    /// map.remove(&1);
    /// assert_eq!(map.heap_bytes(), 0);
    /// ```
    pub fn heap_bytes(&self) -> usize {
        self.table.allocation_size()
    }

    /// The map's hasher.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    /// use std::hash::RandomState;
    ///
    /// let map: ShrinkMap<u32, u32, RandomState> = ShrinkMap::with_hasher(RandomState::new());
    /// let _hasher: &RandomState = map.hasher();
    /// ```
    pub fn hasher(&self) -> &S {
        &self.hasher
    }

    /// The map's shrink policy.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::{ShrinkMap, ShrinkPolicy};
    ///
    /// let map: ShrinkMap<u8, u8> = ShrinkMap::new();
    /// assert_eq!(map.policy(), ShrinkPolicy::DEFAULT);
    /// ```
    pub fn policy(&self) -> ShrinkPolicy {
        self.governor.policy()
    }

    /// The capacity automatic shrinking keeps right now: the larger of the
    /// policy's `min_capacity` and the capacity reserved by the user.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<u64, u64> = ShrinkMap::new();
    /// map.reserve(500);
    /// assert_eq!(map.floor_capacity(), 500);
    /// map.release_reserved();
    /// assert_eq!(map.floor_capacity(), 0);
    /// ```
    pub fn floor_capacity(&self) -> usize {
        self.governor.floor()
    }

    /// Reallocation counters: grows and shrinks, separately.
    ///
    /// Computes in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<u64, u64> = ShrinkMap::new();
    /// map.insert(1, 1);
    /// assert_eq!(map.stats().grows, 1);
    /// map.remove(&1);
    /// assert_eq!(map.stats().shrinks, 1);
    /// ```
    pub fn stats(&self) -> Stats {
        self.governor.stats()
    }

    /// An iterator over the entries, in arbitrary order.
    ///
    /// Creating it computes in O(1) time; running it to the end visits
    /// every bucket, O(capacity).
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let map: ShrinkMap<u32, u32> = (0..3).map(|k| (k, k * 10)).collect();
    /// let mut entries: Vec<_> = map.iter().collect();
    /// entries.sort();
    /// assert_eq!(entries, [(&0, &0), (&1, &10), (&2, &20)]);
    /// ```
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter::new(self.table.iter())
    }

    /// An iterator over the entries with mutable values, in arbitrary
    /// order.
    ///
    /// Creating it computes in O(1) time; running it to the end,
    /// O(capacity).
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<u32, u32> = (0..3).map(|k| (k, k)).collect();
    /// for (_, v) in map.iter_mut() {
    ///     *v += 1;
    /// }
    /// assert_eq!(map[&2], 3);
    /// ```
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        IterMut::new(self.table.iter_mut())
    }

    /// An iterator over the keys, in arbitrary order.
    ///
    /// Creating it computes in O(1) time; running it to the end,
    /// O(capacity).
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let map: ShrinkMap<u32, u32> = (0..3).map(|k| (k, k)).collect();
    /// assert_eq!(map.keys().sum::<u32>(), 3);
    /// ```
    pub fn keys(&self) -> Keys<'_, K, V> {
        Keys::new(self.iter())
    }

    /// An iterator over the values, in arbitrary order.
    ///
    /// Creating it computes in O(1) time; running it to the end,
    /// O(capacity).
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let map: ShrinkMap<u32, u32> = (0..3).map(|k| (k, k * 2)).collect();
    /// assert_eq!(map.values().sum::<u32>(), 6);
    /// ```
    pub fn values(&self) -> Values<'_, K, V> {
        Values::new(self.iter())
    }

    /// An iterator over mutable values, in arbitrary order.
    ///
    /// Creating it computes in O(1) time; running it to the end,
    /// O(capacity).
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<u32, u32> = (0..3).map(|k| (k, k)).collect();
    /// map.values_mut().for_each(|v| *v = 7);
    /// assert!(map.values().all(|&v| v == 7));
    /// ```
    pub fn values_mut(&mut self) -> ValuesMut<'_, K, V> {
        ValuesMut::new(self.iter_mut())
    }

    /// The keys, by value, in arbitrary order; the map is consumed and its
    /// table freed when the iterator is dropped.
    ///
    /// Creating it computes in O(1) time; running it to the end,
    /// O(capacity).
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let map: ShrinkMap<u32, u32> = (0..3).map(|k| (k, k)).collect();
    /// let mut keys: Vec<u32> = map.into_keys().collect();
    /// keys.sort();
    /// assert_eq!(keys, [0, 1, 2]);
    /// ```
    pub fn into_keys(self) -> IntoKeys<K, V> {
        IntoKeys::new(IntoIter::new(self.table.into_iter()))
    }

    /// The values, by value, in arbitrary order; the map is consumed.
    ///
    /// Creating it computes in O(1) time; running it to the end,
    /// O(capacity).
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let map: ShrinkMap<u32, u32> = (0..3).map(|k| (k, k * 10)).collect();
    /// assert_eq!(map.into_values().sum::<u32>(), 30);
    /// ```
    pub fn into_values(self) -> IntoValues<K, V> {
        IntoValues::new(IntoIter::new(self.table.into_iter()))
    }

    /// Removes every entry and, unless the policy is
    /// [`never`](ShrinkPolicy::never), gives the table back down to
    /// [`floor_capacity`](Self::floor_capacity), which is where removing
    /// the entries one by one would end. With no floor the map holds no
    /// memory afterwards.
    ///
    /// Computes in O(capacity) time: it drops every entry (and, when the
    /// table is kept, resets its control bytes).
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<u64, u64> = (0..1000).map(|k| (k, k)).collect();
    /// map.clear();
    /// assert!(map.is_empty());
    /// assert_eq!(map.heap_bytes(), 0);
    ///
    /// let mut reserved: ShrinkMap<u64, u64> = ShrinkMap::with_capacity(1000);
    /// reserved.extend((0..1000).map(|k| (k, k)));
    /// reserved.clear();
    /// assert!(reserved.capacity() >= 1000);
    /// ```
    pub fn clear(&mut self) {
        match self.governor.capacity_after_emptying(&self.table) {
            Some(capacity) => {
                let before = self.table.num_buckets();
                // The new table (none without a floor, else a smaller one) is
                // in place and accounted for before the old entries are
                // dropped, so that a panicking drop leaves the map
                // consistent.
                let old = mem::replace(&mut self.table, table_with_capacity(capacity));
                self.governor.note_resize(before, self.table.num_buckets());
                drop(old);
            }
            None => self.table.clear(),
        }
    }

    /// Removes every entry, yielding them in arbitrary order. The table is
    /// given back as [`clear`](Self::clear) does: the map has its new table
    /// at once, and the old one is freed when the returned iterator is
    /// dropped, whether or not it ran to the end (entries not yet yielded
    /// are dropped with it).
    ///
    /// Creating it computes in O(1) time (O(floor) with a floor to
    /// allocate); running or dropping it, O(capacity).
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<u64, u64> = (0..1000).map(|k| (k, k)).collect();
    /// let sum: u64 = map.drain().map(|(k, _)| k).sum();
    /// assert_eq!(sum, 499_500);
    /// assert_eq!(map.heap_bytes(), 0);
    /// ```
    pub fn drain(&mut self) -> Drain<'_, K, V> {
        match self.governor.capacity_after_emptying(&self.table) {
            Some(capacity) => {
                let before = self.table.num_buckets();
                let old = mem::replace(&mut self.table, table_with_capacity(capacity));
                self.governor.note_resize(before, self.table.num_buckets());
                Drain::releasing(old.into_iter())
            }
            None => Drain::keeping(self.table.drain()),
        }
    }
}

impl<K, V, S> ShrinkMap<K, V, S>
where
    K: Eq + Hash,
    S: BuildHasher,
{
    #[inline]
    fn hash<Q: Hash + ?Sized>(&self, key: &Q) -> u64 {
        self.hasher.hash_one(key)
    }

    /// The value stored under `key`.
    ///
    /// Computes in O(1) time (average).
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map = ShrinkMap::new();
    /// map.insert(String::from("a"), 1);
    /// assert_eq!(map.get("a"), Some(&1));
    /// assert_eq!(map.get("b"), None);
    /// ```
    // `always` on the hot calls (get, get_mut, insert, remove,
    // remove_entry): their slow paths are out-of-line calls, so what
    // inlines is the fast path, as with hashbrown's own. Left to
    // `#[inline]`, LLVM kept some out of a caller's loop, and the call and
    // its register saves cost 10-35 instructions an operation.
    #[inline(always)]
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        let hash = self.hash(key);
        self.table
            .find(hash, |(k, _)| key.equivalent(k))
            .map(|(_, v)| v)
    }

    /// The stored key and value under `key`.
    ///
    /// Computes in O(1) time (average).
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map = ShrinkMap::new();
    /// map.insert(1, "a");
    /// assert_eq!(map.get_key_value(&1), Some((&1, &"a")));
    /// ```
    #[inline]
    pub fn get_key_value<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        let hash = self.hash(key);
        self.table
            .find(hash, |(k, _)| key.equivalent(k))
            .map(|(k, v)| (k, v))
    }

    /// A mutable reference to the value stored under `key`.
    ///
    /// Computes in O(1) time (average).
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map = ShrinkMap::new();
    /// map.insert(1, 10);
    /// *map.get_mut(&1).unwrap() += 1;
    /// assert_eq!(map[&1], 11);
    /// ```
    #[inline(always)]
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        let hash = self.hash(key);
        self.table
            .find_mut(hash, |(k, _)| key.equivalent(k))
            .map(|(_, v)| v)
    }

    /// Mutable references to the values of `N` keys at once, `None` for a
    /// key that is absent.
    ///
    /// Computes in O(N) time (average).
    ///
    /// # Panics
    ///
    /// Panics with "duplicate keys found" if two of the keys are equal and
    /// present, as std's `HashMap::get_disjoint_mut` does: the map cannot
    /// hand out two mutable references to one value.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<&str, u32> = [("a", 1), ("b", 2)].into();
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
        let hashes = keys.map(|key| self.hash(key));
        self.table
            .get_disjoint_mut(hashes, |i, (k, _)| keys[i].equivalent(k))
            .map(|entry| entry.map(|(_, v)| v))
    }

    /// Whether the map holds `key`.
    ///
    /// Computes in O(1) time (average).
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let map: ShrinkMap<u32, ()> = [(1, ())].into_iter().collect();
    /// assert!(map.contains_key(&1));
    /// assert!(!map.contains_key(&2));
    /// ```
    #[inline]
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        self.get(key).is_some()
    }

    /// Inserts `value` under `key`, returning the value it replaces. An
    /// overwrite keeps the key already stored and drops `key`, as std's
    /// map does.
    ///
    /// Computes in O(1) time (amortized average). The insert that finds
    /// the table full grows it, moving every entry: O(n).
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if the table cannot grow any more;
    /// calls [`std::alloc::handle_alloc_error`] if the allocator refuses
    /// the larger table.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map = ShrinkMap::new();
    /// assert_eq!(map.insert(1, "a"), None);
    /// assert_eq!(map.insert(1, "b"), Some("a"));
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let hash = self.hash(&key);
        self.make_room_for_one();
        let hasher = &self.hasher;
        match self
            .table
            .entry(hash, |(k, _)| *k == key, |(k, _)| hasher.hash_one(k))
        {
            hash_table::Entry::Occupied(mut entry) => {
                Some(mem::replace(&mut entry.get_mut().1, value))
            }
            hash_table::Entry::Vacant(entry) => {
                entry.insert((key, value));
                None
            }
        }
    }

    /// Removes `key`, returning its value, and shrinks the table if that
    /// leaves the map at its low-water mark.
    ///
    /// Computes in O(1) time (amortized average). The removal that reaches
    /// the low-water mark moves every remaining entry into a smaller
    /// table: O(n) (the default policy moves about 0.3 entries per removal
    /// over a whole drain; see [`ShrinkPolicy`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<u32, u32> = (0..100).map(|k| (k, k)).collect();
    /// assert_eq!(map.remove(&7), Some(7));
    /// assert_eq!(map.remove(&7), None);
    /// ```
    #[inline(always)]
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        self.remove_entry(key).map(|(_, v)| v)
    }

    /// Removes `key`, returning the stored key and value, and shrinks the
    /// table as [`remove`](Self::remove) does.
    ///
    /// Computes in O(1) time (amortized average); O(n) for the removal
    /// that shrinks the table.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map = ShrinkMap::new();
    /// map.insert(String::from("a"), 1);
    /// assert_eq!(map.remove_entry("a"), Some((String::from("a"), 1)));
    /// ```
    #[inline(always)]
    pub fn remove_entry<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        let hash = self.hash(key);
        match self.table.find_entry(hash, |(k, _)| key.equivalent(k)) {
            Ok(entry) => {
                let (removed, _) = entry.remove();
                if self.governor.at_low_water(&self.table) {
                    return Some(self.shrink_passing(removed));
                }
                Some(removed)
            }
            Err(_) => None,
        }
    }

    /// The cold half of a removal at the low-water mark: shrinks, and
    /// hands `removed` back.
    ///
    /// The removed entry goes through the call rather than waiting for it
    /// in the caller, and the call takes the map alone: so that the inlined
    /// `remove` keeps nothing alive across a call that almost never
    /// happens. Holding the entry across it took two callee-saved
    /// registers, and the caller's loop then spilled its own state to the
    /// stack; callgrind counted 7 instructions per churn op over
    /// hashbrown's with the entry held, about 6 with it passed.
    #[cold]
    #[inline(never)]
    fn shrink_passing<T>(&mut self, removed: T) -> T {
        self.governor
            .shrink_at_low_water(&mut self.table, &self.hasher);
        removed
    }

    /// The entry for `key`, for in-place manipulation. Removing through
    /// [`OccupiedEntry::remove`] applies the policy too. Like hashbrown's,
    /// it makes room for one insert up front; a vacant entry dropped unused
    /// leaves that room until the next shrink or `clear`.
    ///
    /// Computes in O(1) time (amortized average); O(n) when making room
    /// grows the table.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if the table cannot grow any more;
    /// calls [`std::alloc::handle_alloc_error`] if the allocator refuses
    /// the larger table.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut counts: ShrinkMap<char, u32> = ShrinkMap::new();
    /// for c in "hello".chars() {
    ///     *counts.entry(c).or_insert(0) += 1;
    /// }
    /// assert_eq!(counts[&'l'], 2);
    /// ```
    #[track_caller]
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V, S> {
        let hash = self.hash(&key);
        // Grow here, where the growth can be counted; `entry` below then
        // finds the room it needs and does not grow again.
        self.make_room_for_one();
        let hasher = &self.hasher;
        match self
            .table
            .entry(hash, |(k, _)| *k == key, |(k, _)| hasher.hash_one(k))
        {
            hash_table::Entry::Occupied(inner) => {
                Entry::Occupied(OccupiedEntry::new(inner, hasher, &mut self.governor))
            }
            hash_table::Entry::Vacant(inner) => {
                Entry::Vacant(VacantEntry::new(key, inner, hasher, &mut self.governor))
            }
        }
    }

    /// Keeps only the entries for which `keep` returns `true`, then applies
    /// the policy once: a map left at its low-water mark shrinks to the
    /// policy's target load.
    ///
    /// Computes in O(capacity) time: it visits every bucket, and a shrink
    /// moves the entries kept.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<u32, u32> = (0..10_000).map(|k| (k, k)).collect();
    /// let before = map.heap_bytes();
    /// map.retain(|&k, _| k < 100);
    /// assert_eq!(map.len(), 100);
    /// assert!(map.heap_bytes() < before / 16);
    /// ```
    pub fn retain<F>(&mut self, mut keep: F)
    where
        F: FnMut(&K, &mut V) -> bool,
    {
        let before = self.table.len();
        self.table.retain(|(k, v)| keep(k, v));
        if self.table.len() < before {
            self.governor.apply(&mut self.table, &self.hasher);
        }
    }

    /// An iterator that removes and yields, in arbitrary order, every entry
    /// for which `pred` returns `true`, with std's (Rust 1.88) semantics:
    /// `pred` sees each entry once and may change its value; an entry it
    /// refuses stays; dropping the iterator early leaves every entry it has
    /// not yielded in the map; and the map stays valid if `pred` panics.
    /// When the iterator is dropped, the policy is applied once, as after
    /// [`retain`](Self::retain) (not while unwinding from a panic).
    ///
    /// Running it to the end computes in O(capacity) time, plus the shrink
    /// it may end with, O(n).
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<u32, u32> = (0..10_000).map(|k| (k, k)).collect();
    /// let full = map.heap_bytes();
    /// let taken: Vec<(u32, u32)> = map.extract_if(|k, _| k % 100 != 0).collect();
    /// assert_eq!(taken.len(), 9_900);
    /// assert_eq!(map.len(), 100);
    /// assert!(map.heap_bytes() < full / 16);
    /// ```
    pub fn extract_if<F>(&mut self, pred: F) -> ExtractIf<'_, K, V, F, S>
    where
        F: FnMut(&K, &mut V) -> bool,
    {
        ExtractIf::new(&mut self.table, &self.hasher, &mut self.governor, pred)
    }

    /// Makes room for one more entry, so that hashbrown's own insert finds
    /// it and does not grow: every growth then passes through
    /// [`grow_for`](Self::grow_for), which counts it and panics at the
    /// caller's location.
    #[inline(always)]
    #[track_caller]
    fn make_room_for_one(&mut self) {
        // `capacity` is `len + growth_left`: equal when no slot is free.
        if self.table.len() == self.table.capacity() {
            self.grow_for(1);
        }
    }

    /// Makes room for `additional` more entries without the map keeping it
    /// as a floor: what `insert`, `entry` and `extend` use.
    #[cold]
    #[inline(never)]
    #[track_caller]
    pub(crate) fn grow_for(&mut self, additional: usize) {
        if let Err(error) = self.try_grow_for(additional) {
            map_api::__private::reserve_failed(error);
        }
    }

    fn try_grow_for(&mut self, additional: usize) -> Result<(), TryReserveError> {
        let before = self.table.num_buckets();
        let hasher = &self.hasher;
        let grown = self
            .table
            .try_reserve(additional, |(k, _)| hasher.hash_one(k));
        // hashbrown may also have rehashed in place (same bucket count), or
        // failed before touching the table.
        self.governor.note_resize(before, self.table.num_buckets());
        grown
    }

    /// Makes room for `additional` more entries, and keeps capacity for
    /// `len() + additional` entries as a floor that automatic shrinking
    /// respects until [`release_reserved`](Self::release_reserved) or an
    /// explicit shrink.
    ///
    /// Computes in O(1) time when the room is there; otherwise it grows
    /// the table, moving every entry: O(n).
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if no table can hold that many
    /// entries; calls [`std::alloc::handle_alloc_error`] if the allocator
    /// refuses the table.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<u64, u64> = ShrinkMap::new();
    /// map.reserve(1000);
    /// let reserved = map.heap_bytes();
    /// map.extend((0..1000).map(|k| (k, k)));
    /// map.retain(|_, _| false);
    /// assert_eq!(map.heap_bytes(), reserved);
    /// map.release_reserved();
    /// assert_eq!(map.heap_bytes(), 0);
    /// ```
    #[track_caller]
    pub fn reserve(&mut self, additional: usize) {
        if let Err(error) = self.try_reserve(additional) {
            map_api::__private::reserve_failed(error);
        }
    }

    /// Like [`reserve`](Self::reserve), but returns an error instead of
    /// panicking or aborting; the map is unchanged on error.
    ///
    /// Computes in O(1) time when the room is there, otherwise O(n).
    ///
    /// # Errors
    ///
    /// [`TryReserveError::CapacityOverflow`] if no table can hold that many
    /// entries, [`TryReserveError::AllocError`] if the allocator refuses
    /// the table.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<u64, u64> = ShrinkMap::new();
    /// assert!(map.try_reserve(usize::MAX).is_err());
    /// assert!(map.try_reserve(10).is_ok());
    /// assert_eq!(map.floor_capacity(), 10);
    /// ```
    pub fn try_reserve(&mut self, additional: usize) -> Result<(), TryReserveError> {
        self.try_grow_for(additional)?;
        if additional > 0 {
            self.governor
                .reserve(self.table.len().saturating_add(additional));
        }
        Ok(())
    }

    /// Shrinks the table as far as its entries allow, and releases any
    /// reserved floor. The policy's `min_capacity` does not apply to this
    /// explicit call.
    ///
    /// Computes in O(capacity) time when it reallocates: it moves every
    /// entry into the smaller table.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<u64, u64> = ShrinkMap::with_capacity(1000);
    /// map.insert(1, 1);
    /// map.shrink_to_fit();
    /// assert!(map.capacity() < 10);
    /// ```
    pub fn shrink_to_fit(&mut self) {
        self.shrink_to(0);
    }

    /// Shrinks the table to hold at least `min_capacity` entries (and all
    /// current entries), and releases any reserved floor. It never grows
    /// the table.
    ///
    /// Computes in O(capacity) time when it reallocates.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<u64, u64> = ShrinkMap::with_capacity(1000);
    /// map.shrink_to(100);
    /// assert!(map.capacity() >= 100 && map.capacity() < 1000);
    /// assert_eq!(map.floor_capacity(), 0);
    /// ```
    pub fn shrink_to(&mut self, min_capacity: usize) {
        self.governor.release();
        self.governor
            .shrink_to(&mut self.table, &self.hasher, min_capacity);
    }

    /// Releases the capacity reserved with `with_capacity` or `reserve`,
    /// then applies the policy at once.
    ///
    /// Computes in O(1) time, or O(n) if the map then shrinks.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<u64, u64> = ShrinkMap::with_capacity(1000);
    /// map.insert(1, 1);
    /// map.release_reserved();
    /// assert!(map.capacity() < 10);
    /// ```
    pub fn release_reserved(&mut self) {
        self.governor.release();
        self.governor.apply(&mut self.table, &self.hasher);
    }

    /// Replaces the shrink policy and applies it at once.
    ///
    /// Computes in O(1) time, or O(n) if the map then shrinks.
    ///
    /// # Panics
    ///
    /// Panics with the reason if [`ShrinkPolicy::validate`] rejects
    /// `policy`.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::{ShrinkMap, ShrinkPolicy};
    ///
    /// let mut map: ShrinkMap<u64, u64> = ShrinkMap::with_policy(ShrinkPolicy::never());
    /// map.extend((0..1000).map(|k| (k, k)));
    /// let full = map.heap_bytes();
    /// map.retain(|&k, _| k < 10);
    /// assert_eq!(map.heap_bytes(), full);
    /// map.set_policy(ShrinkPolicy::DEFAULT);
    /// assert!(map.heap_bytes() < full / 10);
    /// ```
    #[track_caller]
    pub fn set_policy(&mut self, policy: ShrinkPolicy) {
        self.governor.set_policy(policy);
        self.governor.apply(&mut self.table, &self.hasher);
    }
}
