//! Workloads and measurement for the map-retention comparison.
//!
//! Benches, the report and tests share these definitions, so every figure
//! in the report comes from one implementation of each workload:
//!
//! - [`workloads::seed`]: insert keys `0..n`, drain to 1%, delete all,
//!   recording heap after each phase and the peak (the Go article's
//!   experiment, REFERENCE.md's figures);
//! - [`workloads::burst`]: cycles that fill to `n` and drain to `n / 100`,
//!   recording heap as a time series;
//! - [`workloads::churn`]: a full map in sliding-window steady state,
//!   recording heap over time;
//! - [`workloads::throughput`]: ns/op of insert, get hit, get miss, remove
//!   and churn over xorshift keys;
//! - [`workloads::latency`]: every single insert while growing to `n` and
//!   every remove while draining to zero, timed, as percentiles.
//!
//! Heap is measured with dhat, which allows one profiler per process and
//! cannot reset its peak, so each retention case runs in a child process:
//! see [`child`]. A binary that hosts children installs [`SwitchAlloc`] as
//! its global allocator and calls [`child::serve_if_child`] first thing in
//! `main`.
//!
//! ```
//! use map_baselines::HashbrownMap;
//! use map_bench::{heap::HeapProbe, workloads::seed};
//!
//! // Without dhat, heap comes from the map's own accounting.
//! let record = seed::run::<HashbrownMap<u64, [u8; 128]>, [u8; 128]>(
//!     "hashbrown", 10_000, &mut HeapProbe::reported_only(),
//! );
//! assert_eq!(record.after_delete, record.after_insert); // hashbrown keeps its table
//! ```
#![warn(missing_docs)]

mod alloc;
pub mod child;
pub mod heap;
pub mod records;
pub mod rounds;
pub mod values;
pub mod workloads;

pub use alloc::SwitchAlloc;
