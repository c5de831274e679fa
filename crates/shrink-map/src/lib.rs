//! A hashbrown map that gives memory back by itself, without thrashing.
//!
//! `hashbrown::HashMap` (and so `std::collections::HashMap`) keeps its table
//! after its entries are removed: a cache that held a million entries holds
//! a million entries' worth of memory until someone calls `shrink_to_fit`.
//! [`ShrinkMap`] is the same table with an automatic shrink policy: when a
//! removal leaves the map at or below an eighth of its capacity, it
//! reallocates to a table about half full. The gap between the two loads is
//! hysteresis: no sequence of operations makes the map grow and shrink over
//! and over, and every operation is amortized O(1) (the proof, for
//! hashbrown's real power-of-two rounding, is in docs/shrink-map.md in the
//! repository).
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
//! assert!(cache.heap_bytes() * 10 < full);
//! // Counted reallocations: grows on the way up, shrinks on the way down.
//! let stats = cache.stats();
//! assert!(stats.shrinks >= 1);
//! ```
//!
//! # What it costs
//!
//! Lookups and inserts run hashbrown's own code. A removal adds one
//! comparison; the removal that crosses the low-water mark pays an O(n)
//! rehash of the remaining entries, a latency spike the size of the table
//! (the README gives measured figures). Draining a full map moves about
//! 0.3 entries per removal under the default policy; [`ShrinkPolicy`]
//! offers tighter and lazier ones. Use a generational or incremental
//! strategy if the spike matters more than simplicity.
//!
//! # What it keeps
//!
//! A drained map holds at most four times the table a right-sized hashbrown
//! map would need for the entries left (under the default policy), and an
//! emptied one holds nothing, whichever way it was emptied: `remove`,
//! [`OccupiedEntry::remove`], [`retain`](ShrinkMap::retain),
//! [`extract_if`](ShrinkMap::extract_if), [`drain`](ShrinkMap::drain) or
//! [`clear`](ShrinkMap::clear). The only floors are the ones asked for:
//!
//! - the policy's [`min_capacity`](ShrinkPolicy::min_capacity);
//! - a capacity asked for with [`ShrinkMap::with_capacity`] or
//!   [`ShrinkMap::reserve`], until [`ShrinkMap::release_reserved`],
//!   [`ShrinkMap::shrink_to`] or [`ShrinkMap::shrink_to_fit`].
//!
//! A map that empties and refills over and over gives its table back on
//! every drain and grows it again on every refill. That costs what
//! hashbrown's own growth costs, O(1) amortized per operation; reserve the
//! capacity if the refills should not reallocate. [`ShrinkPolicy::never`]
//! keeps the table, as hashbrown does.
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
pub use iter::{
    Drain, ExtractIf, IntoIter, IntoKeys, IntoValues, Iter, IterMut, Keys, Values, ValuesMut,
};
pub use map::ShrinkMap;
pub use map_api::{Equivalent, TryReserveError};
pub use policy::{Load, PolicyError, ShrinkPolicy};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
