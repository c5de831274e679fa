//! The maps every strategy of the workspace is measured against, and the
//! key stream of the reference workloads.
//!
//! | baseline | what it shows |
//! |---|---|
//! | [`StdHashMap`] | what most Rust code uses: SipHash, never shrinks on its own |
//! | [`HashbrownMap`] | the same table with ahash, the speed reference |
//! | [`IndexMapAhash`] | entries in a dense vector plus an index, removing with `swap_remove` |
//! | [`BoxedMap`] | the Go article's `map[int]*[128]byte` remedy: values behind boxes |
//!
//! Each baseline is a thin newtype over the map it measures, so that it can
//! implement [`MapStrategy`](map_api::MapStrategy) (the orphan rule forbids
//! implementing a foreign trait for a foreign type). It dereferences to the
//! wrapped map for the rest of that map's API. These types live here, not
//! in `map-api`, so that a user of a strategy crate compiles none of them.
//!
//! ```
//! use map_api::MapStrategy;
//! use map_baselines::HashbrownMap;
//!
//! let mut map: HashbrownMap<u64, [u8; 128]> = Default::default();
//! for k in 0..10_000 {
//!     map.insert(k, [0; 128]);
//! }
//! let full = map.heap_bytes();
//! for k in 0..10_000 {
//!     map.remove(&k);
//! }
//! // hashbrown keeps its table after every entry is gone: the problem the
//! // workspace measures.
//! assert!(map.is_empty());
//! assert_eq!(map.heap_bytes(), full);
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod boxed;
mod newtype;
mod xorshift;

use core::mem::size_of;

use map_api::layout::{bucket_capacity, buckets_for_capacity, raw_table_bytes};

pub use boxed::BoxedMap;
pub use xorshift::XorShift64;

newtype::baseline! {
    /// `std::collections::HashMap` as it is, with SipHash.
    ///
    /// std does not expose its bucket count, so
    /// [`heap_bytes`](map_api::MapStrategy::heap_bytes) infers it from
    /// `capacity()`; see [`buckets_for_capacity`].
    StdHashMap = std::collections::HashMap<K, V, std::hash::RandomState>,
    remove: std::collections::HashMap::remove,
    heap_bytes: |map| raw_table_bytes::<(K, V)>(buckets_for_capacity(map.capacity())),
}

newtype::baseline! {
    /// `hashbrown::HashMap` with ahash: the speed reference of every report.
    HashbrownMap = hashbrown::HashMap<K, V, ahash::RandomState>,
    remove: hashbrown::HashMap::remove,
    heap_bytes: |map| map.allocation_size(),
}

newtype::baseline! {
    /// `indexmap::IndexMap` with ahash. Removal is `swap_remove`, which
    /// keeps the entry vector dense by moving the last entry into the hole.
    ///
    /// [`heap_bytes`](map_api::MapStrategy::heap_bytes) is the index table
    /// plus the entry vector. indexmap exposes neither size, only the
    /// smaller of the two capacities, and `swap_remove` tombstones lower the
    /// index's reported capacity, so the index's bucket count is inferred as
    /// for std's map. Whenever the index grows, indexmap grows the vector to
    /// the index's full capacity, and neither ever shrinks here, so the
    /// vector holds that full capacity. (A map made with
    /// `IndexMap::with_capacity` starts with an exact vector instead; the
    /// baselines are made with `Default`.)
    IndexMapAhash = indexmap::IndexMap<K, V, ahash::RandomState>,
    remove: indexmap::IndexMap::swap_remove,
    heap_bytes: |map| {
        let buckets = buckets_for_capacity(map.capacity());
        raw_table_bytes::<usize>(buckets) + bucket_capacity(buckets) * size_of::<IndexSlot<K, V>>()
    },
}

/// The shape of one of indexmap's stored entries: the cached hash, the key
/// and the value. indexmap's own type is private; this mirror has the same
/// fields and therefore the same size.
#[allow(dead_code)]
struct IndexSlot<K, V> {
    hash: usize,
    key: K,
    value: V,
}
