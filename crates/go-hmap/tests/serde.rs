//! The serde half of the surface contract: `cargo test -p go-hmap
//! --features serde`.
#![cfg(feature = "serde")]

map_testkit::serde_surface_tests!(go_hmap::GoMap);
