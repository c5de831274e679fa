map_testkit::heap_accounting_test!(go_hmap::GoMap);
