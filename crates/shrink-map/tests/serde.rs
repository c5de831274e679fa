//! The serde half of the shared surface contract: a plain JSON object
//! round-trips, a repeated key keeps its last value, and a claimed length
//! is not trusted.
#![cfg(feature = "serde")]

map_testkit::serde_surface_tests!(shrink_map::ShrinkMap);
