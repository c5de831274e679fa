//! [`ShrinkMap`]: a hashbrown table, its hasher, and the shrink governor.

use core::hash::{BuildHasher, Hash};
use core::mem;

use hashbrown::{Equivalent, HashTable, TryReserveError, hash_table};

use crate::entry::{Entry, OccupiedEntry, VacantEntry};
use crate::governor::{Governor, Stats};
use crate::iter::{Drain, Iter, IterMut, Keys, Values, ValuesMut};
use crate::policy::ShrinkPolicy;

/// A hash map that gives memory back by itself.
///
/// `ShrinkMap` is a `hashbrown` table with an automatic shrink policy: when
/// a removal leaves the map at or below a quarter of its capacity, it
/// reallocates to a table about half full (see [`ShrinkPolicy`]). Lookups
/// and inserts are hashbrown's own code; a removal adds one
/// multiply-compare. Every operation is amortized O(1), but the shrink
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
/// A map that grows back to a size it gave back (delete everything, insert
/// everything again) learns that size as a floor too, so that the cycle
/// does not reallocate every time; see [`Stats::refills_learned`].
pub struct ShrinkMap<K, V, S = ahash::RandomState> {
    pub(crate) table: HashTable<(K, V)>,
    pub(crate) hasher: S,
    pub(crate) governor: Governor,
}

/// Panics as `Vec` does: "capacity overflow" for an impossible size, the
/// allocation-error handler when the allocator refuses.
#[cold]
pub(crate) fn capacity_failure(error: TryReserveError) -> ! {
    match error {
        TryReserveError::CapacityOverflow => panic!("capacity overflow"),
        TryReserveError::AllocError { layout } => std::alloc::handle_alloc_error(layout),
    }
}

/// A table with room for `capacity` entries, or no allocation for 0.
pub(crate) fn table_with_capacity<T>(capacity: usize) -> HashTable<T> {
    let mut table = HashTable::new();
    // An empty table never calls the hasher.
    if let Err(error) = table.try_reserve(capacity, |_| 0) {
        capacity_failure(error);
    }
    table
}

impl<K, V> ShrinkMap<K, V, ahash::RandomState> {
    /// An empty map with the default policy. It does not allocate.
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
    /// # Panics
    ///
    /// Panics with "capacity overflow" if no table can hold `capacity`
    /// entries.
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
    pub fn with_capacity(capacity: usize) -> Self {
        Self::with_capacity_and_hasher(capacity, ahash::RandomState::new())
    }

    /// An empty map that shrinks by `policy`.
    ///
    /// # Panics
    ///
    /// Panics with the reason if [`ShrinkPolicy::validate`] rejects
    /// `policy`.
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
    pub fn with_policy(policy: ShrinkPolicy) -> Self {
        let mut map = Self::new();
        map.governor.set_policy(policy);
        map
    }
}

impl<K, V, S> ShrinkMap<K, V, S> {
    /// An empty map that hashes with `hasher`. It does not allocate.
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
    /// # Panics
    ///
    /// Panics with "capacity overflow" if no table can hold `capacity`
    /// entries.
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let map: ShrinkMap<u8, u8> = ShrinkMap::with_capacity_and_hasher(10, ahash::RandomState::new());
    /// assert!(map.capacity() >= 10);
    /// ```
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
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let map: ShrinkMap<u32, u32> = ShrinkMap::with_capacity(100);
    /// assert!(map.capacity() >= 100);
    /// ```
    pub fn capacity(&self) -> usize {
        self.table.capacity()
    }

    /// The bytes the map's table holds on the heap.
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
    /// ```
    /// use shrink_map::{ShrinkMap, ShrinkPolicy};
    ///
    /// let map: ShrinkMap<u8, u8> = ShrinkMap::new();
    /// assert_eq!(map.policy(), ShrinkPolicy::DEFAULT);
    /// ```
    pub fn policy(&self) -> ShrinkPolicy {
        self.governor.policy()
    }

    /// The capacity automatic shrinking keeps right now: the largest of the
    /// policy's `min_capacity`, the capacity reserved by the user, and a
    /// capacity learned from a clear-and-refill cycle.
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

    /// An iterator over the entries with mutable values.
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

    /// An iterator over the keys.
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

    /// An iterator over the values.
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

    /// An iterator over mutable values.
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

    /// Removes every entry and, unless the policy is
    /// [`never`](ShrinkPolicy::never), gives the table back down to
    /// [`floor_capacity`](Self::floor_capacity), which is what removing the
    /// entries one by one would have done. With no floor the map holds no
    /// memory afterwards.
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

    /// Removes every entry, yielding them. The table is given back as
    /// [`clear`](Self::clear) does: the old table is freed when the
    /// returned iterator is dropped, whether or not it ran to the end.
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
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map = ShrinkMap::new();
    /// map.insert(String::from("a"), 1);
    /// assert_eq!(map.get("a"), Some(&1));
    /// assert_eq!(map.get("b"), None);
    /// ```
    #[inline]
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        Q: Hash + Equivalent<K> + ?Sized,
    {
        let hash = self.hash(key);
        self.table
            .find(hash, |(k, _)| key.equivalent(k))
            .map(|(_, v)| v)
    }

    /// The stored key and value under `key`.
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
        Q: Hash + Equivalent<K> + ?Sized,
    {
        let hash = self.hash(key);
        self.table
            .find(hash, |(k, _)| key.equivalent(k))
            .map(|(k, v)| (k, v))
    }

    /// A mutable reference to the value stored under `key`.
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map = ShrinkMap::new();
    /// map.insert(1, 10);
    /// *map.get_mut(&1).unwrap() += 1;
    /// assert_eq!(map[&1], 11);
    /// ```
    #[inline]
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        Q: Hash + Equivalent<K> + ?Sized,
    {
        let hash = self.hash(key);
        self.table
            .find_mut(hash, |(k, _)| key.equivalent(k))
            .map(|(_, v)| v)
    }

    /// Whether the map holds `key`.
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
        Q: Hash + Equivalent<K> + ?Sized,
    {
        self.get(key).is_some()
    }

    /// Inserts `value` under `key`, returning the value it replaces. The
    /// key already stored is kept.
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map = ShrinkMap::new();
    /// assert_eq!(map.insert(1, "a"), None);
    /// assert_eq!(map.insert(1, "b"), Some("a"));
    /// ```
    #[inline]
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let hash = self.hash(&key);
        let buckets = self.table.num_buckets();
        let hasher = &self.hasher;
        let old = match self
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
        };
        self.governor.after_insert(&self.table, buckets);
        old
    }

    /// Removes `key`, returning its value, and shrinks the table if that
    /// leaves it at the low-water mark.
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map: ShrinkMap<u32, u32> = (0..100).map(|k| (k, k)).collect();
    /// assert_eq!(map.remove(&7), Some(7));
    /// assert_eq!(map.remove(&7), None);
    /// ```
    #[inline]
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        Q: Hash + Equivalent<K> + ?Sized,
    {
        self.remove_entry(key).map(|(_, v)| v)
    }

    /// Removes `key`, returning the stored key and value.
    ///
    /// ```
    /// use shrink_map::ShrinkMap;
    ///
    /// let mut map = ShrinkMap::new();
    /// map.insert(String::from("a"), 1);
    /// assert_eq!(map.remove_entry("a"), Some((String::from("a"), 1)));
    /// ```
    #[inline]
    pub fn remove_entry<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        Q: Hash + Equivalent<K> + ?Sized,
    {
        let hash = self.hash(key);
        match self.table.find_entry(hash, |(k, _)| key.equivalent(k)) {
            Ok(entry) => {
                let (removed, _) = entry.remove();
                self.governor.after_remove(&mut self.table, &self.hasher);
                Some(removed)
            }
            Err(_) => None,
        }
    }

    /// The entry for `key`, for in-place manipulation. Removing through
    /// [`OccupiedEntry::remove`] applies the policy too. Like hashbrown's,
    /// it makes room for one insert up front; a vacant entry dropped unused
    /// leaves that room until the next shrink or `clear`.
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
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V, S> {
        let hash = self.hash(&key);
        // Grow here, where the growth can be counted; `entry` below then
        // finds the room it needs and does not grow again.
        self.grow_for(1);
        let hasher = &self.hasher;
        let len_if_inserted = self.table.len() + 1;
        match self
            .table
            .entry(hash, |(k, _)| *k == key, |(k, _)| hasher.hash_one(k))
        {
            hash_table::Entry::Occupied(inner) => {
                Entry::Occupied(OccupiedEntry::new(inner, hasher, &mut self.governor))
            }
            hash_table::Entry::Vacant(inner) => Entry::Vacant(VacantEntry::new(
                key,
                inner,
                &mut self.governor,
                len_if_inserted,
            )),
        }
    }

    /// Keeps only the entries for which `keep` returns `true`, then applies
    /// the policy once.
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
        let removed = before - self.table.len();
        if removed > 0 {
            self.governor.apply(&mut self.table, &self.hasher, removed);
        }
    }

    /// Makes room for `additional` more entries without the map keeping it
    /// as a floor: what `extend` uses.
    pub(crate) fn grow_for(&mut self, additional: usize) {
        let before = self.table.num_buckets();
        let hasher = &self.hasher;
        if let Err(error) = self
            .table
            .try_reserve(additional, |(k, _)| hasher.hash_one(k))
        {
            capacity_failure(error);
        }
        self.governor.note_resize(before, self.table.num_buckets());
    }

    /// Makes room for `additional` more entries, and keeps capacity for
    /// `len() + additional` entries as a floor that automatic shrinking
    /// respects until [`release_reserved`](Self::release_reserved) or an
    /// explicit shrink.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if no table can hold that many
    /// entries.
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
    pub fn reserve(&mut self, additional: usize) {
        if let Err(error) = self.try_reserve(additional) {
            capacity_failure(error);
        }
    }

    /// Like [`reserve`](Self::reserve), but returns an error instead of
    /// panicking or aborting.
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
        let before = self.table.num_buckets();
        let hasher = &self.hasher;
        self.table
            .try_reserve(additional, |(k, _)| hasher.hash_one(k))?;
        self.governor.note_resize(before, self.table.num_buckets());
        if additional > 0 {
            self.governor
                .reserve(self.table.len().saturating_add(additional));
        }
        Ok(())
    }

    /// Shrinks the table as far as its entries allow, and releases any
    /// reserved or learned floor. The policy's `min_capacity` does not
    /// apply to this explicit call.
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
    /// current entries), and releases any reserved or learned floor.
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
    /// and any capacity learned from a refill, then applies the policy at
    /// once.
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
        self.governor.apply(&mut self.table, &self.hasher, 0);
    }

    /// Replaces the shrink policy and applies it at once.
    ///
    /// # Panics
    ///
    /// Panics with the reason if [`ShrinkPolicy::validate`] rejects
    /// `policy`.
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
    pub fn set_policy(&mut self, policy: ShrinkPolicy) {
        self.governor.set_policy(policy);
        self.governor.apply(&mut self.table, &self.hasher, 0);
    }
}
