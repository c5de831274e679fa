map_testkit::heap_accounting_test!(gen_map::GenMap);
