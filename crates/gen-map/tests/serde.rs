//! The serde half of the std-surface contract (map-testkit).
#![cfg(feature = "serde")]

map_testkit::serde_surface_tests!(gen_map::GenMap);
