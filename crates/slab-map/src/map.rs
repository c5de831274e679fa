//! The public map type.

use core::borrow::Borrow;
use core::hash::{BuildHasher, Hash};
use core::mem;

use crate::core::{Core, Slot};
use crate::entry::{Entry, OccupiedEntry, VacantEntry};
use crate::iter::{Drain, Iter, IterMut, Keys, Values, ValuesMut};
use crate::{CapacityError, Stats, TryReserveError};

/// A hash map whose index holds only 4-byte slot numbers, pointing into a
/// dense slab of entries that compacts as the map empties.
///
/// See the [crate documentation](crate) for when to choose it.
///
/// ```
/// use slab_map::SlabMap;
///
/// let mut map = SlabMap::new();
/// map.insert("a", 1);
/// map.insert("b", 2);
/// assert_eq!(map.get("a"), Some(&1));
/// assert_eq!(map.remove("b"), Some(2));
/// assert_eq!(map.len(), 1);
/// ```
pub struct SlabMap<K, V, S = ahash::RandomState> {
    pub(crate) core: Core<K, V>,
    pub(crate) hasher: S,
}

impl<K, V> SlabMap<K, V, ahash::RandomState> {
    /// An empty map with a randomly seeded ahash hasher. It allocates
    /// nothing until the first insert.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let map: SlabMap<u64, u64> = SlabMap::new();
    /// assert!(map.is_empty());
    /// assert_eq!(map.heap_bytes(), 0);
    /// ```
    pub fn new() -> Self {
        Self::with_hasher(ahash::RandomState::new())
    }

    /// An empty map with room for `capacity` entries before it reallocates.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if `capacity` exceeds
    /// [`MAX_ENTRIES`](crate::MAX_ENTRIES) or the memory it needs overflows.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let map: SlabMap<u64, u64> = SlabMap::with_capacity(100);
    /// assert!(map.capacity() >= 100);
    /// ```
    pub fn with_capacity(capacity: usize) -> Self {
        Self::with_capacity_and_hasher(capacity, ahash::RandomState::new())
    }
}

impl<K, V, S> SlabMap<K, V, S> {
    /// An empty map that hashes with `hasher`.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::with_hasher(std::collections::hash_map::RandomState::new());
    /// map.insert(1, "one");
    /// assert_eq!(map[&1], "one");
    /// ```
    pub const fn with_hasher(hasher: S) -> Self {
        Self {
            core: Core::new(),
            hasher,
        }
    }

    /// An empty map with room for `capacity` entries, hashing with `hasher`.
    ///
    /// # Panics
    ///
    /// As [`with_capacity`](SlabMap::with_capacity).
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let map: SlabMap<u8, u8, _> = SlabMap::with_capacity_and_hasher(10, ahash::RandomState::new());
    /// assert!(map.capacity() >= 10);
    /// ```
    pub fn with_capacity_and_hasher(capacity: usize, hasher: S) -> Self {
        Self {
            core: Core::with_capacity(capacity),
            hasher,
        }
    }

    /// The number of entries.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let map: SlabMap<u32, u32> = (0..3).map(|k| (k, k)).collect();
    /// assert_eq!(map.len(), 3);
    /// ```
    #[inline]
    pub fn len(&self) -> usize {
        self.core.len()
    }

    /// Whether the map holds no entries.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
    /// assert!(map.is_empty());
    /// map.insert(1, 1);
    /// assert!(!map.is_empty());
    /// ```
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many entries the map holds before it must reallocate: the
    /// smaller of the index's and the slab's room.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map: SlabMap<u32, u32> = SlabMap::with_capacity(50);
    /// map.insert(1, 1);
    /// assert!(map.capacity() >= 50);
    /// ```
    pub fn capacity(&self) -> usize {
        self.core.index_capacity().min(self.core.slots.capacity())
    }

    /// The bytes the map holds on the heap: the index table plus the slab.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
    /// for k in 0..1_000u64 {
    ///     map.insert(k, [0u8; 128]);
    /// }
    /// let full = map.heap_bytes();
    /// for k in 0..1_000 {
    ///     map.remove(&k);
    /// }
    /// assert!(map.heap_bytes() < full / 100);
    /// ```
    pub fn heap_bytes(&self) -> usize {
        let stats = self.stats();
        stats.index_bytes + stats.slab_bytes
    }

    /// Sizes and work counters, for tuning and for reports.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map: SlabMap<u64, [u8; 512]> = (0..1_000).map(|k| (k, [0; 512])).collect();
    /// let stats = map.stats();
    /// // The index costs a few bytes per bucket, whatever the value size.
    /// assert!(stats.index_bytes < 10 * 1_024 * 8);
    /// for k in 0..900 {
    ///     map.remove(&k);
    /// }
    /// assert!(map.stats().compactions > 0);
    /// ```
    pub fn stats(&self) -> Stats {
        Stats {
            len: self.core.len(),
            slots: self.core.slots.len(),
            vacant: self.core.vacant(),
            slab_capacity: self.core.slots.capacity(),
            slab_bytes: self.core.slots.capacity() * mem::size_of::<Slot<K, V>>(),
            index_buckets: self.core.index.num_buckets(),
            index_bytes: self.core.index.allocation_size(),
            compactions: self.core.work.compactions,
            entries_moved: self.core.work.moved,
        }
    }

    /// The hasher.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let map: SlabMap<u8, u8> = SlabMap::new();
    /// let _hasher: &ahash::RandomState = map.hasher();
    /// ```
    pub fn hasher(&self) -> &S {
        &self.hasher
    }

    /// Removes every entry and gives back all memory.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map: SlabMap<u32, u32> = (0..100).map(|k| (k, k)).collect();
    /// map.clear();
    /// assert!(map.is_empty());
    /// assert_eq!(map.heap_bytes(), 0);
    /// ```
    pub fn clear(&mut self) {
        self.core.clear();
    }

    /// Keeps only the entries for which `keep` returns `true`, visiting them
    /// in slab order, then compacts if the slab became sparse.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map: SlabMap<u32, u32> = (0..1_000).map(|k| (k, k)).collect();
    /// map.retain(|&k, v| {
    ///     *v += 1;
    ///     k % 10 == 0
    /// });
    /// assert_eq!(map.len(), 100);
    /// assert_eq!(map[&20], 21);
    /// assert_eq!(map.stats().vacant, 0); // compacted
    /// ```
    pub fn retain<F: FnMut(&K, &mut V) -> bool>(&mut self, keep: F) {
        self.core.retain(keep);
    }

    /// Removes every entry, yielding them in slab order. The map is empty,
    /// with its memory given back, as soon as `drain` returns; entries the
    /// iterator does not yield are dropped with it.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map: SlabMap<u32, u32> = (0..10).map(|k| (k, k * 2)).collect();
    /// let mut drained: Vec<_> = map.drain().collect();
    /// drained.sort();
    /// assert_eq!(drained[3], (3, 6));
    /// assert!(map.is_empty());
    /// ```
    pub fn drain(&mut self) -> Drain<K, V> {
        let len = self.core.len();
        Drain::new(self.core.take_all(), len)
    }

    /// An iterator over the entries, in slab order.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let map: SlabMap<u32, u32> = (0..4).map(|k| (k, k)).collect();
    /// assert_eq!(map.iter().map(|(_, v)| v).sum::<u32>(), 6);
    /// ```
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter::new(&self.core.slots, self.core.len())
    }

    /// An iterator over the entries with mutable values, in slab order.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map: SlabMap<u32, u32> = (0..4).map(|k| (k, k)).collect();
    /// for (_, v) in map.iter_mut() {
    ///     *v *= 10;
    /// }
    /// assert_eq!(map[&3], 30);
    /// ```
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        let len = self.core.len();
        IterMut::new(&mut self.core.slots, len)
    }

    /// An iterator over the keys, in slab order.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let map: SlabMap<u32, u32> = (0..4).map(|k| (k, 0)).collect();
    /// let mut keys: Vec<_> = map.keys().copied().collect();
    /// keys.sort();
    /// assert_eq!(keys, [0, 1, 2, 3]);
    /// ```
    pub fn keys(&self) -> Keys<'_, K, V> {
        Keys(self.iter())
    }

    /// An iterator over the values, in slab order.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let map: SlabMap<u32, u32> = (0..4).map(|k| (k, 1)).collect();
    /// assert_eq!(map.values().sum::<u32>(), 4);
    /// ```
    pub fn values(&self) -> Values<'_, K, V> {
        Values(self.iter())
    }

    /// An iterator over mutable values, in slab order.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map: SlabMap<u32, u32> = (0..4).map(|k| (k, 1)).collect();
    /// map.values_mut().for_each(|v| *v = 7);
    /// assert_eq!(map[&2], 7);
    /// ```
    pub fn values_mut(&mut self) -> ValuesMut<'_, K, V> {
        ValuesMut(self.iter_mut())
    }

    /// Moves live entries into the slab's holes and gives back the spare
    /// memory of the slab and the index, now. The map does this by itself
    /// whenever vacant slots outnumber live ones; call it to compact
    /// sooner, before a quiet period, say.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map: SlabMap<u32, u32> = (0..100).map(|k| (k, k)).collect();
    /// for k in 0..30 {
    ///     map.remove(&k);
    /// }
    /// assert_eq!(map.stats().vacant, 30); // not enough holes to compact by itself
    /// map.compact();
    /// assert_eq!(map.stats().vacant, 0);
    /// assert_eq!(map[&50], 50);
    /// ```
    pub fn compact(&mut self) {
        self.core.compact();
    }

    /// Compacts, then releases every spare byte of the slab and the index.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map: SlabMap<u32, u32> = SlabMap::with_capacity(1_000);
    /// map.insert(1, 1);
    /// map.shrink_to_fit();
    /// assert!(map.capacity() < 1_000);
    /// ```
    pub fn shrink_to_fit(&mut self) {
        self.core.shrink_to_fit();
    }
}

impl<K, V, S> SlabMap<K, V, S>
where
    K: Hash + Eq,
    S: BuildHasher,
{
    #[inline]
    fn hash<Q: Hash + ?Sized>(&self, key: &Q) -> u64 {
        self.hasher.hash_one(key)
    }

    #[inline]
    fn find<Q>(&self, key: &Q) -> Option<u32>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.core.len() == 0 {
            return None;
        }
        let hash = self.hash(key);
        self.core.find(hash, |k| k.borrow() == key)
    }

    /// Inserts `value` under `key`, returning the value it replaces. A new
    /// entry takes a vacant slot if there is one.
    ///
    /// # Panics
    ///
    /// Panics if the map already holds [`MAX_ENTRIES`](crate::MAX_ENTRIES)
    /// entries; [`try_insert`](SlabMap::try_insert) returns an error
    /// instead.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
    /// assert_eq!(map.insert(1, "a"), None);
    /// assert_eq!(map.insert(1, "b"), Some("a"));
    /// ```
    #[inline]
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.try_insert(key, value) {
            Ok(old) => old,
            Err(err) => panic!("{err}"),
        }
    }

    /// Like [`insert`](SlabMap::insert), but returns an error instead of
    /// panicking when the map is full; the key and value are dropped then.
    ///
    /// Unlike hashbrown's `HashMap::try_insert`, which refuses to replace
    /// a value already present, this replaces it as `insert` does: the
    /// only error is the [`MAX_ENTRIES`](crate::MAX_ENTRIES) limit.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
    /// assert_eq!(map.try_insert(1, 10), Ok(None));
    /// assert_eq!(map.try_insert(1, 11), Ok(Some(10)));
    /// ```
    pub fn try_insert(&mut self, key: K, value: V) -> Result<Option<V>, CapacityError> {
        let hash = self.hash(&key);
        self.core.insert(hash, key, value)
    }

    /// A reference to the value under `key`.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
    /// map.insert(String::from("k"), 1);
    /// assert_eq!(map.get("k"), Some(&1));
    /// assert_eq!(map.get("x"), None);
    /// ```
    #[inline]
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.find(key).map(|slot| self.core.entry(slot).1)
    }

    /// The stored key and value under `key`.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
    /// map.insert(String::from("k"), 1);
    /// assert_eq!(map.get_key_value("k"), Some((&String::from("k"), &1)));
    /// ```
    #[inline]
    pub fn get_key_value<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.find(key).map(|slot| self.core.entry(slot))
    }

    /// A mutable reference to the value under `key`.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
    /// map.insert(1, 1);
    /// *map.get_mut(&1).unwrap() += 5;
    /// assert_eq!(map[&1], 6);
    /// ```
    #[inline]
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let slot = self.find(key)?;
        Some(self.core.entry_mut(slot).1)
    }

    /// Whether the map holds `key`.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
    /// map.insert(1, ());
    /// assert!(map.contains_key(&1));
    /// assert!(!map.contains_key(&2));
    /// ```
    #[inline]
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.find(key).is_some()
    }

    /// Removes `key`, returning its value. Its slot is free for the next
    /// insert at once; when vacant slots come to outnumber live ones, the
    /// map compacts.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
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

    /// Removes `key`, returning the stored key and its value.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
    /// map.insert(String::from("k"), 1);
    /// assert_eq!(map.remove_entry("k"), Some((String::from("k"), 1)));
    /// ```
    #[inline]
    pub fn remove_entry<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.core.len() == 0 {
            return None;
        }
        let hash = self.hash(key);
        let entry = self.core.remove(hash, |k| k.borrow() == key)?;
        self.core.maybe_compact();
        Some(entry)
    }

    /// The entry for `key`, for in-place manipulation.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut counts = SlabMap::new();
    /// for word in ["a", "b", "a"] {
    ///     *counts.entry(word).or_insert(0) += 1;
    /// }
    /// assert_eq!(counts["a"], 2);
    /// ```
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        let hash = self.hash(&key);
        match self.core.find(hash, |k| *k == key) {
            Some(slot) => Entry::Occupied(OccupiedEntry::new(&mut self.core, slot)),
            None => Entry::Vacant(VacantEntry::new(&mut self.core, hash, key)),
        }
    }

    /// Makes room for `additional` more entries without reallocating.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if the new capacity overflows, or if
    /// the allocator fails.
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map: SlabMap<u32, u32> = SlabMap::new();
    /// map.reserve(10);
    /// assert!(map.capacity() >= 10);
    /// ```
    pub fn reserve(&mut self, additional: usize) {
        match self.try_reserve(additional) {
            Ok(()) => {}
            Err(TryReserveError::CapacityOverflow) => panic!("capacity overflow"),
            Err(TryReserveError::AllocError) => panic!("memory allocation failed"),
        }
    }

    /// Like [`reserve`](SlabMap::reserve), but returns an error instead of
    /// panicking.
    ///
    /// ```
    /// use slab_map::{SlabMap, TryReserveError};
    ///
    /// let mut map: SlabMap<u32, u32> = SlabMap::new();
    /// assert_eq!(map.try_reserve(usize::MAX), Err(TryReserveError::CapacityOverflow));
    /// assert_eq!(map.try_reserve(10), Ok(()));
    /// ```
    pub fn try_reserve(&mut self, additional: usize) -> Result<(), TryReserveError> {
        self.core.try_reserve(additional)
    }
}

impl<K, V, S: Default> Default for SlabMap<K, V, S> {
    fn default() -> Self {
        Self::with_hasher(S::default())
    }
}
