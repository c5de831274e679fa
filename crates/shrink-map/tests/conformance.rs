map_testkit::conformance_tests!(shrink_map::ShrinkMap);
map_testkit::retention_tests!(shrink_map::ShrinkMap);

/// Hash flooding: the default hasher is seeded afresh for every map, so an
/// attacker cannot precompute keys that collide in all of them.
#[test]
fn default_hasher_is_seeded_per_map() {
    let (a, b) = (
        shrink_map::ShrinkMap::<u64, u64>::new(),
        shrink_map::ShrinkMap::<u64, u64>::new(),
    );
    map_testkit::assert_seeded_per_map(a.hasher(), b.hasher());
}
