//! A hash map whose index table holds only 4-byte slot numbers, pointing
//! into a dense slab of `(hash, key, value)` entries that compacts as the
//! map empties.
//!
//! This is the Rust answer to the Go article's `map[int]*[128]byte`: the
//! hashed part of the map stays small whatever the size of the values, and
//! memory comes back as entries go.
//!
//! - **Index:** a [`hashbrown::HashTable<u32>`](hashbrown::HashTable) of
//!   slot numbers, 4 bytes a bucket plus a control byte. Rehashing it reads
//!   the hashes cached beside the entries; keys are never rehashed.
//! - **Slab:** a vector of slots. A removal frees its slot at once, and the
//!   next insert reuses it.
//! - **Compaction:** when vacant slots outnumber live ones, live entries
//!   move from the tail into the holes and both the slab and the index give
//!   back their spare memory. The threshold is hysteresis: compaction costs
//!   O(slots) but follows at least `len` removals, so it is amortized O(1)
//!   per operation (`docs/slab-map.md` has the argument). The single
//!   removal that triggers it pays the whole cost, a pause proportional to
//!   the live entries; [`SlabMap::stats`] counts the work.
//! - **Iteration** walks the slab in order: a dense, cache-friendly scan.
//!
//! ```
//! use slab_map::SlabMap;
//!
//! let mut cache: SlabMap<u64, [u8; 128]> = SlabMap::new();
//! for k in 0..10_000 {
//!     cache.insert(k, [0; 128]);
//! }
//! let full = cache.heap_bytes();
//! for k in 0..9_900 {
//!     cache.remove(&k);
//! }
//! // The slab compacted as the map emptied.
//! assert!(cache.heap_bytes() < full / 20);
//! assert_eq!(cache.len(), 100);
//! assert_eq!(cache[&9_950][0], 0);
//! ```
//!
//! The API is std's `HashMap`'s, with hashbrown's [`Equivalent`] for
//! lookups (so `Borrow` lookups such as `map.get("key")` on `String` keys
//! work as in std) and [`TryReserveError`] for `try_reserve`. Costs are
//! stated on each method; the one that differs from std's is removal,
//! amortized O(1) but O(n) for the removal that compacts.
//!
//! A map holds at most [`MAX_ENTRIES`] entries (slot numbers are `u32`):
//! past it, [`SlabMap::insert`] panics with "capacity overflow" and
//! [`SlabMap::try_reserve`] returns [`TryReserveError::CapacityOverflow`].
//! [`SlabMap::try_insert`] is hashbrown's: it refuses to replace a value
//! already present.
//!
//! With the `serde` feature, the map serializes as a plain map.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod core;
mod entry;
mod iter;
mod map;
mod traits;

pub use map_api::{Equivalent, TryReserveError};

pub use crate::core::MAX_ENTRIES;
pub use crate::entry::{Entry, OccupiedEntry, OccupiedError, VacantEntry};
pub use crate::iter::{
    Drain, ExtractIf, IntoIter, IntoKeys, IntoValues, Iter, IterMut, Keys, Values, ValuesMut,
};
pub use crate::map::SlabMap;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// Sizes and work counters of a map, from [`SlabMap::stats`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Live entries.
    pub len: usize,
    /// Slots in the slab, live and vacant.
    pub slots: usize,
    /// Vacant slots, waiting for reuse or compaction.
    pub vacant: usize,
    /// Slots the slab's allocation has room for.
    pub slab_capacity: usize,
    /// Bytes of the slab's allocation.
    pub slab_bytes: usize,
    /// Buckets of the index table.
    pub index_buckets: usize,
    /// Bytes of the index table's allocation.
    pub index_bytes: usize,
    /// Compactions so far, automatic and explicit.
    pub compactions: u64,
    /// Entries compaction has moved.
    pub entries_moved: u64,
}
