//! The common interface of the memory-retention map strategies.
//!
//! A hash map that grows to a million entries and is then emptied usually
//! keeps its whole table: Go's runtime map never shrinks, and Rust's
//! `HashMap` keeps its capacity until someone calls `shrink_to_fit`. The
//! strategy crates built on this one give memory back by themselves
//! (`shrink-map`, `gen-map`, `slab-map`, `split-map`), or reproduce Go's map
//! to show the problem (`go-hmap`). Every one implements [`MapStrategy`],
//! whose [`heap_bytes`](MapStrategy::heap_bytes) reports what the map's own
//! structure holds on the heap, so that retention can be compared like for
//! like, and [`MapIter`].
//!
//! This crate holds only what the strategies share: the two traits, the
//! [`Family`] and [`Visitor`] traits that benchmarks use to range over
//! strategies, hashbrown's table [`layout`] arithmetic, and the one key
//! lookup and allocation-failure contract ([`Equivalent`],
//! [`TryReserveError`]). With the `serde` feature it also holds the
//! `Serialize`/`Deserialize` plumbing the strategy crates' own `serde`
//! features use. It depends on nothing but hashbrown (no default features)
//! for those two types.
//!
//! # Example
//!
//! Code generic over every strategy, here run on a minimal strategy of its
//! own: a vector that gives its memory back when emptied.
//!
//! ```
//! use map_api::MapStrategy;
//!
//! /// Fills a map and empties it, returning the bytes it still holds.
//! fn kept_after_emptying<M: MapStrategy<u64, u64> + Default>(n: u64) -> usize {
//!     let mut map = M::default();
//!     for k in 0..n {
//!         map.insert(k, k);
//!     }
//!     for k in 0..n {
//!         map.remove(&k);
//!     }
//!     assert!(map.is_empty());
//!     map.heap_bytes()
//! }
//!
//! #[derive(Default)]
//! struct VecMap(Vec<(u64, u64)>);
//!
//! impl MapStrategy<u64, u64> for VecMap {
//!     fn insert(&mut self, key: u64, value: u64) -> Option<u64> {
//!         match self.get_mut(&key) {
//!             Some(old) => Some(std::mem::replace(old, value)),
//!             None => {
//!                 self.0.push((key, value));
//!                 None
//!             }
//!         }
//!     }
//!     fn get(&self, key: &u64) -> Option<&u64> {
//!         self.0.iter().find(|e| e.0 == *key).map(|e| &e.1)
//!     }
//!     fn get_mut(&mut self, key: &u64) -> Option<&mut u64> {
//!         self.0.iter_mut().find(|e| e.0 == *key).map(|e| &mut e.1)
//!     }
//!     fn remove(&mut self, key: &u64) -> Option<u64> {
//!         let at = self.0.iter().position(|e| e.0 == *key)?;
//!         let (_, value) = self.0.swap_remove(at);
//!         if self.0.len() <= self.0.capacity() / 4 {
//!             self.0.shrink_to_fit();
//!         }
//!         Some(value)
//!     }
//!     fn len(&self) -> usize {
//!         self.0.len()
//!     }
//!     fn clear(&mut self) {
//!         self.0 = Vec::new();
//!     }
//!     fn heap_bytes(&self) -> usize {
//!         self.0.capacity() * size_of::<(u64, u64)>()
//!     }
//! }
//!
//! assert_eq!(kept_after_emptying::<VecMap>(100), 0);
//! ```
//!
//! # Families
//!
//! Benchmarks and tests need to instantiate one strategy at several key and
//! value types. A [`Family`] is a type-level constructor that does that:
//! `F::Map<u64, [u8; 128]>` is the strategy `F` holding 128-byte values.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod family;
pub mod layout;
mod macros;
#[cfg(feature = "serde")]
mod serde_impl;
mod strategy;

pub use family::{Family, Kind, Visitor};
pub use strategy::{MapIter, MapStrategy};

/// The key-lookup contract of every strategy crate: a key type `Q` can look
/// up keys `K` when `Q: Equivalent<K>`.
///
/// This is the trait hashbrown and indexmap use (from the `equivalent`
/// crate). Every `Q` that `K` borrows as (`K: Borrow<Q>`, `Q: Eq`) is
/// `Equivalent<K>` through a blanket impl, so `map.get("key")` works on
/// `String` keys exactly as with std's `Borrow`-based lookups.
pub use hashbrown::Equivalent;

/// The error of every strategy's `try_reserve`: the capacity overflowed, or
/// the allocator refused the layout it carries.
pub use hashbrown::TryReserveError;

/// Items the strategy crates' macros and shared helpers need. Not part of
/// the public API.
#[doc(hidden)]
pub mod __private {
    #[cfg(feature = "serde")]
    pub use crate::serde_impl::{cautious_capacity, deserialize_map};
    #[cfg(feature = "serde")]
    pub use serde;

    use crate::TryReserveError;

    /// What every infallible allocating call does when `try_reserve` would
    /// have failed: panic on capacity overflow, as std does, or hand the
    /// refused layout to [`std::alloc::handle_alloc_error`].
    #[cold]
    #[inline(never)]
    #[track_caller]
    pub fn reserve_failed(error: TryReserveError) -> ! {
        match error {
            TryReserveError::CapacityOverflow => panic!("capacity overflow"),
            TryReserveError::AllocError { layout } => std::alloc::handle_alloc_error(layout),
        }
    }
}
