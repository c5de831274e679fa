map_testkit::heap_accounting_test!(slab_map::SlabMap);
