//! The kit run against the baselines it ships with, so the kit itself is
//! tested on maps known to be correct.

mod std_hashmap {
    map_testkit::conformance_tests!(std::collections::HashMap);
}

mod hashbrown_ahash {
    map_testkit::conformance_tests!(map_api::baselines::HashbrownMap);
}

mod indexmap_ahash {
    map_testkit::conformance_tests!(map_api::baselines::IndexMapAhash);
}

mod boxed_values {
    map_testkit::conformance_tests!(map_api::baselines::BoxedMap);
}
