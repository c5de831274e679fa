//! A hash map made of small tables behind a directory, which split as the
//! map fills and merge as it empties.
//!
//! `hashbrown::HashMap` (and so `std::collections::HashMap`) is one table.
//! It doubles when full, which holds the old and the new table at once and
//! rehashes every entry inside one insert, and it never gives memory back
//! by itself. The workspace's other remedies choose between a pause and a
//! cost on every write: shrink-map and slab-map give memory back in one
//! O(n) step inside a removal, gen-map never pauses but migrates entries on
//! every write while a migration runs.
//!
//! [`SplitMap`] is extendible hashing (Fagin et al., 1979), the layout Go
//! 1.24's runtime map grows by: a directory of `2^global_depth` slots, each
//! pointing to a small `hashbrown::HashTable`. A table of local depth `d`
//! owns the slots that share its low `d` directory bits.
//!
//! - **Growth is one small table at a time.** A table below the maximum
//!   size (128 KiB of entries by default: 8,192 buckets of `u64 -> u64`,
//!   2,048 of `u64 -> [u64; 4]`) doubles; a full table at the maximum
//!   splits in two on its next directory bit, and only when its local depth
//!   equals the global depth does the directory (4 bytes a slot) double.
//!   Nothing ever doubles the whole map, so there is no 1.5x spike.
//! - **Memory comes back one small table at a time.** When a removal
//!   leaves a table and its buddy with three quarters of a maximum table's
//!   capacity or less between them, they merge, the smaller moving into the
//!   larger's allocation where it fits; the directory halves when no table
//!   needs its top bit. A lone table shrinks as shrink-map does.
//! - **Hysteresis.** Tables split full and merge three-quarters empty, so
//!   no sequence of operations can split and merge a pair over and over;
//!   every operation is amortized O(1), and none moves more than one
//!   table's entries (docs/split-map.md).
//!
//! ```
//! use split_map::SplitMap;
//!
//! let mut cache: SplitMap<u64, [u8; 128]> = SplitMap::new();
//! for k in 0..100_000 {
//!     cache.insert(k, [0; 128]);
//! }
//! let full = cache.heap_bytes();
//! // Evict 99%: the tables merge along the way.
//! for k in 0..99_000 {
//!     cache.remove(&k);
//! }
//! assert!(cache.heap_bytes() * 20 < full);
//! let stats = cache.stats();
//! assert!(stats.splits > 0 && stats.merges > 0);
//! ```
//!
//! # What it costs
//!
//! A lookup reads one more word than hashbrown's (the directory slot) and
//! one more table header. Splits, merges and table doublings are bounded
//! by the table size, so the slowest single operation is microseconds, not
//! the milliseconds of a large hashbrown resize; the price is that those
//! steps recur, a few per thousand operations, in steady growth or
//! shrinkage. The crate's README gives measured figures.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod entry;
mod iter;
mod map;
mod raw;
mod stats;
mod traits;

pub use entry::{Entry, OccupiedEntry, VacantEntry};
pub use map_api::{Equivalent, TryReserveError};
pub use iter::{
    Drain, ExtractIf, IntoIter, IntoKeys, IntoValues, Iter, IterMut, Keys, Values, ValuesMut,
};
pub use map::SplitMap;
pub use stats::{Layout, MAX_LOCAL_DEPTH, Stats, TableLayout};
