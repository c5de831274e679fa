/// A hash map, reduced to the operations the retention measurements need.
///
/// The semantics of every method are those of
/// [`std::collections::HashMap`]'s method of the same name. Implementations
/// are constructed through [`Default`].
///
/// The trait is deliberately small: each strategy crate offers the full
/// `HashMap`-like API on its own type, and this trait is the common ground
/// that benchmarks, the report and the conformance kit are written against.
pub trait MapStrategy<K, V> {
    /// Inserts `value` under `key`, returning the value it replaces.
    fn insert(&mut self, key: K, value: V) -> Option<V>;

    /// Returns a reference to the value stored under `key`.
    fn get(&self, key: &K) -> Option<&V>;

    /// Returns a mutable reference to the value stored under `key`.
    fn get_mut(&mut self, key: &K) -> Option<&mut V>;

    /// Removes `key`, returning its value if it was present.
    fn remove(&mut self, key: &K) -> Option<V>;

    /// The number of entries.
    fn len(&self) -> usize;

    /// Removes every entry. Whether memory is released is the strategy's
    /// choice, and part of what the measurements compare.
    fn clear(&mut self);

    /// The bytes the map's own structure holds on the heap right now.
    ///
    /// This counts tables, buckets, overflow buckets, slabs, and boxes the
    /// map allocates itself. It does not count heap owned by keys or values
    /// (the characters of a `String` key, say). For keys and values that own
    /// no heap, it equals what the allocator reports for the map, within 1%
    /// or 4 KiB; the conformance kit checks that against dhat.
    fn heap_bytes(&self) -> usize;

    /// Returns `true` if the map holds no entries.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Returns `true` if the map holds `key`.
    fn contains_key(&self, key: &K) -> bool {
        self.get(key).is_some()
    }
}

/// Iteration and in-place filtering, for the benchmarks and tests that
/// need to visit every entry.
///
/// A separate trait from [`MapStrategy`] so that the measured core stays
/// exactly the seven operations every strategy shares; every registered
/// map implements both.
pub trait MapIter<K, V> {
    /// Calls `f` once for every entry, in the map's own order.
    fn for_each_entry(&self, f: impl FnMut(&K, &V));

    /// Keeps only the entries for which `f` returns `true`, as
    /// `HashMap::retain` does; `f` may change the values it keeps.
    fn retain_entries(&mut self, f: impl FnMut(&K, &mut V) -> bool);
}
