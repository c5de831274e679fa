map_testkit::conformance_tests!(slab_map::SlabMap);
