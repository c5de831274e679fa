map_testkit::conformance_tests!(gen_map::GenMap);

/// Hash flooding: the default hasher is seeded afresh for every map, so an
/// attacker cannot precompute keys that collide in all of them.
#[test]
fn default_hasher_is_seeded_per_map() {
    let (a, b) = (
        gen_map::GenMap::<u64, u64>::new(),
        gen_map::GenMap::<u64, u64>::new(),
    );
    map_testkit::assert_seeded_per_map(a.hasher(), b.hasher());
}

/// Impossible sizes: a clear panic or an error, never an abort or UB.
#[test]
fn capacity_overflow_is_reported() {
    let panic = std::panic::catch_unwind(|| gen_map::GenMap::<u64, u64>::with_capacity(usize::MAX))
        .expect_err("with_capacity(usize::MAX) must panic");
    let text = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    assert!(text.contains("capacity overflow"), "{text}");
    let mut map: gen_map::GenMap<u64, [u8; 4096]> = (0..10).map(|k| (k, [0; 4096])).collect();
    assert_eq!(
        map.try_reserve(usize::MAX - 5),
        Err(gen_map::TryReserveError::CapacityOverflow)
    );
    assert_eq!(
        map.try_reserve(usize::MAX / 2),
        Err(gen_map::TryReserveError::CapacityOverflow)
    );
    assert_eq!(map.len(), 10, "a failed reservation keeps every entry");
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| map.reserve(usize::MAX)))
        .expect_err("reserve(usize::MAX) must panic");
    let text = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .unwrap_or_default();
    assert_eq!(text, "capacity overflow");
    assert_eq!(map.len(), 10);
}
