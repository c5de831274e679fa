//! The std-surface contract every strategy crate meets (SURFACE in the
//! workspace's notes), checked by compiling and running the kit's tests.

map_testkit::std_surface_tests!(crate: slab_map, map: SlabMap);
