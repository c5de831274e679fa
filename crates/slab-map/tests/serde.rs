//! The serde half of the surface contract: `cargo test -p slab-map
//! --features serde`.
#![cfg(feature = "serde")]

map_testkit::serde_surface_tests!(slab_map::SlabMap);
