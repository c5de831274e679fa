//! The public map type.

use core::hash::{BuildHasher, Hash};
use core::mem;

use map_api::__private::reserve_failed;
use map_api::{Equivalent, TryReserveError};

use crate::Stats;
use crate::core::{AtCapacity, Core, Slot};
use crate::entry::{Entry, OccupiedEntry, OccupiedError, VacantEntry};
use crate::iter::{Drain, ExtractIf, IntoKeys, IntoValues, Iter, IterMut, Keys, Values, ValuesMut};

/// A hash map whose index holds only 4-byte slot numbers, pointing into a
/// dense slab of entries that compacts as the map empties.
///
/// The API is std's `HashMap`'s, with hashbrown's
/// [`Equivalent`](map_api::Equivalent) lookups. What differs is where the
/// time goes: a removal that leaves vacant slots outnumbering live ones
/// compacts the slab and may shrink the index, which moves up to `len`
/// entries. That is amortized O(1) per removal, but the one removal that
/// triggers it pays O(n). See the [crate documentation](crate) for when to
/// choose it.
///
/// # Examples
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
    /// # Examples
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
    /// [`MAX_ENTRIES`](crate::MAX_ENTRIES) or its memory cannot be
    /// addressed; calls [`handle_alloc_error`](std::alloc::handle_alloc_error)
    /// if the allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let map: SlabMap<u64, u64> = SlabMap::with_capacity(100);
    /// assert!(map.capacity() >= 100);
    /// ```
    #[track_caller]
    pub fn with_capacity(capacity: usize) -> Self {
        Self::with_capacity_and_hasher(capacity, ahash::RandomState::new())
    }
}

impl<K, V, S> SlabMap<K, V, S> {
    /// An empty map that hashes with `hasher`.
    ///
    /// # Examples
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
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let map: SlabMap<u8, u8, _> = SlabMap::with_capacity_and_hasher(10, ahash::RandomState::new());
    /// assert!(map.capacity() >= 10);
    /// ```
    #[track_caller]
    pub fn with_capacity_and_hasher(capacity: usize, hasher: S) -> Self {
        let mut map = Self::with_hasher(hasher);
        map.reserve(capacity);
        map
    }

    /// The number of entries.
    ///
    /// # Examples
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
    /// # Examples
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
    /// # Examples
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
    /// # Examples
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
    /// # Examples
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
    /// # Examples
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

    /// Removes every entry and gives back all memory. Computes in O(n)
    /// time, for the destructors.
    ///
    /// # Examples
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
    /// in slab order, then compacts if the slab became sparse. Computes in
    /// O(n) time.
    ///
    /// # Examples
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

    /// An iterator that removes and yields the entries for which `extract`
    /// returns `true`, in slab order, with Rust 1.88's `HashMap::extract_if`
    /// semantics: entries for which it returns `false` stay, and so does
    /// every entry the iterator has not reached when it is dropped. If
    /// `extract` panics, the entry it was called on stays too.
    ///
    /// The iterator never moves entries while it runs; when it is dropped,
    /// the map compacts if vacant slots outnumber live ones, as a
    /// [`remove`](SlabMap::remove) would. A full run computes in O(n)
    /// time, the compaction included.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map: SlabMap<u32, u32> = (0..8).map(|k| (k, k)).collect();
    /// let mut odd: Vec<u32> = map.extract_if(|k, _| k % 2 == 1).map(|(k, _)| k).collect();
    /// odd.sort();
    /// assert_eq!(odd, [1, 3, 5, 7]);
    /// assert_eq!(map.len(), 4);
    /// ```
    pub fn extract_if<F>(&mut self, extract: F) -> ExtractIf<'_, K, V, F>
    where
        F: FnMut(&K, &mut V) -> bool,
    {
        ExtractIf::new(&mut self.core, extract)
    }

    /// Removes every entry, yielding them in slab order. The map is empty,
    /// with its memory given back, as soon as `drain` returns; entries the
    /// iterator does not yield are dropped with it. Computes in O(1) time;
    /// the iterator takes O(n) to run or drop.
    ///
    /// # Examples
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
    pub fn drain(&mut self) -> Drain<'_, K, V> {
        let len = self.core.len();
        Drain::new(self.core.take_all(), len)
    }

    /// An iterator over the entries, in slab order.
    ///
    /// # Examples
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
    /// # Examples
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
    /// # Examples
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
        Keys::new(self.iter())
    }

    /// An iterator over the values, in slab order.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let map: SlabMap<u32, u32> = (0..4).map(|k| (k, 1)).collect();
    /// assert_eq!(map.values().sum::<u32>(), 4);
    /// ```
    pub fn values(&self) -> Values<'_, K, V> {
        Values::new(self.iter())
    }

    /// An iterator over mutable values, in slab order.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map: SlabMap<u32, u32> = (0..4).map(|k| (k, 1)).collect();
    /// map.values_mut().for_each(|v| *v = 7);
    /// assert_eq!(map[&2], 7);
    /// ```
    pub fn values_mut(&mut self) -> ValuesMut<'_, K, V> {
        ValuesMut::new(self.iter_mut())
    }

    /// Consumes the map, yielding its keys in slab order.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let map: SlabMap<String, u32> = [("a".to_string(), 1)].into_iter().collect();
    /// let keys: Vec<String> = map.into_keys().collect();
    /// assert_eq!(keys, ["a"]);
    /// ```
    pub fn into_keys(self) -> IntoKeys<K, V> {
        IntoKeys::new(self.into_iter())
    }

    /// Consumes the map, yielding its values in slab order.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let map: SlabMap<u32, String> = [(1, "one".to_string())].into_iter().collect();
    /// let values: Vec<String> = map.into_values().collect();
    /// assert_eq!(values, ["one"]);
    /// ```
    pub fn into_values(self) -> IntoValues<K, V> {
        IntoValues::new(self.into_iter())
    }

    /// Moves live entries into the slab's holes and gives back the spare
    /// memory of the slab and the index, now. The map does this by itself
    /// whenever vacant slots outnumber live ones; call it to compact
    /// sooner, before a quiet period, say. Computes in O(n) time.
    ///
    /// # Examples
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
    /// Computes in O(n) time.
    ///
    /// # Examples
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
        self.core.shrink_to(0);
    }

    /// Compacts, then releases the memory of the slab and the index beyond
    /// room for `min_capacity` entries, or for [`len`](SlabMap::len) if that
    /// is larger. As with std's `shrink_to`, a map whose capacity is
    /// already below `min_capacity` keeps it (this map may have shrunk by
    /// itself). Computes in O(n) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map: SlabMap<u32, u32> = SlabMap::with_capacity(1_000);
    /// map.insert(1, 1);
    /// map.shrink_to(100);
    /// assert!(map.capacity() >= 100 && map.capacity() < 1_000);
    /// ```
    pub fn shrink_to(&mut self, min_capacity: usize) {
        self.core.shrink_to(min_capacity);
    }

    /// Makes room for `additional` more entries without reallocating. The
    /// slab grows by at least a quarter at a time, so reserving a few
    /// entries at a time stays amortized O(1); growing the index rehashes
    /// it from the cached hashes in O(n).
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if the map would hold more than
    /// [`MAX_ENTRIES`](crate::MAX_ENTRIES) or its memory cannot be
    /// addressed; calls [`handle_alloc_error`](std::alloc::handle_alloc_error)
    /// if the allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map: SlabMap<u32, u32> = SlabMap::new();
    /// map.reserve(10);
    /// assert!(map.capacity() >= 10);
    /// ```
    #[track_caller]
    pub fn reserve(&mut self, additional: usize) {
        if let Err(error) = self.try_reserve(additional) {
            reserve_failed(error);
        }
    }

    /// Like [`reserve`](SlabMap::reserve), but returns an error instead of
    /// panicking or aborting: [`TryReserveError::CapacityOverflow`] past
    /// [`MAX_ENTRIES`](crate::MAX_ENTRIES) or the address space, and
    /// [`TryReserveError::AllocError`] with the refused layout if the
    /// allocator fails. The map is unchanged on error.
    ///
    /// # Examples
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

/// Panics as every infallible call does at [`MAX_ENTRIES`](crate::MAX_ENTRIES).
#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn at_capacity(_: AtCapacity) -> ! {
    reserve_failed(TryReserveError::CapacityOverflow)
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
        Q: ?Sized + Hash + Equivalent<K>,
    {
        if self.core.len() == 0 {
            return None;
        }
        let hash = self.hash(key);
        self.core.find(hash, |k| key.equivalent(k))
    }

    /// Inserts `value` under `key`, returning the value it replaces; an
    /// equal key already present is kept, as in std. A new entry takes a
    /// vacant slot if there is one. Amortized O(1): growing the slab moves
    /// its entries, and growing the index rehashes it from the cached
    /// hashes.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if the map already holds
    /// [`MAX_ENTRIES`](crate::MAX_ENTRIES) entries; calls
    /// [`handle_alloc_error`](std::alloc::handle_alloc_error) if the
    /// allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
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
        // The panic stays here, in a wrapper small enough to inline, so the
        // caller's location costs nothing until it is needed; on the call
        // into the body it would be one more argument per insert.
        match self.insert_or_full(key, value) {
            Ok(old) => old,
            Err(full) => at_capacity(full),
        }
    }

    /// [`insert`](SlabMap::insert), reporting a full map as an error.
    fn insert_or_full(&mut self, key: K, value: V) -> Result<Option<V>, AtCapacity> {
        let hash = self.hash(&key);
        self.core.insert(hash, key, value)
    }

    /// Inserts `value` under `key` if the key is absent, returning a
    /// reference to it; if the key is present, leaves the map unchanged and
    /// returns an [`OccupiedError`] holding the entry and the refused
    /// value. This is hashbrown's `try_insert` (and std's unstable one).
    ///
    /// # Panics
    ///
    /// As [`insert`](SlabMap::insert).
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
    /// assert_eq!(map.try_insert(1, "a").unwrap(), &"a");
    /// let refused = map.try_insert(1, "b").unwrap_err();
    /// assert_eq!((refused.entry.get(), refused.value), (&"a", "b"));
    /// ```
    #[track_caller]
    pub fn try_insert(&mut self, key: K, value: V) -> Result<&mut V, OccupiedError<'_, K, V, S>> {
        match self.entry(key) {
            Entry::Occupied(entry) => Err(OccupiedError { entry, value }),
            Entry::Vacant(entry) => Ok(entry.insert(value)),
        }
    }

    /// A reference to the value under `key`.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
    /// map.insert(String::from("k"), 1);
    /// assert_eq!(map.get("k"), Some(&1));
    /// assert_eq!(map.get("x"), None);
    /// ```
    #[inline(always)]
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        self.find(key).map(|slot| self.core.entry(slot).1)
    }

    /// The stored key and value under `key`.
    ///
    /// # Examples
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
        Q: ?Sized + Hash + Equivalent<K>,
    {
        self.find(key).map(|slot| self.core.entry(slot))
    }

    /// A mutable reference to the value under `key`.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
    /// map.insert(1, 1);
    /// *map.get_mut(&1).unwrap() += 5;
    /// assert_eq!(map[&1], 6);
    /// ```
    #[inline(always)]
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        let slot = self.find(key)?;
        Some(self.core.entry_mut(slot).1)
    }

    /// Mutable references to the values under `N` keys at once, `None` for
    /// a key that is absent: std's `HashMap::get_disjoint_mut` (Rust 1.86).
    /// Computes in O(N log N) time.
    ///
    /// # Panics
    ///
    /// Panics if two of the keys find the same entry.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::from([("a", 1), ("b", 2)]);
    /// let [a, b, c] = map.get_disjoint_mut(["a", "b", "c"]);
    /// std::mem::swap(a.unwrap(), b.unwrap());
    /// assert!(c.is_none());
    /// assert_eq!((map["a"], map["b"]), (2, 1));
    /// ```
    #[track_caller]
    pub fn get_disjoint_mut<Q, const N: usize>(&mut self, keys: [&Q; N]) -> [Option<&mut V>; N]
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        let slots = keys.map(|key| self.find(key));
        self.core.values_mut_disjoint(slots)
    }

    /// Whether the map holds `key`.
    ///
    /// # Examples
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
        Q: ?Sized + Hash + Equivalent<K>,
    {
        self.find(key).is_some()
    }

    /// Removes `key`, returning its value. Its slot is free for the next
    /// insert at once. Amortized O(1); when vacant slots come to outnumber
    /// live ones, this removal compacts the map, moving up to
    /// [`len`](SlabMap::len) entries: O(n) for that one call.
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
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

    /// Removes `key`, returning the stored key and its value. Costs as
    /// [`remove`](SlabMap::remove).
    ///
    /// # Examples
    ///
    /// ```
    /// use slab_map::SlabMap;
    ///
    /// let mut map = SlabMap::new();
    /// map.insert(String::from("k"), 1);
    /// assert_eq!(map.remove_entry("k"), Some((String::from("k"), 1)));
    /// ```
    #[inline(always)]
    pub fn remove_entry<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        if self.core.len() == 0 {
            return None;
        }
        let hash = self.hash(key);
        let entry = self.core.remove(hash, |k| key.equivalent(k))?;
        self.core.maybe_compact();
        Some(entry)
    }

    /// The entry for `key`, for in-place manipulation.
    ///
    /// # Examples
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
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V, S> {
        let hash = self.hash(&key);
        match self.core.find(hash, |k| *k == key) {
            Some(slot) => Entry::Occupied(OccupiedEntry::new(self, slot)),
            None => Entry::Vacant(VacantEntry::new(self, hash, key)),
        }
    }
}

impl<K, V, S: Default> Default for SlabMap<K, V, S> {
    fn default() -> Self {
        Self::with_hasher(S::default())
    }
}
