//! Property test of slab-map's own API (entry, try_insert, drain,
//! extract_if, retain, get_disjoint_mut, compact, shrink_to, remove_entry)
//! against std's HashMap. The shared kit covers the `MapStrategy` surface;
//! this covers the rest.
//!
//! After every step two things are checked that the map cannot vouch for
//! itself: `heap_bytes()` equals what the allocator holds for the map
//! (every call on the map runs under `counting::counted`, nothing else
//! does), and the slab is compact enough: vacant slots never outnumber live
//! ones once a call returns, except in a slab too small to compact.

use std::collections::HashMap;

use map_counting::{self as counting, CountingAlloc, counted};
use proptest::prelude::*;
use slab_map::{Entry, SlabMap};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// The slab size below which the map does not bother to compact.
const MIN_COMPACT_SLOTS: usize = 8;

#[derive(Debug, Clone)]
enum Op {
    OrInsert(u16, u32),
    AndModify(u16, u32),
    EntryRemove(u16),
    VacantInsert(u16, u32),
    InsertEntry(u16, u32),
    TryInsert(u16, u32),
    RemoveEntry(u16),
    GetDisjoint(u16, u16, u32),
    Retain(u8),
    ExtractSome(u8, u8),
    DrainSome(u8),
    Reserve(u16),
    Compact,
    ShrinkTo(u16),
    ShrinkToFit,
    Clear,
}

fn op(keys: u16) -> impl Strategy<Value = Op> {
    prop_oneof![
        30 => (0..keys, any::<u32>()).prop_map(|(k, v)| Op::OrInsert(k, v)),
        10 => (0..keys, any::<u32>()).prop_map(|(k, v)| Op::AndModify(k, v)),
        20 => (0..keys).prop_map(Op::EntryRemove),
        10 => (0..keys, any::<u32>()).prop_map(|(k, v)| Op::VacantInsert(k, v)),
        5 => (0..keys, any::<u32>()).prop_map(|(k, v)| Op::InsertEntry(k, v)),
        10 => (0..keys, any::<u32>()).prop_map(|(k, v)| Op::TryInsert(k, v)),
        15 => (0..keys).prop_map(Op::RemoveEntry),
        5 => (0..keys, 0..keys, any::<u32>()).prop_map(|(a, b, v)| Op::GetDisjoint(a, b, v)),
        1 => (2u8..5).prop_map(Op::Retain),
        2 => (2u8..5, any::<u8>()).prop_map(|(m, take)| Op::ExtractSome(m, take)),
        1 => any::<u8>().prop_map(Op::DrainSome),
        1 => (0..keys).prop_map(Op::Reserve),
        1 => Just(Op::Compact),
        1 => (0..keys).prop_map(Op::ShrinkTo),
        1 => Just(Op::ShrinkToFit),
        1 => (0u8..4).prop_filter_map("rare clear", |x| (x == 0).then_some(Op::Clear)),
    ]
}

fn check(
    map: &SlabMap<u16, u32>,
    model: &HashMap<u16, u32>,
    start: isize,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(map.len(), model.len());
    for (k, v) in model {
        prop_assert_eq!(map.get(k), Some(v));
    }
    let mut seen: Vec<(u16, u32)> = map.iter().map(|(k, v)| (*k, *v)).collect();
    seen.sort_unstable();
    let mut expected: Vec<(u16, u32)> = model.iter().map(|(k, v)| (*k, *v)).collect();
    expected.sort_unstable();
    prop_assert_eq!(seen, expected);
    prop_assert_eq!(
        counting::counted_bytes() - start,
        map.heap_bytes() as isize,
        "heap_bytes() against the allocator"
    );
    let stats = map.stats();
    prop_assert_eq!(stats.len, model.len());
    prop_assert!(
        stats.vacant <= stats.len || stats.slots <= MIN_COMPACT_SLOTS,
        "{} vacant slots outnumber {} live ones: {:?}",
        stats.vacant,
        stats.len,
        stats
    );
    prop_assert!(map.capacity() >= map.len());
    Ok(())
}

/// Runs `ops` on a fresh map and a model; the map is dropped under
/// `counted` however the run ends, so that a failing case leaves the count
/// right for the cases proptest runs after it.
fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    counting::assert_installed();
    // ahash allocates its process-wide seed on first use, uncounted.
    drop(SlabMap::<u16, u32>::new());
    let start = counting::counted_bytes();
    let mut map: SlabMap<u16, u32> = counted(SlabMap::new);
    let outcome = steps(&mut map, ops, start);
    counted(|| drop(map));
    outcome?;
    prop_assert_eq!(
        counting::counted_bytes(),
        start,
        "dropping the map frees it all"
    );
    Ok(())
}

fn steps(map: &mut SlabMap<u16, u32>, ops: &[Op], start: isize) -> Result<(), TestCaseError> {
    let mut model: HashMap<u16, u32> = HashMap::new();
    for op in ops {
        match *op {
            Op::OrInsert(k, v) => {
                let ours = counted(|| *map.entry(k).or_insert(v));
                let theirs = *model.entry(k).or_insert(v);
                prop_assert_eq!(ours, theirs);
            }
            Op::AndModify(k, v) => {
                counted(|| map.entry(k).and_modify(|x| *x ^= v).or_insert(v));
                model.entry(k).and_modify(|x| *x ^= v).or_insert(v);
            }
            Op::EntryRemove(k) => {
                let ours = counted(|| match map.entry(k) {
                    Entry::Occupied(e) => Some(e.remove()),
                    Entry::Vacant(_) => None,
                });
                prop_assert_eq!(ours, model.remove(&k));
            }
            Op::VacantInsert(k, v) => {
                let inserted = counted(|| match map.entry(k) {
                    Entry::Vacant(e) => Some(*e.insert(v)),
                    Entry::Occupied(_) => None,
                });
                match inserted {
                    Some(value) => {
                        prop_assert_eq!(value, v);
                        prop_assert!(model.insert(k, v).is_none());
                    }
                    None => prop_assert!(model.contains_key(&k)),
                }
            }
            Op::InsertEntry(k, v) => {
                let (key, value) = counted(|| {
                    let e = map.entry(k).insert_entry(v);
                    (*e.key(), *e.get())
                });
                prop_assert_eq!((key, value), (k, v));
                model.insert(k, v);
            }
            Op::TryInsert(k, v) => {
                // hashbrown's meaning: refuses, and changes nothing, when
                // the key is present.
                let ours = counted(|| match map.try_insert(k, v) {
                    Ok(value) => Ok(*value),
                    Err(refused) => Err((*refused.entry.get(), refused.value)),
                });
                match model.get(&k) {
                    Some(&old) => prop_assert_eq!(ours, Err((old, v))),
                    None => {
                        prop_assert_eq!(ours, Ok(v));
                        model.insert(k, v);
                    }
                }
            }
            Op::RemoveEntry(k) => {
                let ours = counted(|| map.remove_entry(&k));
                prop_assert_eq!(ours, model.remove_entry(&k));
            }
            Op::GetDisjoint(a, b, v) => {
                if a == b {
                    continue;
                }
                let got = counted(|| {
                    let [x, y] = map.get_disjoint_mut([&a, &b]);
                    let got = (x.as_deref().copied(), y.as_deref().copied());
                    if let (Some(x), Some(y)) = (x, y) {
                        *x ^= v;
                        *y = y.wrapping_add(v);
                    }
                    got
                });
                prop_assert_eq!(got, (model.get(&a).copied(), model.get(&b).copied()));
                if let [Some(x), Some(y)] = model.get_disjoint_mut([&a, &b]) {
                    *x ^= v;
                    *y = y.wrapping_add(v);
                }
            }
            Op::Retain(m) => {
                counted(|| map.retain(|k, _| k % u16::from(m) != 0));
                model.retain(|k, _| k % u16::from(m) != 0);
            }
            Op::ExtractSome(m, take) => {
                // Take at most `take` and drop the iterator: the entries
                // it did not reach stay, matching or not.
                let mut taken: Vec<(u16, u32)> = Vec::with_capacity(usize::from(take));
                counted(|| {
                    let extract = map.extract_if(|k, v| {
                        *v = v.wrapping_add(1);
                        k % u16::from(m) == 0
                    });
                    taken.extend(extract.take(usize::from(take)));
                });
                prop_assert!(taken.len() <= usize::from(take));
                for &(k, v) in &taken {
                    prop_assert_eq!(k % u16::from(m), 0);
                    prop_assert_eq!(model.remove(&k).map(|v| v.wrapping_add(1)), Some(v));
                }
                // Every entry the walk visited had its value bumped: those
                // still in the map are the ones it visited and kept. The
                // walk is in slab order, so which ones is the map's choice;
                // take them from the map.
                for (k, v) in model.iter_mut() {
                    let ours = *map.get(k).expect("present");
                    prop_assert!(ours == *v || ours == v.wrapping_add(1));
                    *v = ours;
                }
            }
            Op::DrainSome(take) => {
                // Take a few, drop the iterator half-way: the map is
                // empty either way.
                let mut taken: Vec<(u16, u32)> = Vec::with_capacity(usize::from(take));
                counted(|| taken.extend(map.drain().take(usize::from(take))));
                for (k, v) in taken {
                    prop_assert_eq!(model.get(&k), Some(&v));
                }
                model.clear();
            }
            Op::Reserve(n) => {
                counted(|| map.reserve(usize::from(n)));
                prop_assert!(map.capacity() >= map.len() + usize::from(n));
            }
            Op::Compact => {
                counted(|| map.compact());
                prop_assert_eq!(map.stats().vacant, 0);
            }
            Op::ShrinkTo(n) => {
                let before = map.capacity();
                counted(|| map.shrink_to(usize::from(n)));
                prop_assert_eq!(map.stats().vacant, 0);
                prop_assert!(map.capacity() >= before.min(usize::from(n)));
            }
            Op::ShrinkToFit => {
                counted(|| map.shrink_to_fit());
                let stats = map.stats();
                prop_assert_eq!((stats.vacant, stats.slab_capacity), (0, stats.len));
            }
            Op::Clear => {
                counted(|| map.clear());
                model.clear();
                prop_assert_eq!(map.heap_bytes(), 0);
            }
        }
        check(map, &model, start)?;
    }
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
        run(&ops)?;
    }
}
