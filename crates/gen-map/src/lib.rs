//! A hash map that grows and shrinks without a rehash pause: when its
//! table must change size it starts a new *generation* and moves entries
//! into it a bounded batch at a time, as Redis's dict does, in both
//! directions.
//!
//! - **Two generations at most.** Inserts go to `current`; `previous`, if
//!   any, drains into it. Lookups and removals try `current`, then
//!   `previous`.
//! - **Migration.** Every write first moves up to 32 buckets' worth of
//!   `previous` into `current`, walking `previous` with a cursor over bucket
//!   indices. That finishes every migration before `current` can need the
//!   next one (`docs/gen-map.md`), and `previous` is freed the moment it is
//!   empty.
//! - **Rotation.** When `current` is full, the next generation is twice the
//!   live entries; when a removal leaves the live entries at a quarter of
//!   the capacity, it is a right-sized one holding twice them; and
//!   [`GenMap::rotate`] starts one on request.
//! - **Page costs spread too.** Allocating a large table faults in its
//!   control bytes and freeing one returns its pages, both O(n) in the
//!   kernel; the next table is allocated and faulted in a few writes ahead,
//!   and a retired one is released a slice per write. The slowest operation
//!   growing to 2M entries and back stays under a millisecond.
//! - **Reads never mutate**; [`GenMap::maintain`] and
//!   [`GenMap::finish_migration`] let a read-mostly map retire its old
//!   generation.
//!
//! ```
//! use gen_map::GenMap;
//!
//! let mut map: GenMap<u64, [u8; 128]> = GenMap::new();
//! for k in 0..10_000 {
//!     map.insert(k, [0; 128]);
//! }
//! let full = map.heap_bytes();
//! for k in 0..9_900 {
//!     map.remove(&k);
//! }
//! assert_eq!(map.len(), 100);
//! assert!(map.heap_bytes() < full / 10); // shrunk, a batch at a time
//! ```
#![warn(missing_docs)]

mod entry;
mod generations;
mod iter;
mod map;
mod policy;
mod table_alloc;
mod traits;

pub use crate::entry::{Entry, OccupiedEntry, VacantEntry};
pub use crate::iter::{
    Drain, ExtractIf, IntoIter, IntoKeys, IntoValues, Iter, IterMut, Keys, Values, ValuesMut,
};
pub use crate::map::GenMap;
pub use crate::policy::{Load, PolicyError, ShrinkPolicy};
pub use map_api::{Equivalent, TryReserveError};

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// Generation sizes, migration progress and work counters, from
/// [`GenMap::stats`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Entries in the current generation.
    pub current_len: usize,
    /// Entries the current generation holds before a new one starts.
    pub current_capacity: usize,
    /// Buckets of the current generation's table.
    pub current_buckets: usize,
    /// Entries still in the previous generation.
    pub previous_len: usize,
    /// Buckets of the previous generation's table (1, hashbrown's
    /// unallocated table, when none).
    pub previous_buckets: usize,
    /// The next bucket of the previous generation to migrate.
    pub migration_cursor: usize,
    /// Buckets of the previous generation each write migrates: 32, or more
    /// if the current generation has little room for the writes the
    /// migration takes (a [`GenMap::rotate`] on a sparse table, a shrink
    /// policy that leaves little headroom).
    pub migration_batch: usize,
    /// Generations started because the current one was full.
    pub grow_rotations: u64,
    /// Generations started because the map fell to its shrink policy's
    /// low-water mark.
    pub shrink_rotations: u64,
    /// Generations started by [`GenMap::rotate`], [`GenMap::shrink_to`], or
    /// a [`GenMap::reserve`] the current one could not meet.
    pub manual_rotations: u64,
    /// Entries moved between generations.
    pub migrated: u64,
    /// Rotations that had to finish a migration at once (O(n)). Growth and
    /// removals never cause one, since every migration ends before its
    /// table can fill; [`GenMap::rotate`] or [`GenMap::reserve`] during a
    /// migration do.
    pub forced_finishes: u64,
    /// New generations whose allocation was made, and its pages faulted
    /// in, ahead of the rotation.
    pub prepared_hits: u64,
    /// Blocks freed at once, before their pages were all released, because
    /// two more retired first. Zero unless rotations come faster than
    /// growth and shrinkage make them ([`GenMap::rotate`] in a loop, say).
    pub forced_frees: u64,
    /// Bytes allocated ahead for the next generation.
    pub prepared_bytes: usize,
    /// Bytes of retired tables (and prepared blocks given up) whose pages
    /// are still being released.
    pub retiring_bytes: usize,
    /// Writes until the map holds nothing but its current table, if
    /// nothing else changes (an upper bound): the rest of the migration,
    /// then the release of every table and block it no longer needs. After
    /// the last removal empties a map, it holds no more than 64 KiB this
    /// many writes later, or after one [`GenMap::maintain`]`(usize::MAX)`.
    pub settle_writes: usize,
    /// Everything the map holds on the heap, as [`GenMap::heap_bytes`].
    pub heap_bytes: usize,
}
