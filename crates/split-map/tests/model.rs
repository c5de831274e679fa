//! Random operation sequences against `std::collections::HashMap`, over
//! split-map's whole API, with the directory's invariants checked after
//! every operation from the map's public [`Layout`].

use std::collections::HashMap;

use map_api::layout::{buckets_for_capacity, raw_table_bytes};
use proptest::prelude::*;
use split_map::{Entry, Layout, SplitMap};

type Map = SplitMap<u16, u32>;

#[derive(Debug, Clone)]
enum Op {
    Insert(u16, u32),
    Remove(u16),
    RemoveEntry(u16),
    Get(u16),
    GetMut(u16, u32),
    GetDisjointMut(u16, u16),
    EntryOrInsert(u16, u32),
    EntryRemove(u16),
    EntryInsertEntry(u16, u32),
    Retain(u16),
    ExtractIf(u16, u8),
    DrainSome(u8),
    Clear,
    Reserve(u16),
    ShrinkToFit,
    ShrinkTo(u16),
    /// Many removals of a key range, to cross merge points quickly.
    RemoveRange(u16, u16),
    /// Many inserts of a key range, to cross split points quickly.
    InsertRange(u16, u16),
    SetMaxTableBuckets(u8),
}

const KEYS: u16 = 1500;

fn op() -> impl Strategy<Value = Op> {
    let key = 0u16..KEYS;
    prop_oneof![
        8 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::Insert(k, v)),
        6 => key.clone().prop_map(Op::Remove),
        2 => key.clone().prop_map(Op::RemoveEntry),
        3 => key.clone().prop_map(Op::Get),
        2 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::GetMut(k, v)),
        1 => (key.clone(), key.clone()).prop_map(|(a, b)| Op::GetDisjointMut(a, b)),
        3 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::EntryOrInsert(k, v)),
        3 => key.clone().prop_map(Op::EntryRemove),
        1 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::EntryInsertEntry(k, v)),
        1 => (1u16..8).prop_map(Op::Retain),
        1 => ((1u16..8), any::<u8>()).prop_map(|(m, take)| Op::ExtractIf(m, take)),
        1 => any::<u8>().prop_map(Op::DrainSome),
        1 => Just(Op::Clear),
        1 => (0u16..2000).prop_map(Op::Reserve),
        1 => Just(Op::ShrinkToFit),
        1 => (0u16..2000).prop_map(Op::ShrinkTo),
        3 => (key.clone(), key.clone()).prop_map(|(a, b)| Op::RemoveRange(a.min(b), a.max(b))),
        3 => (key.clone(), key).prop_map(|(a, b)| Op::InsertRange(a.min(b), a.max(b))),
        1 => (4u8..9).prop_map(Op::SetMaxTableBuckets),
    ]
}

fn hasher() -> ahash::RandomState {
    ahash::RandomState::with_seeds(5, 6, 7, 8)
}

/// The directory slot of `key`, computed here from the hash as the design
/// says: bits 32 and up.
fn slot(layout: &Layout, key: u16) -> usize {
    ((hasher().hash_one(key) >> 32) as usize) & (layout.directory.len() - 1)
}

/// The index of `key`'s table in `layout`.
fn table_of(layout: &Layout, key: u16) -> usize {
    layout.directory[slot(layout, key)]
}

/// The buddy of table `index`: same depth, bits differing in the top bit.
fn buddy(layout: &Layout, index: usize) -> Option<usize> {
    let t = &layout.tables[index];
    if t.local_depth == 0 {
        return None;
    }
    let b = layout.directory[t.bits ^ (1 << (t.local_depth - 1))];
    (layout.tables[b].local_depth == t.local_depth).then_some(b)
}

/// The directory's invariants, checked from the outside.
fn check_structure(map: &Map) -> Result<(), TestCaseError> {
    let layout = map.layout();
    prop_assert_eq!(
        layout.tables.iter().map(|t| t.len).sum::<usize>(),
        map.len()
    );
    if layout.tables.is_empty() {
        prop_assert!(layout.directory.is_empty());
        prop_assert_eq!(map.heap_bytes(), 0, "an empty directory holds nothing");
        return Ok(());
    }
    let g = layout.global_depth;
    prop_assert_eq!(layout.directory.len(), 1usize << g);
    let mut pointers = vec![0usize; layout.tables.len()];
    for (slot, &index) in layout.directory.iter().enumerate() {
        let t = &layout.tables[index];
        prop_assert!(
            t.local_depth <= g,
            "local depth {} above global {g}",
            t.local_depth
        );
        prop_assert_eq!(
            slot & ((1 << t.local_depth) - 1),
            t.bits,
            "slot {} bits",
            slot
        );
        pointers[index] += 1;
    }
    for (index, t) in layout.tables.iter().enumerate() {
        if layout.merging.is_some_and(|(src, _)| src == index) {
            prop_assert_eq!(pointers[index], 0, "a merge's source is unnamed");
            prop_assert!(t.len > 0, "an empty source ends its merge");
        } else {
            prop_assert_eq!(pointers[index], 1usize << (g - t.local_depth));
        }
        prop_assert!(t.len <= t.capacity);
    }
    if let Some((src, dst)) = layout.merging {
        let (s, d) = (&layout.tables[src], &layout.tables[dst]);
        prop_assert!(d.capacity - d.len >= s.len, "room for the source");
    }
    if g > 0 {
        prop_assert!(
            layout.tables.iter().any(|t| t.local_depth == g),
            "no table needs the directory's top bit: it should have halved"
        );
    }
    // Every key sits in the table its hash's directory bits select, or in
    // the source of a merge into that table.
    let mut per_table = vec![0usize; layout.tables.len()];
    for (&k, _) in map.iter() {
        per_table[table_of(&layout, k)] += 1;
    }
    for (index, t) in layout.tables.iter().enumerate() {
        match layout.merging {
            Some((src, _)) if src == index => {}
            Some((src, dst)) if dst == index => {
                prop_assert_eq!(per_table[index], t.len + layout.tables[src].len);
            }
            _ => prop_assert_eq!(per_table[index], t.len),
        }
    }
    // heap_bytes recomputed from the table sizes with map-api's layout
    // formula, not from hashbrown's own accounting.
    let tables: usize = layout
        .tables
        .iter()
        .map(|t| raw_table_bytes::<(u16, u32)>(t.buckets))
        .sum();
    prop_assert_eq!(map.heap_bytes(), tables + layout.bookkeeping_bytes);
    Ok(())
}

/// After a removal of `key` that merged nothing, the table it came from and
/// its buddy must still be above the merge point: otherwise the removal
/// should have merged them.
fn check_no_missed_merge(
    map: &Map,
    key: u16,
    (merges_before, merging_before): (u64, bool),
) -> Result<(), TestCaseError> {
    if map.stats().merges != merges_before {
        return Ok(());
    }
    let layout = map.layout();
    // A pair may wait while another merge runs, and the removal that ends
    // a merge leaves the next one to the following removal.
    if layout.tables.is_empty() || layout.merging.is_some() || merging_before {
        return Ok(());
    }
    let index = table_of(&layout, key);
    if let Some(b) = buddy(&layout, index) {
        let (t, u) = (&layout.tables[index], &layout.tables[b]);
        let sum = t.len + u.len;
        // The one rule that lets such a pair wait: neither has room for the
        // other, and a table for both would be larger than the two.
        let (larger, smaller) = if (t.buckets, t.len) >= (u.buckets, u.len) {
            (t, u)
        } else {
            (u, t)
        };
        let waits = larger.capacity - larger.len < smaller.len
            && buckets_for_capacity(sum) > t.buckets + u.buckets;
        prop_assert!(
            sum > layout.merge_at || waits,
            "a removal left a pair at {sum} entries, merge point {}, unmerged",
            layout.merge_at
        );
    }
    Ok(())
}

/// After an insert of `key` that split its table, the two halves together
/// hold at least the split point: a split never makes a pair that could
/// merge back at once.
fn check_split_pair(map: &Map, key: u16, splits_before: u64) -> Result<(), TestCaseError> {
    if map.stats().splits == splits_before {
        return Ok(());
    }
    let layout = map.layout();
    let index = table_of(&layout, key);
    if let Some(b) = buddy(&layout, index) {
        let sum = layout.tables[index].len + layout.tables[b].len;
        prop_assert!(
            sum > layout.merge_at,
            "a split made a pair of {sum} entries"
        );
    }
    Ok(())
}

fn check_contents(map: &Map, model: &HashMap<u16, u32>) -> Result<(), TestCaseError> {
    prop_assert_eq!(map.len(), model.len());
    prop_assert_eq!(map.is_empty(), model.is_empty());
    let mut ours: Vec<(u16, u32)> = map.iter().map(|(&k, &v)| (k, v)).collect();
    let mut theirs: Vec<(u16, u32)> = model.iter().map(|(&k, &v)| (k, v)).collect();
    ours.sort_unstable();
    theirs.sort_unstable();
    prop_assert_eq!(ours, theirs);
    prop_assert_eq!(map.iter().len(), model.len());
    prop_assert_eq!(map.keys().count(), model.len());
    prop_assert!(map.capacity() >= map.len());
    Ok(())
}

proptest! {
    // A fixed seed and hasher keep the test deterministic.
    #![proptest_config(ProptestConfig {
        cases: if cfg!(miri) { 4 } else { 192 },
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x51A7_5EED),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn behaves_like_std_hashmap(
        shift in 4u8..8,
        ops in prop::collection::vec(op(), 1..160),
    ) {
        let mut map: Map = SplitMap::with_hasher(hasher());
        // Small tables, so that a few hundred keys split and merge often.
        map.set_max_table_buckets(1 << shift);
        let mut model: HashMap<u16, u32> = HashMap::new();
        let mut operations = 0u64;
        for op in ops {
            operations += 1;
            match op {
                Op::Insert(k, v) => {
                    let splits = map.stats().splits;
                    prop_assert_eq!(map.insert(k, v), model.insert(k, v));
                    check_split_pair(&map, k, splits)?;
                }
                Op::Remove(k) => {
                    let merges = (map.stats().merges, map.layout().merging.is_some());
                    let removed = map.remove(&k);
                    prop_assert_eq!(removed, model.remove(&k));
                    if removed.is_some() {
                        check_no_missed_merge(&map, k, merges)?;
                    }
                }
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
                Op::GetDisjointMut(a, b) => {
                    if a == b && model.contains_key(&a) {
                        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            let _ = map.get_disjoint_mut([&a, &b]);
                        }));
                        prop_assert!(outcome.is_err(), "overlapping keys must panic");
                    } else if a != b {
                        let [x, y] = map.get_disjoint_mut([&a, &b]);
                        prop_assert_eq!(x.is_some(), model.contains_key(&a));
                        prop_assert_eq!(y.is_some(), model.contains_key(&b));
                        if let Some(x) = x { *x = x.wrapping_add(1); }
                        if let Some(y) = y { *y = y.wrapping_add(2); }
                        if let Some(x) = model.get_mut(&a) { *x = x.wrapping_add(1); }
                        if let Some(y) = model.get_mut(&b) { *y = y.wrapping_add(2); }
                    }
                }
                Op::EntryOrInsert(k, v) => {
                    let ours = *map.entry(k).and_modify(|x| *x = x.wrapping_add(1)).or_insert(v);
                    let theirs = *model.entry(k).and_modify(|x| *x = x.wrapping_add(1)).or_insert(v);
                    prop_assert_eq!(ours, theirs);
                }
                Op::EntryRemove(k) => {
                    let merges = (map.stats().merges, map.layout().merging.is_some());
                    let ours = match map.entry(k) {
                        Entry::Occupied(entry) => Some(entry.remove_entry()),
                        Entry::Vacant(entry) => {
                            prop_assert_eq!(*entry.key(), k);
                            None
                        }
                    };
                    prop_assert_eq!(ours, model.remove_entry(&k));
                    if ours.is_some() {
                        check_no_missed_merge(&map, k, merges)?;
                    }
                }
                Op::EntryInsertEntry(k, v) => {
                    let entry = map.entry(k).insert_entry(v);
                    prop_assert_eq!((*entry.key(), *entry.get()), (k, v));
                    model.insert(k, v);
                }
                Op::Retain(m) => {
                    map.retain(|&k, v| { *v = v.wrapping_add(1); k % m != 0 });
                    model.retain(|&k, v| { *v = v.wrapping_add(1); k % m != 0 });
                }
                Op::ExtractIf(m, take) => {
                    let mut ours: Vec<(u16, u32)> =
                        map.extract_if(|&k, _| k % m == 0).take(usize::from(take)).collect();
                    ours.sort_unstable();
                    for (k, v) in &ours {
                        prop_assert_eq!(model.remove(k), Some(*v));
                        prop_assert_eq!(k % m, 0);
                    }
                    prop_assert!(ours.len() <= usize::from(take));
                }
                Op::DrainSome(take) => {
                    let ours: Vec<(u16, u32)> = map.drain().take(usize::from(take)).collect();
                    for (k, v) in &ours {
                        prop_assert_eq!(model.get(k), Some(v));
                    }
                    model.clear();
                    prop_assert_eq!(map.heap_bytes(), 0, "drain frees every table");
                }
                Op::Clear => {
                    map.clear();
                    model.clear();
                    prop_assert_eq!(map.heap_bytes(), 0, "clear frees every table");
                }
                Op::Reserve(n) => {
                    map.reserve(usize::from(n));
                    prop_assert!(map.capacity() >= map.len() + usize::from(n));
                }
                Op::ShrinkToFit => {
                    let before = map.heap_bytes();
                    map.shrink_to_fit();
                    prop_assert!(map.heap_bytes() <= before, "shrink_to_fit grew the map");
                    if map.is_empty() {
                        prop_assert_eq!(map.heap_bytes(), 0);
                    }
                }
                Op::ShrinkTo(n) => {
                    let before = map.heap_bytes();
                    map.shrink_to(usize::from(n));
                    // As std's: never grows, keeps room for the entries.
                    prop_assert!(map.capacity() >= map.len());
                    prop_assert!(map.heap_bytes() <= before, "shrink_to grew the map");
                }
                Op::RemoveRange(a, b) => {
                    for k in a..b {
                        let merges = (map.stats().merges, map.layout().merging.is_some());
                        let removed = map.remove(&k);
                        prop_assert_eq!(removed, model.remove(&k));
                        if removed.is_some() {
                            check_no_missed_merge(&map, k, merges)?;
                        }
                        operations += 1;
                    }
                }
                Op::InsertRange(a, b) => {
                    for k in a..b {
                        let splits = map.stats().splits;
                        prop_assert_eq!(map.insert(k, u32::from(k)), model.insert(k, u32::from(k)));
                        check_split_pair(&map, k, splits)?;
                        operations += 1;
                    }
                }
                Op::SetMaxTableBuckets(shift) => map.set_max_table_buckets(1 << shift),
            }
            check_contents(&map, &model)?;
            check_structure(&map)?;
        }
        let _ = operations;
        let clone = map.clone();
        prop_assert!(clone == map);
        check_structure(&clone)?;
        let mut owned: Vec<(u16, u32)> = map.into_iter().collect();
        owned.sort_unstable();
        let mut expected: Vec<(u16, u32)> = model.into_iter().collect();
        expected.sort_unstable();
        prop_assert_eq!(owned, expected);
    }
}
