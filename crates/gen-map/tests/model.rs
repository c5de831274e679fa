//! Random operation sequences against `std::collections::HashMap`,
//! including every way of removing entries, and explicit rotations and
//! maintenance, so that many operations land mid-migration.

use std::collections::HashMap;

use gen_map::{Entry, GenMap};
use map_api::layout::raw_table_bytes;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Insert(u16, u32),
    Remove(u16),
    RemoveEntry(u16),
    Get(u16),
    GetMut(u16, u32),
    EntryOrInsert(u16, u32),
    EntryRemove(u16),
    EntryInsert(u16, u32),
    Retain(u16),
    DrainSome(u8),
    Clear,
    Rotate,
    Maintain(u8),
    FinishMigration,
    /// Many removals of a key range, to cross thresholds quickly.
    RemoveRange(u16, u16),
    /// Many inserts of a key range.
    InsertRange(u16, u16),
    /// `extract_if` of the keys divisible by the first number, taking at
    /// most the second number of entries before dropping the iterator.
    ExtractSome(u16, u8),
    ShrinkToFit,
    ShrinkTo(u16),
    /// Two keys' values swapped through `get_disjoint_mut`.
    SwapValues(u16, u16),
}

fn op() -> impl Strategy<Value = Op> {
    // Under Miri, 150 keys: still past the 512-byte threshold there (a
    // table of `(u16, u32)` for 150 entries takes 2 KiB), so the page paths
    // run, while the ranges and the full check after each operation stay
    // short.
    let key = 0u16..if cfg!(miri) { 150 } else { 600 };
    prop_oneof![
        8 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::Insert(k, v)),
        6 => key.clone().prop_map(Op::Remove),
        2 => key.clone().prop_map(Op::RemoveEntry),
        3 => key.clone().prop_map(Op::Get),
        2 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::GetMut(k, v)),
        3 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::EntryOrInsert(k, v)),
        3 => key.clone().prop_map(Op::EntryRemove),
        2 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::EntryInsert(k, v)),
        1 => (1u16..8).prop_map(Op::Retain),
        1 => any::<u8>().prop_map(Op::DrainSome),
        1 => Just(Op::Clear),
        2 => Just(Op::Rotate),
        1 => any::<u8>().prop_map(Op::Maintain),
        1 => Just(Op::FinishMigration),
        2 => (key.clone(), key.clone()).prop_map(|(a, b)| Op::RemoveRange(a.min(b), a.max(b))),
        2 => (key.clone(), key.clone()).prop_map(|(a, b)| Op::InsertRange(a.min(b), a.max(b))),
        2 => ((1u16..8), any::<u8>()).prop_map(|(m, take)| Op::ExtractSome(m, take)),
        1 => Just(Op::ShrinkToFit),
        1 => key.clone().prop_map(Op::ShrinkTo),
        2 => (key.clone(), key).prop_map(|(a, b)| Op::SwapValues(a, b)),
    ]
}

fn check(map: &GenMap<u16, u32>, model: &HashMap<u16, u32>) {
    assert_eq!(map.len(), model.len());
    assert_eq!(map.is_empty(), model.is_empty());
    let mut ours: Vec<(u16, u32)> = map.iter().map(|(&k, &v)| (k, v)).collect();
    let mut theirs: Vec<(u16, u32)> = model.iter().map(|(&k, &v)| (k, v)).collect();
    ours.sort_unstable();
    theirs.sort_unstable();
    assert_eq!(ours, theirs);
    assert_eq!(map.keys().count(), model.len());
    assert_eq!(
        map.values().map(|&v| u64::from(v)).sum::<u64>(),
        model.values().map(|&v| u64::from(v)).sum::<u64>()
    );
    let stats = map.stats();
    assert_eq!(stats.current_len + stats.previous_len, model.len());
    // What the map reports against what its tables must take, worked out
    // from their bucket counts with hashbrown's layout: a table the map
    // does not count, or counts twice, shows here. Prepared and retiring
    // blocks are held inside the map, so nothing else may come on top.
    let table = |buckets: usize| {
        if buckets <= 1 {
            0 // hashbrown's unallocated empty table
        } else {
            raw_table_bytes::<(u16, u32)>(buckets)
        }
    };
    let expected = table(stats.current_buckets)
        + table(stats.previous_buckets)
        + stats.prepared_bytes
        + stats.retiring_bytes;
    assert_eq!(map.heap_bytes(), expected, "{stats:?}");
}

proptest! {
    // A fixed seed and hasher keep the test deterministic.
    #![proptest_config(ProptestConfig {
        cases: if cfg!(miri) { 4 } else { 256 },
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x6E4_6E4),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn behaves_like_std_hashmap(ops in prop::collection::vec(op(), 1..if cfg!(miri) { 40 } else { 200 })) {
        let mut map: GenMap<u16, u32> =
            GenMap::with_hasher(ahash::RandomState::with_seeds(5, 6, 7, 8));
        let mut model: HashMap<u16, u32> = HashMap::new();
        for op in ops {
            match op {
                Op::Insert(k, v) => prop_assert_eq!(map.insert(k, v), model.insert(k, v)),
                Op::Remove(k) => prop_assert_eq!(map.remove(&k), model.remove(&k)),
                Op::RemoveEntry(k) => prop_assert_eq!(map.remove_entry(&k), model.remove_entry(&k)),
                Op::Get(k) => {
                    prop_assert_eq!(map.get(&k), model.get(&k));
                    prop_assert_eq!(map.contains_key(&k), model.contains_key(&k));
                    prop_assert_eq!(map.get_key_value(&k), model.get_key_value(&k));
                }
                Op::GetMut(k, v) => {
                    let ours = map.get_mut(&k).map(|x| { *x ^= v; *x });
                    let theirs = model.get_mut(&k).map(|x| { *x ^= v; *x });
                    prop_assert_eq!(ours, theirs);
                }
                Op::EntryOrInsert(k, v) => {
                    let ours = *map.entry(k).and_modify(|x| *x = x.wrapping_add(1)).or_insert(v);
                    let theirs = *model.entry(k).and_modify(|x| *x = x.wrapping_add(1)).or_insert(v);
                    prop_assert_eq!(ours, theirs);
                }
                Op::EntryRemove(k) => {
                    let ours = match map.entry(k) {
                        Entry::Occupied(entry) => Some(entry.remove_entry()),
                        Entry::Vacant(entry) => {
                            prop_assert_eq!(*entry.key(), k);
                            None
                        }
                    };
                    prop_assert_eq!(ours, model.remove_entry(&k));
                }
                Op::EntryInsert(k, v) => {
                    let ours = match map.entry(k) {
                        Entry::Occupied(mut entry) => Some(entry.insert(v)),
                        Entry::Vacant(entry) => {
                            entry.insert(v);
                            None
                        }
                    };
                    prop_assert_eq!(ours, model.insert(k, v));
                }
                Op::Retain(m) => {
                    map.retain(|&k, v| { *v = v.wrapping_add(1); k % m != 0 });
                    model.retain(|&k, v| { *v = v.wrapping_add(1); k % m != 0 });
                }
                Op::DrainSome(take) => {
                    let ours: Vec<(u16, u32)> = map.drain().take(usize::from(take)).collect();
                    for (k, v) in &ours {
                        prop_assert_eq!(model.get(k), Some(v));
                    }
                    model.clear();
                    prop_assert_eq!(map.heap_bytes(), 0, "a drained map holds nothing");
                }
                Op::Clear => {
                    map.clear();
                    model.clear();
                    prop_assert_eq!(map.heap_bytes(), 0, "a cleared map holds nothing");
                }
                Op::Rotate => map.rotate(),
                Op::Maintain(n) => map.maintain(usize::from(n)),
                Op::FinishMigration => {
                    map.finish_migration();
                    prop_assert!(!map.is_migrating());
                }
                Op::RemoveRange(a, b) => {
                    for k in a..b {
                        prop_assert_eq!(map.remove(&k), model.remove(&k));
                    }
                }
                Op::InsertRange(a, b) => {
                    for k in a..b {
                        prop_assert_eq!(map.insert(k, u32::from(k)), model.insert(k, u32::from(k)));
                    }
                }
                Op::ExtractSome(m, take) => {
                    let taken: Vec<(u16, u32)> = map
                        .extract_if(|&k, v| {
                            *v = v.wrapping_add(1);
                            k % m == 0
                        })
                        .take(usize::from(take))
                        .collect();
                    // The predicate ran on a prefix of the map's own order,
                    // which a model cannot reproduce; what it yielded must
                    // have been there, and is gone now.
                    for (k, v) in &taken {
                        prop_assert_eq!(k % m, 0);
                        let before = model.remove(k);
                        prop_assert_eq!(before.map(|b| b.wrapping_add(1)), Some(*v));
                    }
                    // Entries the predicate saw and kept were incremented;
                    // resynchronise the model's values from the map, whose
                    // keys must still match.
                    prop_assert_eq!(map.len(), model.len());
                    for (k, v) in map.iter() {
                        prop_assert!(model.contains_key(k));
                        model.insert(*k, *v);
                    }
                }
                Op::ShrinkToFit => {
                    map.shrink_to_fit();
                    prop_assert!(!map.is_migrating());
                    prop_assert!(map.capacity() >= map.len());
                }
                Op::ShrinkTo(min) => {
                    map.shrink_to(usize::from(min));
                    prop_assert!(map.capacity() >= map.len());
                }
                Op::SwapValues(a, b) => {
                    if a != b {
                        if let [Some(x), Some(y)] = map.get_disjoint_mut([&a, &b]) {
                            core::mem::swap(x, y);
                        }
                        if let (Some(&x), Some(&y)) = (model.get(&a), model.get(&b)) {
                            model.insert(a, y);
                            model.insert(b, x);
                        }
                    }
                }
            }
            check(&map, &model);
        }
        let clone = map.clone();
        prop_assert!(clone == map);
        check(&clone, &model);
        let mut owned: Vec<(u16, u32)> = map.into_iter().collect();
        owned.sort_unstable();
        let mut expected: Vec<(u16, u32)> = model.into_iter().collect();
        expected.sort_unstable();
        prop_assert_eq!(owned, expected);
    }
}
