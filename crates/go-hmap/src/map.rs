//! The safe map over [`RawMap`].

use core::borrow::Borrow;
use core::fmt;
use std::hash::{BuildHasher, Hash};

use crate::Stats;
use crate::iter::{Iter, IterMut, Keys, Values, ValuesMut};
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
    /// now unless `B` is 0.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if the buckets cannot be addressed.
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
    /// Panics with "capacity overflow" if the buckets cannot be addressed.
    ///
    /// # Examples
    ///
    /// ```
    /// use go_hmap::GoMap;
    ///
    /// let map: GoMap<u64, u64> = GoMap::with_capacity_and_hasher(14, ahash::RandomState::new());
    /// assert_eq!(map.bucket_count(), 4);
    /// ```
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

    /// Removes every entry, as Go's `clear(m)` (`mapclear`) does: the bucket
    /// array is zeroed in place and **kept at its full size**; overflow
    /// buckets, and the old array of a growth in progress, are freed. Use
    /// [`compact`](Self::compact) to give the memory back.
    ///
    /// If a destructor panics, the other entries are still dropped and the
    /// map is left empty and usable.
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
    /// map does not shrink.
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
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
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
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.raw.len() == 0 {
            return None;
        }
        let (b, i) = self.raw.find(self.hash(key), |k| k.borrow() == key)?;
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
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.raw.len() == 0 {
            return None;
        }
        let (b, i) = self.raw.find(self.hash(key), |k| k.borrow() == key)?;
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
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.get_key_value(key).is_some()
    }

    /// Inserts `value` for `key` (`m[key] = value`), returning the previous
    /// value. As with std's maps, an existing key is kept, not replaced.
    ///
    /// An insert may start a growth, and if one is in progress, evacuates
    /// up to two old buckets first.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if the map would outgrow the
    /// address space.
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
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let hash = self.hash(&key);
        self.raw.insert(hash, key, value, &self.hasher)
    }

    /// Removes the entry for `key` (`delete(m, key)`), returning its value.
    /// The map never shrinks: the slot is marked empty and stays allocated.
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
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.remove_entry(key).map(|(_, v)| v)
    }

    /// Removes the entry for `key`, returning the stored key and value.
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
    pub fn remove_entry<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.raw.len() == 0 {
            return None;
        }
        let hash = self.hash(key);
        self.raw.remove(hash, |k| k.borrow() == key, &self.hasher)
    }

    /// Rebuilds the map into one sized for its current entries and frees
    /// the old buckets: the remedy the Go community recommends, copying
    /// into a fresh map, done in place. An empty map goes back to holding
    /// no buckets at all.
    ///
    /// This is O(n) in time and briefly holds both tables, plus 8 bytes
    /// per entry. If `Hash` panics, the map is left as it was.
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
    pub fn compact(&mut self) {
        self.raw.compact(&self.hasher);
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
