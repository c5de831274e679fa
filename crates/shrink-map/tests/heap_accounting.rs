map_testkit::heap_accounting_test!(shrink_map::ShrinkMap);
