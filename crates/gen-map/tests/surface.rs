//! The std-surface contract every strategy crate meets (map-testkit).

map_testkit::std_surface_tests!(crate: gen_map, map: GenMap);
