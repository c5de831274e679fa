//! Random operation sequences against `std::collections::HashMap`, with
//! `compact`, `reserve`, `clone`, `retain`, `extract_if`, `drain`, `clear`,
//! the entry API and owning iteration mixed in, so that many operations
//! land mid-growth. After every step the map must agree with the model, and
//! Go's rules must hold: `B` never falls except through `compact`,
//! `stats()` agrees with the accessors, and `heap_bytes()` equals what the
//! allocator holds for the map: every call on the map runs under
//! `counting::counted`, and nothing else does.

use std::collections::{BTreeMap, HashMap};

use go_hmap::{Entry, GoMap};
use map_counting::{self as counting, CountingAlloc, counted};
use proptest::prelude::*;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

#[derive(Debug, Clone)]
enum Op {
    Insert(u16, u32),
    Remove(u16),
    RemoveEntry(u16),
    Get(u16),
    GetMut(u16, u32),
    Retain(u16),
    Clear,
    Compact,
    /// Replace the map with its clone, which must carry on identically.
    CloneSwap,
    /// Rebuild the map from its owning iterator.
    IntoIterRebuild,
    RemoveRange(u16, u16),
    InsertRange(u16, u16),
    EntryUpsert(u16, u32),
    EntryRemove(u16),
    ExtractSome(u16, u8),
    DrainSome(u8),
    Reserve(u16),
}

fn op() -> impl Strategy<Value = Op> {
    let key = 0u16..if cfg!(miri) { 100 } else { 800 };
    prop_oneof![
        10 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::Insert(k, v)),
        6 => key.clone().prop_map(Op::Remove),
        2 => key.clone().prop_map(Op::RemoveEntry),
        3 => key.clone().prop_map(Op::Get),
        2 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::GetMut(k, v)),
        1 => (1u16..8).prop_map(Op::Retain),
        1 => Just(Op::Clear),
        1 => Just(Op::Compact),
        1 => Just(Op::CloneSwap),
        1 => Just(Op::IntoIterRebuild),
        2 => (key.clone(), key.clone()).prop_map(|(a, b)| Op::RemoveRange(a.min(b), a.max(b))),
        3 => (key.clone(), key.clone()).prop_map(|(a, b)| Op::InsertRange(a.min(b), a.max(b))),
        3 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::EntryUpsert(k, v)),
        2 => key.prop_map(Op::EntryRemove),
        1 => (2u16..6, any::<u8>()).prop_map(|(m, take)| Op::ExtractSome(m, take)),
        1 => any::<u8>().prop_map(Op::DrainSome),
        1 => (0u16..2_000).prop_map(Op::Reserve),
    ]
}

fn check(map: &GoMap<u16, u32>, model: &HashMap<u16, u32>, start: isize) {
    assert_eq!(map.len(), model.len());
    let ours: BTreeMap<u16, u32> = map.iter().map(|(&k, &v)| (k, v)).collect();
    let theirs: BTreeMap<u16, u32> = model.iter().map(|(&k, &v)| (k, v)).collect();
    assert_eq!(ours, theirs);
    let stats = map.stats();
    assert_eq!(stats.len, map.len());
    assert_eq!(stats.bucket_shift, map.bucket_shift());
    assert_eq!(stats.buckets, map.bucket_count());
    assert_eq!(stats.growing, map.is_growing());
    assert_eq!(
        counting::counted_bytes() - start,
        map.heap_bytes() as isize,
        "heap_bytes() against the allocator"
    );
    assert_eq!(stats.heap_bytes, map.heap_bytes());
    assert_eq!(stats.overflow_buckets, map.overflow_bucket_count());
    assert!(map.capacity() >= map.len());
    if stats.buckets > 0 {
        assert_eq!(stats.buckets, 1 << stats.bucket_shift);
    }
    if stats.growing {
        assert!(stats.evacuated < stats.old_buckets);
        let expect_old = if stats.same_size_growth {
            stats.buckets
        } else {
            stats.buckets / 2
        };
        assert_eq!(stats.old_buckets, expect_old);
    }
}

/// Runs `ops` on a fresh map and a model. The map is dropped under
/// `counted` however the run ends, so that a failing case leaves the count
/// right for the cases proptest tries after it.
fn run(ops: &[Op]) {
    counting::assert_installed();
    // ahash allocates its process-wide seed on first use, uncounted.
    drop(GoMap::<u16, u32>::new());
    let start = counting::counted_bytes();
    let mut map: GoMap<u16, u32> = counted(GoMap::new);
    let outcome =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| steps(&mut map, ops, start)));
    counted(|| drop(map));
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
    assert_eq!(
        counting::counted_bytes(),
        start,
        "dropping the map frees it all"
    );
}

fn steps(map: &mut GoMap<u16, u32>, ops: &[Op], start: isize) {
    let mut model = HashMap::new();
    for op in ops {
        let b_before = map.bucket_shift();
        let mut may_shrink = false;
        match *op {
            Op::Insert(k, v) => assert_eq!(counted(|| map.insert(k, v)), model.insert(k, v)),
            Op::Remove(k) => assert_eq!(counted(|| map.remove(&k)), model.remove(&k)),
            Op::RemoveEntry(k) => {
                assert_eq!(counted(|| map.remove_entry(&k)), model.remove_entry(&k))
            }
            Op::Get(k) => {
                assert_eq!(map.get(&k), model.get(&k));
                assert_eq!(map.contains_key(&k), model.contains_key(&k));
                assert_eq!(map.get_key_value(&k), model.get_key_value(&k));
            }
            Op::GetMut(k, v) => {
                if let Some(slot) = map.get_mut(&k) {
                    *slot = v;
                }
                if let Some(slot) = model.get_mut(&k) {
                    *slot = v;
                }
            }
            Op::Retain(m) => {
                counted(|| {
                    map.retain(|k, v| {
                        *v = v.wrapping_add(1);
                        k % m != 0
                    })
                });
                model.retain(|k, v| {
                    *v = v.wrapping_add(1);
                    k % m != 0
                });
            }
            Op::Clear => {
                counted(|| map.clear());
                model.clear();
            }
            Op::Compact => {
                counted(|| map.compact());
                may_shrink = true;
                assert!(!map.is_growing());
            }
            Op::CloneSwap => {
                let copy = counted(|| map.clone());
                assert_eq!(copy.stats(), map.stats());
                counted(|| *map = copy);
            }
            Op::IntoIterRebuild => {
                // Only the map's own calls are counted: the vector that
                // holds the entries in between is not the map's.
                let mut owning = counted(|| std::mem::take(map).into_iter());
                let mut entries: Vec<(u16, u32)> = Vec::with_capacity(owning.len());
                entries.extend(&mut owning);
                counted(|| drop(owning));
                assert_eq!(entries.len(), model.len());
                *map = counted(|| entries.iter().copied().collect());
                may_shrink = true;
            }
            Op::RemoveRange(a, b) => {
                for k in a..b {
                    assert_eq!(counted(|| map.remove(&k)), model.remove(&k));
                }
            }
            Op::InsertRange(a, b) => {
                for k in a..b {
                    assert_eq!(
                        counted(|| map.insert(k, u32::from(k))),
                        model.insert(k, u32::from(k))
                    );
                }
            }
            Op::EntryUpsert(k, v) => {
                let ours = counted(|| *map.entry(k).and_modify(|x| *x ^= v).or_insert(v));
                let theirs = *model.entry(k).and_modify(|x| *x ^= v).or_insert(v);
                assert_eq!(ours, theirs);
            }
            Op::EntryRemove(k) => {
                let ours = counted(|| match map.entry(k) {
                    Entry::Occupied(e) => Some(e.remove_entry()),
                    Entry::Vacant(_) => None,
                });
                assert_eq!(ours, model.remove_entry(&k));
            }
            Op::ExtractSome(m, take) => {
                let mut taken: Vec<(u16, u32)> = Vec::with_capacity(usize::from(take));
                counted(|| taken.extend(map.extract_if(|k, _| k % m == 0).take(usize::from(take))));
                assert!(taken.len() <= usize::from(take));
                for (k, v) in taken {
                    assert_eq!(k % m, 0);
                    assert_eq!(model.remove(&k), Some(v));
                }
            }
            Op::DrainSome(take) => {
                let mut taken: Vec<(u16, u32)> = Vec::with_capacity(usize::from(take));
                counted(|| taken.extend(map.drain().take(usize::from(take))));
                for (k, v) in taken {
                    assert_eq!(model.get(&k), Some(&v));
                }
                model.clear();
                assert!(!map.is_growing(), "a drain ends any growth, as clear does");
            }
            Op::Reserve(n) => {
                let before = map.capacity();
                counted(|| map.reserve(usize::from(n)));
                assert!(map.capacity() >= map.len() + usize::from(n));
                if before >= map.len() + usize::from(n) {
                    assert_eq!(map.capacity(), before, "room enough: nothing to do");
                }
            }
        }
        if !may_shrink {
            assert!(map.bucket_shift() >= b_before, "{op:?} shrank the map");
        }
        check(map, &model, start);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: if cfg!(miri) { 4 } else { 256 },
        // Deterministic runs, and no failure files (Miri isolates the
        // file system).
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x60_4D_A9),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn behaves_like_std(ops in prop::collection::vec(op(), 1..if cfg!(miri) { 40 } else { 400 })) {
        run(&ops);
    }
}
