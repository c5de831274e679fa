//! Random operation sequences against `std::collections::HashMap`, under
//! several shrink policies, including every way of removing entries.

use std::collections::HashMap;

use proptest::prelude::*;
use shrink_map::{Entry, Load, ShrinkMap, ShrinkPolicy};

#[derive(Debug, Clone)]
enum Op {
    Insert(u16, u32),
    Remove(u16),
    RemoveEntry(u16),
    Get(u16),
    GetMut(u16, u32),
    EntryOrInsert(u16, u32),
    EntryRemove(u16),
    Retain(u16),
    /// `extract_if` on keys divisible by the first, stopping after the
    /// second many have been yielded.
    ExtractSome(u16, u8),
    DrainSome(u8),
    Clear,
    Reserve(u8),
    ShrinkToFit,
    ReleaseReserved,
    /// Many removals of a key range, to cross thresholds quickly.
    RemoveRange(u16, u16),
    /// Many inserts of a key range.
    InsertRange(u16, u16),
}

fn op() -> impl Strategy<Value = Op> {
    let key = 0u16..600;
    prop_oneof![
        8 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::Insert(k, v)),
        6 => key.clone().prop_map(Op::Remove),
        2 => key.clone().prop_map(Op::RemoveEntry),
        3 => key.clone().prop_map(Op::Get),
        2 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::GetMut(k, v)),
        3 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::EntryOrInsert(k, v)),
        3 => key.clone().prop_map(Op::EntryRemove),
        1 => (1u16..8).prop_map(Op::Retain),
        2 => ((1u16..8), any::<u8>()).prop_map(|(m, take)| Op::ExtractSome(m, take)),
        1 => any::<u8>().prop_map(Op::DrainSome),
        1 => Just(Op::Clear),
        1 => any::<u8>().prop_map(Op::Reserve),
        1 => Just(Op::ShrinkToFit),
        1 => Just(Op::ReleaseReserved),
        2 => (key.clone(), key.clone()).prop_map(|(a, b)| Op::RemoveRange(a.min(b), a.max(b))),
        2 => (key.clone(), key).prop_map(|(a, b)| Op::InsertRange(a.min(b), a.max(b))),
    ]
}

fn policy() -> impl Strategy<Value = ShrinkPolicy> {
    prop_oneof![
        Just(ShrinkPolicy::DEFAULT),
        Just(ShrinkPolicy::never()),
        Just(ShrinkPolicy {
            shrink_below: Load::new(3, 8),
            shrink_to: Load::new(3, 4),
            min_capacity: 0,
        }),
        Just(ShrinkPolicy {
            shrink_below: Load::new(1, 10),
            shrink_to: Load::new(1, 3),
            min_capacity: 50,
        }),
    ]
}

fn check(map: &ShrinkMap<u16, u32>, model: &HashMap<u16, u32>) {
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
    assert!(map.capacity() >= map.len());
}

/// After `clear` or `drain`, a map with no floor holds nothing. (After other
/// operations it may: like hashbrown's, `entry` makes room for one insert
/// up front, and a vacant entry dropped unused leaves that room.)
fn check_released(map: &ShrinkMap<u16, u32>) {
    if map.floor_capacity() == 0 && !map.policy().is_never() {
        assert_eq!(
            map.heap_bytes(),
            0,
            "an emptied map with no floor holds nothing"
        );
    }
}

proptest! {
    // A fixed seed and hasher keep the test deterministic.
    #![proptest_config(ProptestConfig {
        cases: if cfg!(miri) { 4 } else { 256 },
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x5EED_5EED),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn behaves_like_std_hashmap(policy in policy(), ops in prop::collection::vec(op(), 1..200)) {
        let mut map: ShrinkMap<u16, u32> =
            ShrinkMap::with_hasher(ahash::RandomState::with_seeds(5, 6, 7, 8));
        map.set_policy(policy);
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
                Op::Retain(m) => {
                    map.retain(|&k, v| { *v = v.wrapping_add(1); k % m != 0 });
                    model.retain(|&k, v| { *v = v.wrapping_add(1); k % m != 0 });
                }
                Op::ExtractSome(m, take) => {
                    let taken: Vec<(u16, u32)> = map
                        .extract_if(|&k, _| k % m == 0)
                        .take(usize::from(take))
                        .collect();
                    for (k, v) in &taken {
                        prop_assert_eq!(k % m, 0);
                        prop_assert_eq!(model.remove(k), Some(*v));
                    }
                    if taken.len() < usize::from(take) {
                        // It ran to the end: nothing it picks is left.
                        prop_assert!(map.keys().all(|k| k % m != 0));
                    }
                }
                Op::DrainSome(take) => {
                    let mut ours: Vec<(u16, u32)> = map.drain().take(usize::from(take)).collect();
                    ours.sort_unstable();
                    for (k, v) in &ours {
                        prop_assert_eq!(model.get(k), Some(v));
                    }
                    model.clear();
                    check_released(&map);
                }
                Op::Clear => {
                    map.clear();
                    model.clear();
                    check_released(&map);
                }
                Op::Reserve(n) => {
                    map.reserve(usize::from(n));
                    prop_assert!(map.capacity() >= map.len() + usize::from(n));
                }
                Op::ShrinkToFit => map.shrink_to_fit(),
                Op::ReleaseReserved => map.release_reserved(),
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
            }
            check(&map, &model);
        }
        let clone = map.clone();
        prop_assert!(clone == map);
        let mut owned: Vec<(u16, u32)> = map.into_iter().collect();
        owned.sort_unstable();
        let mut expected: Vec<(u16, u32)> = model.into_iter().collect();
        expected.sort_unstable();
        prop_assert_eq!(owned, expected);
    }
}
