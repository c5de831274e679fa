//! The std `HashMap` surface every strategy crate meets (issue 20),
//! checked by map-testkit's shared contract.

map_testkit::std_surface_tests!(crate: shrink_map, map: ShrinkMap);
