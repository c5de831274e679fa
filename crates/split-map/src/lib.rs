#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod entry;
mod iter;
mod map;
mod raw;
mod stats;
mod traits;

pub use entry::{Entry, OccupiedEntry, VacantEntry};
pub use iter::{
    Drain, ExtractIf, IntoIter, IntoKeys, IntoValues, Iter, IterMut, Keys, Values, ValuesMut,
};
pub use map::SplitMap;
pub use map_api::{Equivalent, TryReserveError};
pub use stats::{Layout, MAX_LOCAL_DEPTH, Stats, TableLayout};
