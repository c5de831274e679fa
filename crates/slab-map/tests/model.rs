//! Property test of slab-map's own API (entry, drain, retain, compact,
//! shrink_to_fit, remove_entry, try_insert) against std's HashMap. The
//! shared kit covers the `MapStrategy` surface; this covers the rest.

use std::collections::HashMap;

use proptest::prelude::*;
use slab_map::{Entry, SlabMap};

#[derive(Debug, Clone)]
enum Op {
    OrInsert(u16, u32),
    AndModify(u16, u32),
    EntryRemove(u16),
    VacantInsert(u16, u32),
    TryInsert(u16, u32),
    RemoveEntry(u16),
    Retain(u8),
    DrainSome(u8),
    Compact,
    ShrinkToFit,
    Clear,
}

fn op(keys: u16) -> impl Strategy<Value = Op> {
    prop_oneof![
        30 => (0..keys, any::<u32>()).prop_map(|(k, v)| Op::OrInsert(k, v)),
        10 => (0..keys, any::<u32>()).prop_map(|(k, v)| Op::AndModify(k, v)),
        20 => (0..keys).prop_map(Op::EntryRemove),
        10 => (0..keys, any::<u32>()).prop_map(|(k, v)| Op::VacantInsert(k, v)),
        10 => (0..keys, any::<u32>()).prop_map(|(k, v)| Op::TryInsert(k, v)),
        15 => (0..keys).prop_map(Op::RemoveEntry),
        1 => (2u8..5).prop_map(Op::Retain),
        1 => any::<u8>().prop_map(Op::DrainSome),
        1 => Just(Op::Compact),
        1 => Just(Op::ShrinkToFit),
        1 => (0u8..4).prop_filter_map("rare clear", |x| (x == 0).then_some(Op::Clear)),
    ]
}

fn check(map: &SlabMap<u16, u32>, model: &HashMap<u16, u32>) -> Result<(), TestCaseError> {
    prop_assert_eq!(map.len(), model.len());
    for (k, v) in model {
        prop_assert_eq!(map.get(k), Some(v));
    }
    let mut seen: Vec<(u16, u32)> = map.iter().map(|(k, v)| (*k, *v)).collect();
    seen.sort_unstable();
    let mut expected: Vec<(u16, u32)> = model.iter().map(|(k, v)| (*k, *v)).collect();
    expected.sort_unstable();
    prop_assert_eq!(seen, expected);
    let stats = map.stats();
    prop_assert_eq!(stats.slots, stats.len + stats.vacant);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: if cfg!(miri) { 4 } else { 256 },
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn own_api_matches_std(ops in proptest::collection::vec(op(600), 1..2_000)) {
        let mut map: SlabMap<u16, u32> = SlabMap::new();
        let mut model: HashMap<u16, u32> = HashMap::new();
        for op in &ops {
            match *op {
                Op::OrInsert(k, v) => {
                    let ours = *map.entry(k).or_insert(v);
                    let theirs = *model.entry(k).or_insert(v);
                    prop_assert_eq!(ours, theirs);
                }
                Op::AndModify(k, v) => {
                    map.entry(k).and_modify(|x| *x ^= v).or_insert(v);
                    model.entry(k).and_modify(|x| *x ^= v).or_insert(v);
                }
                Op::EntryRemove(k) => {
                    let ours = match map.entry(k) {
                        Entry::Occupied(e) => Some(e.remove()),
                        Entry::Vacant(_) => None,
                    };
                    prop_assert_eq!(ours, model.remove(&k));
                }
                Op::VacantInsert(k, v) => {
                    if let Entry::Vacant(e) = map.entry(k) {
                        prop_assert_eq!(*e.insert(v), v);
                        prop_assert!(model.insert(k, v).is_none());
                    } else {
                        prop_assert!(model.contains_key(&k));
                    }
                }
                Op::TryInsert(k, v) => {
                    prop_assert_eq!(map.try_insert(k, v), Ok(model.insert(k, v)));
                }
                Op::RemoveEntry(k) => {
                    prop_assert_eq!(map.remove_entry(&k), model.remove_entry(&k));
                }
                Op::Retain(m) => {
                    map.retain(|k, _| k % u16::from(m) != 0);
                    model.retain(|k, _| k % u16::from(m) != 0);
                }
                Op::DrainSome(take) => {
                    // Take a few, drop the iterator half-way: the map is
                    // empty either way.
                    let taken: Vec<(u16, u32)> = map.drain().take(usize::from(take)).collect();
                    for (k, v) in taken {
                        prop_assert_eq!(model.get(&k), Some(&v));
                    }
                    model.clear();
                }
                Op::Compact => map.compact(),
                Op::ShrinkToFit => map.shrink_to_fit(),
                Op::Clear => {
                    map.clear();
                    model.clear();
                }
            }
            check(&map, &model)?;
        }
    }
}
