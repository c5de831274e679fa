map_testkit::conformance_tests!(go_hmap::GoMap);

/// Hash flooding: the default hasher is seeded afresh for every map, so an
/// attacker cannot precompute keys that collide in all of them.
#[test]
fn default_hasher_is_seeded_per_map() {
    let (a, b) = (
        go_hmap::GoMap::<u64, u64>::new(),
        go_hmap::GoMap::<u64, u64>::new(),
    );
    map_testkit::assert_seeded_per_map(a.hasher(), b.hasher());
}

/// Impossible sizes: a clear panic, never an abort or UB.
#[test]
fn capacity_overflow_is_reported() {
    for hint in [usize::MAX, usize::MAX / 2, 1 << 62] {
        let panic = std::panic::catch_unwind(|| go_hmap::GoMap::<u64, u64>::with_capacity(hint))
            .expect_err("an unaddressable hint must panic");
        let text = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        assert_eq!(text, "capacity overflow", "hint {hint}");
    }
}
