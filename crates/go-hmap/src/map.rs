//! The safe map over [`RawMap`].

use core::fmt;
use std::hash::{BuildHasher, Hash};

use map_api::__private::reserve_failed;
use map_api::{Equivalent, TryReserveError};

use crate::Stats;
use crate::entry::{Entry, OccupiedEntry, VacantEntry};
use crate::iter::{Drain, ExtractIf, IntoKeys, IntoValues, Iter, IterMut, Keys, Values, ValuesMut};
use crate::raw::{RawIter, RawMap, hash_with_seed};

/// A hash map that works the way Go's classic runtime map works, memory
/// figures and all: buckets of eight slots, a 6.5 load factor, growth
/// that moves entries a couple of buckets per write, and no shrinking,
/// ever, except when asked with [`compact`](Self::compact).
///
/// The `S` parameter chooses the hash function; Go's per-map seed comes
/// on top of it, drawn when the map is made and again whenever it becomes
/// empty.
///
/// The API is std's `HashMap`'s, with hashbrown's
/// [`Equivalent`](map_api::Equivalent) lookups, and two things kept from
/// Go on purpose:
///
/// - **Iteration starts somewhere random** every time (`iter`, `keys`,
///   `drain`, `extract_if`, ...), as Go's `range` does, so no program can
///   come to depend on an order.
/// - **There is no `shrink_to` or `shrink_to_fit`.** Go's map never
///   shrinks, and that is what this crate exists to show: `remove`,
///   `retain`, `clear` and `drain` keep every bucket. A `shrink_to_fit`
///   that did nothing would hide that, and one that rebuilt the map would
///   not be Go's; [`compact`](Self::compact) is the explicit rebuild, the
///   remedy Go programmers apply by copying into a fresh map.
///
/// # Examples
///
/// ```
/// use go_hmap::GoMap;
///
/// let mut ages: GoMap<&str, u32> = GoMap::new();
/// ages.insert("gopher", 15);
/// ages.insert("ferris", 10);
/// assert_eq!(ages.get("gopher"), Some(&15));
/// assert_eq!(ages.remove("ferris"), Some(10));
/// assert_eq!(ages.len(), 1);
/// ```
pub struct GoMap<K, V, S = ahash::RandomState> {
    pub(crate) raw: RawMap<K, V>,
    pub(crate) hasher: S,
}

impl<K, V> GoMap<K, V, ahash::RandomState> {
    /// Creates an empty map. Like Go's `make(map[K]V)`, it allocates
    /// nothing until the first insert.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let map: GoMap<u64, u64> = GoMap::new();
    /// assert_eq!(map.heap_bytes(), 0);
    /// ```
    pub fn new() -> Self {
        Self::with_hasher(ahash::RandomState::new())
    }

    /// Creates a map sized for `hint` entries, as Go's
    /// `make(map[K]V, hint)`: the smallest `B` whose `2^B` buckets hold
    /// `hint` entries at the 6.5 load factor. The buckets are allocated
    /// now unless `B` is 0: a map made for at most 8 entries allocates its
    /// one bucket on the first insert, as Go's does.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if the buckets cannot be addressed;
    /// calls [`handle_alloc_error`](std::alloc::handle_alloc_error) if the
    /// allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let map: GoMap<u64, u64> = GoMap::with_capacity(1_000);
    /// // 1,000 / 6.5 needs 154 buckets, so B = 8.
    /// assert_eq!(map.bucket_shift(), 8);
    /// assert_eq!(map.bucket_count(), 256);
    /// ```
    #[track_caller]
    pub fn with_capacity(hint: usize) -> Self {
        Self::with_capacity_and_hasher(hint, ahash::RandomState::new())
    }
}

impl<K, V, S> GoMap<K, V, S> {
    /// Creates an empty map that hashes with `hasher`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::hash::RandomState;
    /// use go_hmap::GoMap;
    ///
    /// let mut map = GoMap::with_hasher(RandomState::new());
    /// map.insert(1, "one");
    /// assert_eq!(map[&1], "one");
    /// ```
    pub fn with_hasher(hasher: S) -> Self {
        Self {
            raw: RawMap::with_hint(0),
            hasher,
        }
    }

    /// Creates a map sized for `hint` entries that hashes with `hasher`.
    /// See [`with_capacity`](GoMap::with_capacity).
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if the buckets cannot be addressed;
    /// calls [`handle_alloc_error`](std::alloc::handle_alloc_error) if the
    /// allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let map: GoMap<u64, u64> = GoMap::with_capacity_and_hasher(14, ahash::RandomState::new());
    /// assert_eq!(map.bucket_count(), 4);
    /// ```
    #[track_caller]
    pub fn with_capacity_and_hasher(hint: usize, hasher: S) -> Self {
        Self {
            raw: RawMap::with_hint(hint),
            hasher,
        }
    }

    /// The map's hasher.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let map: GoMap<u64, u64> = GoMap::new();
    /// let _hasher: &ahash::RandomState = map.hasher();
    /// ```
    pub fn hasher(&self) -> &S {
        &self.hasher
    }

    /// The number of entries.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let map: GoMap<u64, u64> = (0..10).map(|k| (k, k)).collect();
    /// assert_eq!(map.len(), 10);
    /// ```
    pub fn len(&self) -> usize {
        self.raw.len()
    }

    /// Whether the map has no entries.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map = GoMap::new();
    /// assert!(map.is_empty());
    /// map.insert(1, 1);
    /// assert!(!map.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.raw.len() == 0
    }

    /// The entries the map holds before an insert grows it: 6.5 per bucket
    /// (Go's load factor), and at least the 8 of the first bucket. An
    /// insert into a bucket that is full may still allocate an overflow
    /// bucket before then, and a map whose overflow chains grow long may
    /// rebuild at the same size, as Go's does.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let map: GoMap<u64, u64> = GoMap::with_capacity(1_000);
    /// // 2^8 buckets at 6.5 entries each.
    /// assert_eq!(map.capacity(), 1_664);
    /// assert_eq!(GoMap::<u64, u64>::new().capacity(), 8);
    /// ```
    pub fn capacity(&self) -> usize {
        self.raw.capacity()
    }

    /// Removes every entry, as Go's `clear(m)` (`mapclear`) does: the bucket
    /// array is zeroed in place and **kept at its full size**; overflow
    /// buckets, and the old array of a growth in progress, are freed. Use
    /// [`compact`](Self::compact) to give the memory back.
    ///
    /// If a destructor panics, the other entries are still dropped and the
    /// map is left empty and usable. Computes in O(buckets) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map: GoMap<u64, [u8; 128]> = (0..1000).map(|k| (k, [0; 128])).collect();
    /// let buckets = map.bucket_count();
    /// map.clear();
    /// assert!(map.is_empty());
    /// assert_eq!(map.bucket_count(), buckets);
    /// ```
    pub fn clear(&mut self) {
        self.raw.clear();
    }

    /// Keeps only the entries for which `keep` returns `true`. Removed
    /// entries are deleted as [`remove`](Self::remove) deletes them; the
    /// map does not shrink. Computes in O(buckets) time, and does no growth
    /// work.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map: GoMap<u64, u64> = (0..100).map(|k| (k, k)).collect();
    /// map.retain(|k, v| {
    ///     *v += 1;
    ///     k % 2 == 0
    /// });
    /// assert_eq!(map.len(), 50);
    /// assert_eq!(map[&10], 11);
    /// ```
    pub fn retain(&mut self, keep: impl FnMut(&K, &mut V) -> bool) {
        self.raw.retain(keep);
    }

    /// An iterator that removes and yields the entries for which `extract`
    /// returns `true`, with Rust 1.88's `HashMap::extract_if` semantics:
    /// entries for which it returns `false` stay, and so does every entry
    /// the iterator has not reached when it is dropped. If `extract`
    /// panics, the entry it was called on stays too.
    ///
    /// It walks from a random start, as Go's `range` does, deletes as
    /// [`remove`](Self::remove) does and never shrinks the map. A full run
    /// computes in O(buckets) time, and does no growth work.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map: GoMap<u64, u64> = (0..8).map(|k| (k, k)).collect();
    /// let mut odd: Vec<u64> = map.extract_if(|k, _| k % 2 == 1).map(|(k, _)| k).collect();
    /// odd.sort();
    /// assert_eq!(odd, [1, 3, 5, 7]);
    /// assert_eq!(map.len(), 4);
    /// ```
    pub fn extract_if<F>(&mut self, extract: F) -> ExtractIf<'_, K, V, F>
    where
        F: FnMut(&K, &mut V) -> bool,
    {
        ExtractIf::new(&mut self.raw, extract)
    }

    /// Removes every entry, yielding them from a random start. When the
    /// iterator is dropped, taken to the end or not, the map is cleared as
    /// [`clear`](Self::clear) clears it: empty, **keeping its bucket
    /// array**. Computes in O(buckets) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map: GoMap<u64, u64> = (0..100).map(|k| (k, k)).collect();
    /// let buckets = map.bucket_count();
    /// assert_eq!(map.drain().map(|(_, v)| v).sum::<u64>(), 4_950);
    /// assert!(map.is_empty());
    /// assert_eq!(map.bucket_count(), buckets);
    /// ```
    pub fn drain(&mut self) -> Drain<'_, K, V> {
        Drain::new(&mut self.raw)
    }

    /// An iterator over the entries, starting at a random bucket and slot
    /// offset every time, as Go's `range` does.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let map: GoMap<u64, u64> = (1..=4).map(|k| (k, k * 10)).collect();
    /// let mut entries: Vec<_> = map.iter().collect();
    /// entries.sort();
    /// assert_eq!(entries, [(&1, &10), (&2, &20), (&3, &30), (&4, &40)]);
    /// ```
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter::new(RawIter::new(&self.raw))
    }

    /// An iterator over the entries with mutable values.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map: GoMap<u64, u64> = (0..4).map(|k| (k, k)).collect();
    /// for (_, v) in map.iter_mut() {
    ///     *v *= 2;
    /// }
    /// assert_eq!(map[&3], 6);
    /// ```
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        IterMut::new(RawIter::new(&self.raw))
    }

    /// An iterator over the keys.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let map: GoMap<u64, u64> = (0..4).map(|k| (k, 0)).collect();
    /// assert_eq!(map.keys().sum::<u64>(), 6);
    /// ```
    pub fn keys(&self) -> Keys<'_, K, V> {
        Keys::new(self.iter())
    }

    /// An iterator over the values.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let map: GoMap<u64, u64> = (0..4).map(|k| (k, k * 2)).collect();
    /// assert_eq!(map.values().sum::<u64>(), 12);
    /// ```
    pub fn values(&self) -> Values<'_, K, V> {
        Values::new(self.iter())
    }

    /// An iterator over mutable values.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map: GoMap<u64, u64> = (0..4).map(|k| (k, k)).collect();
    /// map.values_mut().for_each(|v| *v = 7);
    /// assert!(map.values().all(|&v| v == 7));
    /// ```
    pub fn values_mut(&mut self) -> ValuesMut<'_, K, V> {
        ValuesMut::new(self.iter_mut())
    }

    /// Consumes the map, yielding its keys from a random start.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let map: GoMap<u64, u64> = (0..4).map(|k| (k, 0)).collect();
    /// let mut keys: Vec<u64> = map.into_keys().collect();
    /// keys.sort();
    /// assert_eq!(keys, [0, 1, 2, 3]);
    /// ```
    pub fn into_keys(self) -> IntoKeys<K, V> {
        IntoKeys::new(self.into_iter())
    }

    /// Consumes the map, yielding its values from a random start.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let map: GoMap<u64, u64> = (0..4).map(|k| (k, k * 2)).collect();
    /// assert_eq!(map.into_values().sum::<u64>(), 12);
    /// ```
    pub fn into_values(self) -> IntoValues<K, V> {
        IntoValues::new(self.into_iter())
    }

    /// `B`: the map has `2^B` main buckets. Growth is the only thing that
    /// changes it, apart from [`compact`](Self::compact).
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map = GoMap::new();
    /// for k in 0..1000u64 {
    ///     map.insert(k, k);
    /// }
    /// let b = map.bucket_shift();
    /// for k in 0..1000u64 {
    ///     map.remove(&k);
    /// }
    /// assert_eq!(map.bucket_shift(), b); // Go maps never shrink.
    /// ```
    pub fn bucket_shift(&self) -> u8 {
        self.raw.bucket_shift()
    }

    /// The main buckets allocated: `2^B`, or 0 before the first insert.
    /// The array also holds preallocated overflow buckets; see
    /// [`stats`](Self::stats).
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map = GoMap::new();
    /// assert_eq!(map.bucket_count(), 0);
    /// map.insert(1, 1);
    /// assert_eq!(map.bucket_count(), 1);
    /// ```
    pub fn bucket_count(&self) -> usize {
        self.raw.bucket_count()
    }

    /// The overflow buckets chained to the current bucket array, whether
    /// preallocated or allocated one by one.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let map: GoMap<u64, u64> = (0..1_000).map(|k| (k, k)).collect();
    /// // Buckets that received more than eight keys have overflow buckets,
    /// // first from the array's preallocated ones, then allocated singly.
    /// let stats = map.stats();
    /// let used = stats.preallocated_overflow - stats.preallocated_overflow_unused;
    /// assert!(map.overflow_bucket_count() <= used + stats.allocated_overflow_buckets);
    /// ```
    pub fn overflow_bucket_count(&self) -> usize {
        self.raw.overflow_bucket_count()
    }

    /// Whether a growth is in progress: the old bucket array is still
    /// being evacuated, two buckets per insert or remove.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map = GoMap::new();
    /// let mut k = 0u64;
    /// while map.bucket_count() < 64 {
    ///     map.insert(k, k);
    ///     k += 1;
    /// }
    /// // The insert that doubled the map to 64 buckets evacuated at most
    /// // two of the 32 old ones; later writes move the rest.
    /// assert!(map.is_growing());
    /// ```
    pub fn is_growing(&self) -> bool {
        self.raw.is_growing()
    }

    /// Bucket counts, growth progress and memory; see [`Stats`].
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let map: GoMap<u64, u64> = (0..1000).map(|k| (k, k)).collect();
    /// let stats = map.stats();
    /// assert_eq!(stats.len, 1000);
    /// assert_eq!(stats.buckets, 1 << stats.bucket_shift);
    /// assert_eq!(stats.heap_bytes, map.heap_bytes());
    /// ```
    pub fn stats(&self) -> Stats {
        self.raw.stats()
    }

    /// The bytes the map holds on the heap: bucket arrays, overflow buckets,
    /// Go's overflow bookkeeping, and the boxes of keys or values over 128
    /// bytes. Each allocation is counted at the size Go's allocator would
    /// hand out, which is the size the map asks for.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map = GoMap::new();
    /// map.insert(1u64, [0u8; 128]);
    /// // One 1,104-byte bucket, in Go's 1,152-byte size class.
    /// assert_eq!(map.heap_bytes(), 1152);
    /// ```
    pub fn heap_bytes(&self) -> usize {
        self.raw.heap_bytes()
    }
}

impl<K, V, S> GoMap<K, V, S>
where
    K: Hash + Eq,
    S: BuildHasher,
{
    #[inline]
    fn hash<Q: Hash + ?Sized>(&self, key: &Q) -> u64 {
        hash_with_seed(&self.hasher, self.raw.seed(), key)
    }

    /// The value for `key`.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map = GoMap::new();
    /// map.insert(String::from("a"), 1);
    /// assert_eq!(map.get("a"), Some(&1));
    /// assert_eq!(map.get("b"), None);
    /// ```
    #[inline]
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        self.get_key_value(key).map(|(_, v)| v)
    }

    /// The stored key and the value for `key`.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map = GoMap::new();
    /// map.insert(String::from("a"), 1);
    /// assert_eq!(map.get_key_value("a"), Some((&String::from("a"), &1)));
    /// ```
    #[inline]
    pub fn get_key_value<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        if self.raw.len() == 0 {
            return None;
        }
        let (b, i) = self.raw.find(self.hash(key), |k| key.equivalent(k))?;
        // SAFETY: `find` returns a live slot, borrowed from `&self`.
        unsafe { Some((&*b.key(i), &*b.value(i))) }
    }

    /// The value for `key`, mutably.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map = GoMap::new();
    /// map.insert(1, 10);
    /// *map.get_mut(&1).unwrap() += 1;
    /// assert_eq!(map[&1], 11);
    /// ```
    #[inline]
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        if self.raw.len() == 0 {
            return None;
        }
        let (b, i) = self.raw.find(self.hash(key), |k| key.equivalent(k))?;
        // SAFETY: `find` returns a live slot; `&mut self` makes it unique.
        unsafe { Some(&mut *b.value(i)) }
    }

    /// Whether the map has an entry for `key`.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let map: GoMap<u64, ()> = [(1, ())].into_iter().collect();
    /// assert!(map.contains_key(&1));
    /// assert!(!map.contains_key(&2));
    /// ```
    #[inline]
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        self.get_key_value(key).is_some()
    }

    /// Inserts `value` for `key` (`m[key] = value`), returning the previous
    /// value. As with std's maps, an existing key is kept, not replaced.
    ///
    /// An insert may start a growth, and if one is in progress, evacuates
    /// up to two old buckets first, so each insert computes in O(1) time;
    /// the one that starts a growth allocates the new array, zeroed, in
    /// O(buckets).
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if the map would outgrow the
    /// address space; calls
    /// [`handle_alloc_error`](std::alloc::handle_alloc_error) if the
    /// allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map = GoMap::new();
    /// assert_eq!(map.insert(1, "a"), None);
    /// assert_eq!(map.insert(1, "b"), Some("a"));
    /// assert_eq!(map[&1], "b");
    /// ```
    #[inline]
    #[track_caller]
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let hash = self.hash(&key);
        self.raw.insert(hash, key, value, &self.hasher)
    }

    /// Removes the entry for `key` (`delete(m, key)`), returning its value.
    /// The map never shrinks: the slot is marked empty and stays allocated.
    /// During a growth it evacuates up to two old buckets first, as Go's
    /// does, so it computes in O(1) time.
    ///
    /// # Panics
    ///
    /// The evacuation may need an overflow bucket: calls
    /// [`handle_alloc_error`](std::alloc::handle_alloc_error) if the
    /// allocator fails, with no entry lost.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map = GoMap::new();
    /// map.insert(1, "a");
    /// assert_eq!(map.remove(&1), Some("a"));
    /// assert_eq!(map.remove(&1), None);
    /// ```
    #[inline]
    #[track_caller]
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        self.remove_entry(key).map(|(_, v)| v)
    }

    /// Removes the entry for `key`, returning the stored key and value.
    /// Costs as [`remove`](Self::remove).
    ///
    /// # Panics
    ///
    /// As [`remove`](Self::remove).
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map = GoMap::new();
    /// map.insert(String::from("a"), 1);
    /// assert_eq!(map.remove_entry("a"), Some((String::from("a"), 1)));
    /// ```
    #[inline]
    #[track_caller]
    pub fn remove_entry<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        Q: ?Sized + Hash + Equivalent<K>,
    {
        if self.raw.len() == 0 {
            return None;
        }
        let hash = self.hash(key);
        self.raw.remove(hash, |k| key.equivalent(k), &self.hasher)
    }

    /// Rebuilds the map into one sized for its current entries and frees
    /// the old buckets: the remedy the Go community recommends, copying
    /// into a fresh map, done in place. An empty map goes back to holding
    /// no buckets at all.
    ///
    /// Computes in O(n) time and briefly holds both tables, plus 8 bytes
    /// per entry. If `Hash` panics, or an allocation fails, the map is left
    /// as it was.
    ///
    /// # Panics
    ///
    /// Calls [`handle_alloc_error`](std::alloc::handle_alloc_error) if the
    /// allocator fails, after putting the map back as it was.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map: GoMap<u64, [u8; 128]> = (0..2_000).map(|k| (k, [0; 128])).collect();
    /// let full = map.heap_bytes();
    /// map.retain(|&k, _| k < 20);
    /// assert_eq!(map.heap_bytes(), full); // deleting frees nothing
    /// map.compact();
    /// assert!(map.heap_bytes() < full / 50);
    /// assert_eq!(map.len(), 20);
    /// ```
    #[track_caller]
    pub fn compact(&mut self) {
        self.raw.compact(&self.hasher);
    }

    /// Makes room for `additional` more entries before the map grows. If
    /// they fit in [`capacity`](Self::capacity), nothing happens; else the
    /// map is rebuilt, as [`compact`](Self::compact) rebuilds it, into the
    /// map Go's `make(map[K]V, len + additional)` makes: what a Go program
    /// does to size a map ahead. That computes in O(n) time, where Go's
    /// incremental growth would have moved the same entries over the next
    /// inserts.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if the buckets cannot be addressed;
    /// calls [`handle_alloc_error`](std::alloc::handle_alloc_error) if the
    /// allocator fails, after putting the map back as it was.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map: GoMap<u64, u64> = (0..10).map(|k| (k, k)).collect();
    /// map.reserve(1_000);
    /// assert!(map.capacity() >= 1_010);
    /// assert_eq!(map.bucket_shift(), 8);
    /// ```
    #[track_caller]
    pub fn reserve(&mut self, additional: usize) {
        if let Err(error) = self.try_reserve(additional) {
            reserve_failed(error);
        }
    }

    /// Like [`reserve`](Self::reserve), but returns an error instead of
    /// panicking or aborting: [`TryReserveError::CapacityOverflow`] if the
    /// buckets cannot be addressed, [`TryReserveError::AllocError`] with
    /// the refused layout if the allocator fails. The map is unchanged on
    /// error.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    /// use map_api::TryReserveError;
    ///
    /// let mut map: GoMap<u64, u64> = GoMap::new();
    /// assert_eq!(map.try_reserve(usize::MAX), Err(TryReserveError::CapacityOverflow));
    /// assert_eq!(map.try_reserve(100), Ok(()));
    /// assert!(map.capacity() >= 100);
    /// ```
    pub fn try_reserve(&mut self, additional: usize) -> Result<(), TryReserveError> {
        self.raw.try_reserve(additional, &self.hasher)
    }

    /// Mutable references to the values under `N` keys at once, `None` for
    /// a key that is absent: std's `HashMap::get_disjoint_mut` (Rust 1.86).
    /// Computes in O(N²) time, comparing the slots found.
    ///
    /// # Panics
    ///
    /// Panics if two of the keys find the same entry.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut map = GoMap::from([("a", 1), ("b", 2)]);
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
        let slots = keys.map(|key| {
            if self.raw.len() == 0 {
                return None;
            }
            self.raw.find(self.hash(key), |k| key.equivalent(k))
        });
        for (n, slot) in slots.iter().enumerate() {
            if let Some((b, i)) = slot
                && slots[..n].iter().flatten().any(|(c, j)| c == b && j == i)
            {
                panic!("duplicate keys found");
            }
        }
        // SAFETY: `find` returns live slots; no two are the same, so the
        // references do not alias, and `&mut self` makes them exclusive.
        slots.map(|slot| slot.map(|(b, i)| unsafe { &mut *b.value(i) }))
    }

    /// The entry for `key`, for in-place manipulation. Looking it up does
    /// no growth work; inserting through a vacant entry does what
    /// [`insert`](Self::insert) does.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let mut counts = GoMap::new();
    /// for word in ["a", "b", "a"] {
    ///     *counts.entry(word).or_insert(0) += 1;
    /// }
    /// assert_eq!(counts["a"], 2);
    /// ```
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V, S> {
        let hash = self.hash(&key);
        match self.raw.find_in_chain(hash, |k| *k == key) {
            Some(at) => Entry::Occupied(OccupiedEntry::new(self, at)),
            None => Entry::Vacant(VacantEntry::new(self, hash, key)),
        }
    }
}

impl<K, V, S: Default> Default for GoMap<K, V, S> {
    fn default() -> Self {
        Self::with_hasher(S::default())
    }
}

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for GoMap<K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}
