//! The workspace's std `HashMap` contract, checked by compiling it.

map_testkit::std_surface_tests!(crate: split_map, map: SplitMap);
