map_testkit::heap_accounting_test!(split_map::SplitMap);
