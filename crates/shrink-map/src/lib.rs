//! A hashbrown map that gives memory back by itself, without thrashing.
//!
//! `hashbrown::HashMap` (and so `std::collections::HashMap`) keeps its table
//! after its entries are removed: a cache that held a million entries holds
//! a million entries' worth of memory until someone calls `shrink_to_fit`.
//! [`ShrinkMap`] is the same table with an automatic shrink policy: when a
//! removal leaves the map at or below a quarter of its capacity, it
//! reallocates to a table about half full. The gap between the two loads is
//! hysteresis: no sequence of operations makes the map grow and shrink over
//! and over, and every operation is amortized O(1) (the proof, for
//! hashbrown's real power-of-two rounding, is in docs/shrink-map.md).
//!
//! ```
//! use shrink_map::ShrinkMap;
//!
//! let mut cache: ShrinkMap<u64, [u8; 128]> = ShrinkMap::new();
//! for k in 0..100_000 {
//!     cache.insert(k, [0; 128]);
//! }
//! let full = cache.heap_bytes();
//! // Evict 99%: the map shrinks on its own along the way.
//! for k in 0..99_000 {
//!     cache.remove(&k);
//! }
//! assert!(cache.heap_bytes() * 20 < full);
//! // Counted reallocations: a few grows up, a few shrinks down.
//! let stats = cache.stats();
//! assert!(stats.shrinks >= 1);
//! ```
//!
//! # What it costs
//!
//! Lookups and inserts run hashbrown's own code. A removal adds one
//! multiply-compare; the removal that crosses the low-water mark pays an
//! O(n) rehash of the remaining entries, a latency spike the size of the
//! table (the README gives measured figures). Use a generational or
//! incremental strategy if that spike matters more than simplicity.
//!
//! # Floors
//!
//! Automatic shrinking never goes below [`ShrinkMap::floor_capacity`]:
//!
//! - the policy's [`min_capacity`](ShrinkPolicy::min_capacity);
//! - a capacity asked for with [`ShrinkMap::with_capacity`] or
//!   [`ShrinkMap::reserve`], until [`ShrinkMap::release_reserved`],
//!   [`ShrinkMap::shrink_to`] or [`ShrinkMap::shrink_to_fit`];
//! - a capacity learned from a clear-and-refill cycle: when the map grows
//!   back to a table size it gave back, it keeps that size, so that
//!   deleting N entries and inserting N again does not reallocate on every
//!   cycle. The learned floor is dropped once the map has made more
//!   removals at its low-water mark than the floor's capacity without
//!   refilling, or by the calls above.
//!
//! [`ShrinkMap::clear`] and [`ShrinkMap::drain`] give the table back down
//! to the floor (with no floor, to nothing), since removing the entries one
//! by one would do the same; [`ShrinkPolicy::never`] keeps the table.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod entry;
mod governor;
mod iter;
mod map;
mod policy;
mod traits;

pub use entry::{Entry, OccupiedEntry, VacantEntry};
pub use governor::Stats;
pub use hashbrown::{Equivalent, TryReserveError};
pub use iter::{Drain, IntoIter, Iter, IterMut, Keys, Values, ValuesMut};
pub use map::ShrinkMap;
pub use policy::{Load, PolicyError, ShrinkPolicy};
