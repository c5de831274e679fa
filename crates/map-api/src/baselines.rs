//! The maps every strategy is compared against, each implementing
//! [`MapStrategy`](crate::MapStrategy).
//!
//! | baseline | what it shows |
//! |---|---|
//! | `std::collections::HashMap` | what most Rust code uses: SipHash, never shrinks on its own |
//! | [`HashbrownMap`] | the same table with ahash, the speed reference |
//! | [`IndexMapAhash`] | entries in a dense vector plus an index, removing with `swap_remove` |
//! | [`BoxedMap`] | the Go article's `map[int]*[128]byte` remedy: values behind boxes |

mod boxed;
mod hashbrown_map;
mod index_map;
mod std_map;

pub use boxed::BoxedMap;
pub use hashbrown_map::HashbrownMap;
pub use index_map::IndexMapAhash;
