//! Heap accounting of the baselines against dhat. A binary of its own,
//! because dhat becomes the global allocator.

map_testkit::heap_accounting_test!(
    std::collections::HashMap,
    map_api::baselines::HashbrownMap,
    map_api::baselines::IndexMapAhash,
    map_api::baselines::BoxedMap,
);
