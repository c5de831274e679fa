//! A faithful Rust port of Go's classic runtime map (`runtime/map.go`, Go
//! 1.19 to 1.23; `map_noswiss.go` in 1.24), down to its memory figures.
//!
//! Go's map never gives memory back. Fill a `map[int][128]byte` with a
//! million entries and delete them all, and it still holds 2^18 buckets of
//! 1,104 bytes plus 2^14 preallocated overflow buckets: about 293 MiB.
//! [`GoMap`] reproduces that, byte for byte as Go's heap counts it, so the
//! behaviour can be measured from Rust beside the maps that do give memory
//! back. It is also a complete map in its own right.
//!
//! What it keeps from Go:
//!
//! - **Buckets** of eight slots, laid out as eight tophash bytes, eight
//!   keys, eight values and an overflow pointer. One allocation holds the
//!   `2^B` buckets and, from `B = 4`, `2^(B-4)` preallocated overflow
//!   buckets; every allocation is rounded as Go's allocator rounds it.
//! - **Tophash states** (`emptyRest`, `emptyOne`, `evacuatedX`/`Y`/`Empty`)
//!   and lookups that stop at `emptyRest`.
//! - **Load factor 6.5**, and same-size growth when overflow chains get
//!   too long, with Go's approximate overflow count above `B = 16`.
//! - **Incremental growth**: every insert and remove evacuates at most two
//!   old buckets, and lookups read old buckets not yet evacuated.
//! - **Indirect storage** of keys and values over 128 bytes.
//! - **Hash seeds** drawn at creation and whenever the map empties, and
//!   **iteration** from a random bucket and offset every time.
//! - **No shrinking**: [`GoMap::remove`] and [`GoMap::clear`] keep every
//!   bucket. [`GoMap::compact`] is the explicit remedy.
//!
//! What it leaves out: Go's concurrent-write detection (`hashWriting`),
//! which Rust's borrow rules make unnecessary, and the special handling of
//! keys that are not equal to themselves (NaN), which `Eq` rules out.
//!
//! # Example
//!
//! ```
//! use go_hmap::GoMap;
//!
//! let mut map: GoMap<u64, [u8; 128]> = GoMap::new();
//! for k in 0..1_000 {
//!     map.insert(k, [0; 128]);
//! }
//! let full = map.heap_bytes();
//! for k in 0..1_000 {
//!     map.remove(&k);
//! }
//! // Empty, and still holding all 2^8 buckets: Go's behaviour.
//! assert!(map.is_empty());
//! assert_eq!(map.heap_bytes(), full);
//! assert_eq!(map.bucket_shift(), 8);
//!
//! // The remedy Go programmers apply by hand: copy into a fresh map.
//! map.compact();
//! assert_eq!(map.heap_bytes(), 0);
//! ```
#![warn(missing_docs)]

#[cfg(test)]
mod alloc_failure_tests;
mod bucket;
mod entry;
mod fastrand;
mod iter;
mod map;
mod raw;
mod size_class;
#[cfg(test)]
mod test_support;
mod traits;

pub use map_api::{Equivalent, TryReserveError};

pub use crate::bucket::MAX_INLINE;
pub use crate::entry::{Entry, OccupiedEntry, VacantEntry};
pub use crate::iter::{
    Drain, ExtractIf, IntoIter, IntoKeys, IntoValues, Iter, IterMut, Keys, Values, ValuesMut,
};
pub use crate::map::GoMap;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// The crate's unit tests count the map's allocations exactly (only inside
/// `map_counting::counted`, so nothing else changes).
#[cfg(test)]
#[global_allocator]
static ALLOC: map_counting::CountingAlloc = map_counting::CountingAlloc;

/// A snapshot of a map's buckets, growth and memory, from
/// [`GoMap::stats`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Live entries.
    pub len: usize,
    /// `B`: the map has `2^B` main buckets.
    pub bucket_shift: u8,
    /// Main buckets allocated: `2^B`, or 0 before the first insert.
    pub buckets: usize,
    /// Buckets in the current array's allocation: main buckets plus
    /// preallocated overflow buckets.
    pub array_buckets: usize,
    /// Overflow buckets preallocated with the current array.
    pub preallocated_overflow: usize,
    /// Preallocated overflow buckets not yet handed out.
    pub preallocated_overflow_unused: usize,
    /// Overflow buckets chained to the current array.
    pub overflow_buckets: usize,
    /// Overflow buckets allocated one by one (not preallocated), in either
    /// array.
    pub allocated_overflow_buckets: usize,
    /// Go's `noverflow`: the approximate overflow count that triggers
    /// same-size growth. Exact below `B = 16`, sampled above.
    pub noverflow: u16,
    /// A growth is in progress.
    pub growing: bool,
    /// The growth in progress keeps the number of buckets.
    pub same_size_growth: bool,
    /// Main buckets of the old array while growing, else 0.
    pub old_buckets: usize,
    /// Old buckets below this index are evacuated (`nevacuate`).
    pub evacuated: usize,
    /// Bytes held on the heap, as [`GoMap::heap_bytes`].
    pub heap_bytes: usize,
}
