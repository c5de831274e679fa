map_testkit::conformance_tests!(shrink_map::ShrinkMap);
