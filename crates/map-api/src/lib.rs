//! The common interface of the memory-retention map strategies, and the
//! baselines every strategy is measured against.
//!
//! A hash map that grows to a million entries and is then emptied usually
//! keeps its whole table: Go's runtime map never shrinks, and Rust's
//! `HashMap` keeps its capacity until someone calls `shrink_to_fit`. This
//! workspace compares strategies that give memory back, and what that costs.
//! Every strategy and baseline implements [`MapStrategy`], whose
//! [`heap_bytes`](MapStrategy::heap_bytes) reports what the map's own
//! structure holds on the heap, so that retention can be compared like for
//! like.
//!
//! # Example
//!
//! ```
//! use map_api::{MapStrategy, baselines::HashbrownMap};
//!
//! let mut map: HashbrownMap<u64, [u8; 128]> = Default::default();
//! for k in 0..10_000 {
//!     map.insert(k, [0; 128]);
//! }
//! let full = map.heap_bytes();
//! for k in 0..10_000 {
//!     map.remove(&k);
//! }
//! // hashbrown keeps its table after every entry is gone: the problem this
//! // workspace measures.
//! assert!(map.is_empty());
//! assert_eq!(map.heap_bytes(), full);
//! ```
//!
//! # Families
//!
//! Benchmarks and tests need to instantiate one strategy at several key and
//! value types. A [`Family`] is a type-level constructor that does that:
//! `F::Map<u64, [u8; 128]>` is the strategy `F` holding 128-byte values.
#![warn(missing_docs)]

pub mod baselines;
mod family;
pub mod layout;
mod strategy;
mod xorshift;

pub use family::{Family, Kind, Visitor};
pub use strategy::{MapIter, MapStrategy};
pub use xorshift::XorShift64;
