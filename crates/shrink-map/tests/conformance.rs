map_testkit::conformance_tests!(shrink_map::ShrinkMap);

/// Hash flooding: the default hasher is seeded afresh for every map, so an
/// attacker cannot precompute keys that collide in all of them.
#[test]
fn default_hasher_is_seeded_per_map() {
    let (a, b) = (
        shrink_map::ShrinkMap::<u64, u64>::new(),
        shrink_map::ShrinkMap::<u64, u64>::new(),
    );
    let same = (0..64u64)
        .filter(|k| a.hasher().hash_one(k) == b.hasher().hash_one(k))
        .count();
    assert_eq!(
        same, 0,
        "two maps hash alike: the default hasher is not seeded per map"
    );
}
