map_testkit::conformance_tests!(slab_map::SlabMap);
map_testkit::retention_tests!(slab_map::SlabMap);

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
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| message.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    assert_eq!(text, "capacity overflow");
    let mut map = slab_map::SlabMap::<u64, [u8; 4096]>::new();
    // Past the 32-bit slot numbers: an overflow, whatever the memory.
    assert_eq!(
        map.try_reserve(slab_map::MAX_ENTRIES + 1),
        Err(slab_map::TryReserveError::CapacityOverflow)
    );
    assert_eq!(
        map.try_reserve(usize::MAX / 2),
        Err(slab_map::TryReserveError::CapacityOverflow)
    );
    assert!(std::panic::catch_unwind(move || map.reserve(usize::MAX)).is_err());
}

/// `try_insert` is hashbrown's: it refuses to overwrite, and hands back
/// the entry and the value it refused.
#[test]
fn try_insert_refuses_a_present_key() {
    let mut map = slab_map::SlabMap::new();
    *map.try_insert("a", 1).expect("absent") += 1;
    let refused = map.try_insert("a", 10).expect_err("present");
    assert_eq!((*refused.entry.key(), *refused.entry.get()), ("a", 2));
    assert_eq!(refused.value, 10);
    assert_eq!(
        refused.to_string(),
        r#"failed to insert 10, key "a" already exists with value 2"#
    );
    assert_eq!(map["a"], 2);
}

/// A panicking `extract_if` predicate leaves the entry it was called on,
/// and every other unextracted one, in a map that still works.
#[test]
fn extract_if_survives_a_panicking_predicate() {
    let mut map: slab_map::SlabMap<u32, u32> = (0..1_000).map(|k| (k, k)).collect();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut calls = 0;
        map.extract_if(|_, _| {
            calls += 1;
            assert!(calls < 700, "predicate panics");
            true
        })
        .for_each(drop);
    }));
    assert!(outcome.is_err());
    // The walk is in slab order, which for a map filled in order and never
    // removed from is key order: 699 extracted, the 700th kept with the
    // rest, and the map compacted on the way out.
    assert_eq!(map.len(), 301);
    assert_eq!(map.stats().vacant, 0);
    let mut keys: Vec<u32> = map.keys().copied().collect();
    keys.sort_unstable();
    assert_eq!(keys, (699..1_000).collect::<Vec<u32>>());
    for k in keys {
        assert_eq!(map.get(&k), Some(&k));
    }
    map.insert(5_000, 1);
    assert_eq!(map[&5_000], 1);
}
