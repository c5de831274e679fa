#![cfg(feature = "serde")]
//! Serialize as a plain map, Deserialize from one.

map_testkit::serde_surface_tests!(split_map::SplitMap);
