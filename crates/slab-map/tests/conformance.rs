map_testkit::conformance_tests!(slab_map::SlabMap);

/// Hash flooding: the default hasher is seeded afresh for every map, so an
/// attacker cannot precompute keys that collide in all of them.
#[test]
fn default_hasher_is_seeded_per_map() {
    let (a, b) = (
        slab_map::SlabMap::<u64, u64>::new(),
        slab_map::SlabMap::<u64, u64>::new(),
    );
    map_testkit::assert_seeded_per_map(a.hasher(), b.hasher());
}

#[test]
fn huge_requests_fail_cleanly() {
    let result =
        std::panic::catch_unwind(|| slab_map::SlabMap::<u64, u64>::with_capacity(usize::MAX));
    let message = result.expect_err("must panic");
    let text = message
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(text.contains("capacity overflow"), "{text}");
    let mut map = slab_map::SlabMap::<u64, [u8; 4096]>::new();
    assert_eq!(
        map.try_reserve(usize::MAX / 2),
        Err(slab_map::TryReserveError::CapacityOverflow)
    );
    assert!(std::panic::catch_unwind(move || map.reserve(usize::MAX)).is_err());
}
