map_testkit::conformance_tests!(gen_map::GenMap);
map_testkit::retention_tests!(gen_map::GenMap);

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

/// Impossible sizes with a next table already prepared, and limits at the
/// top of the range: errors, never an overflow inside the bookkeeping.
#[test]
fn huge_sizes_next_to_a_prepared_table() {
    use gen_map::{GenMap, ShrinkPolicy, Stats};

    // Enough 4 KiB entries that the next table is prepared ahead.
    let mut map: GenMap<u64, [u8; 4096]> = GenMap::new();
    let mut k = 0;
    while map.stats().prepared_bytes == 0 {
        map.insert(k, [0; 4096]);
        k += 1;
        assert!(k < 10_000, "no table was prepared: {:?}", map.stats());
    }
    assert_eq!(
        map.try_reserve(usize::MAX / 2),
        Err(gen_map::TryReserveError::CapacityOverflow)
    );
    assert_eq!(map.len() as u64, k);
    map.shrink_to(usize::MAX);
    assert_eq!(map.len() as u64, k, "shrink_to keeps every entry");

    let floor = ShrinkPolicy {
        min_capacity: usize::MAX,
        ..ShrinkPolicy::DEFAULT
    };
    let mut map: GenMap<u64, u64> = GenMap::with_policy(floor);
    map.extend((0..1_000).map(|k| (k, k)));
    map.retain(|&k, _| k < 3);
    for k in 0..3 {
        map.remove(&k);
    }
    let stats: Stats = map.stats();
    assert_eq!(stats.shrink_rotations, 0, "min_capacity keeps the table");
    assert!(map.is_empty());
}
