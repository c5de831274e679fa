//! Random operation sequences against `std::collections::HashMap`, with
//! `compact`, `clone`, `retain`, `clear` and owning iteration mixed in, so
//! that many operations land mid-growth. After every step the map must
//! agree with the model, and Go's rules must hold: `B` never falls except
//! through `compact`, and `stats()` agrees with the accessors.

use std::collections::{BTreeMap, HashMap};

use go_hmap::GoMap;
use proptest::prelude::*;

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
        3 => (key.clone(), key).prop_map(|(a, b)| Op::InsertRange(a.min(b), a.max(b))),
    ]
}

fn check(map: &GoMap<u16, u32>, model: &HashMap<u16, u32>) {
    assert_eq!(map.len(), model.len());
    let ours: BTreeMap<u16, u32> = map.iter().map(|(&k, &v)| (k, v)).collect();
    let theirs: BTreeMap<u16, u32> = model.iter().map(|(&k, &v)| (k, v)).collect();
    assert_eq!(ours, theirs);
    let stats = map.stats();
    assert_eq!(stats.len, map.len());
    assert_eq!(stats.bucket_shift, map.bucket_shift());
    assert_eq!(stats.buckets, map.bucket_count());
    assert_eq!(stats.growing, map.is_growing());
    assert_eq!(stats.heap_bytes, map.heap_bytes());
    assert_eq!(stats.overflow_buckets, map.overflow_bucket_count());
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

fn run(ops: &[Op]) {
    let mut map: GoMap<u16, u32> = GoMap::new();
    let mut model = HashMap::new();
    for op in ops {
        let b_before = map.bucket_shift();
        let mut may_shrink = false;
        match *op {
            Op::Insert(k, v) => assert_eq!(map.insert(k, v), model.insert(k, v)),
            Op::Remove(k) => assert_eq!(map.remove(&k), model.remove(&k)),
            Op::RemoveEntry(k) => assert_eq!(map.remove_entry(&k), model.remove_entry(&k)),
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
                map.retain(|k, v| {
                    *v = v.wrapping_add(1);
                    k % m != 0
                });
                model.retain(|k, v| {
                    *v = v.wrapping_add(1);
                    k % m != 0
                });
            }
            Op::Clear => {
                map.clear();
                model.clear();
            }
            Op::Compact => {
                map.compact();
                may_shrink = true;
                assert!(!map.is_growing());
            }
            Op::CloneSwap => {
                let copy = map.clone();
                assert_eq!(copy.stats(), map.stats());
                map = copy;
            }
            Op::IntoIterRebuild => {
                let entries: Vec<(u16, u32)> = std::mem::take(&mut map).into_iter().collect();
                assert_eq!(entries.len(), model.len());
                map = entries.into_iter().collect();
                may_shrink = true;
            }
            Op::RemoveRange(a, b) => {
                for k in a..b {
                    assert_eq!(map.remove(&k), model.remove(&k));
                }
            }
            Op::InsertRange(a, b) => {
                for k in a..b {
                    assert_eq!(map.insert(k, u32::from(k)), model.insert(k, u32::from(k)));
                }
            }
        }
        if !may_shrink {
            assert!(map.bucket_shift() >= b_before, "{op:?} shrank the map");
        }
        check(&map, &model);
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
