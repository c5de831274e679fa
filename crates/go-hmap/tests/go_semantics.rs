//! Go's behaviour, through the public API: never shrinking, growth in
//! progress, make hints, indirect storage, and the compact remedy.

use std::collections::{BTreeMap, HashSet};

use go_hmap::GoMap;
use map_testkit::scaled;

/// Inserts keys until a doubling has just started, returning the next key.
fn grow_until_growing(map: &mut GoMap<u64, u64>, min_buckets: usize) -> u64 {
    let mut k = 0;
    while !(map.is_growing() && map.bucket_count() >= min_buckets) {
        map.insert(k, k * 10);
        k += 1;
    }
    k
}

/// The heap bytes of a `u64 -> u64`-sized map with `2^b` buckets and no
/// entries: a map made with Go's largest hint for `b`, plus `overflow`
/// allocated overflow buckets (Go's 144-byte size class).
fn array_only(b: u8, overflow: usize) -> usize {
    let hint = if b == 0 { 0 } else { 13 << (b - 1) };
    let map: GoMap<u64, u64> = GoMap::with_capacity(hint);
    assert_eq!(map.bucket_shift(), b);
    map.heap_bytes() + overflow * 144
}

#[test]
fn deleting_everything_keeps_every_bucket() {
    let n = scaled(100_000, 2_000) as u64;
    let mut map: GoMap<u64, [u8; 128]> = GoMap::new();
    for k in 0..n {
        map.insert(k, [k as u8; 128]);
    }
    let (b, bytes) = (map.bucket_shift(), map.heap_bytes());
    // 100,000 entries at 6.5 per bucket need 2^14 buckets.
    if !cfg!(miri) {
        assert_eq!(b, 14);
    }
    for k in 0..n {
        assert_eq!(map.remove(&k).map(|v| v[0]), Some(k as u8));
    }
    assert!(map.is_empty());
    assert_eq!(map.bucket_shift(), b);
    assert!(!map.is_growing());
    assert_eq!(map.heap_bytes(), bytes);
    map.insert(1, [1; 128]);
    assert_eq!(map.heap_bytes(), bytes, "refilling reuses the buckets");
}

#[test]
fn make_hints_pick_gos_bucket_shift() {
    for (hint, b, buckets) in [
        (0, 0, 0),
        (8, 0, 0),
        (9, 1, 2),
        (13, 1, 2),
        (14, 2, 4),
        (1000, 8, 256),
    ] {
        let map: GoMap<u64, u64> = GoMap::with_capacity(hint);
        assert_eq!(
            (map.bucket_shift(), map.bucket_count()),
            (b, buckets),
            "hint {hint}"
        );
    }
}

#[test]
fn large_values_are_stored_behind_pointers_the_map_owns() {
    let n = scaled(10_000, 300) as u64;
    let mut map: GoMap<u64, [u8; 256]> = GoMap::new();
    for k in 0..n {
        map.insert(k, [k as u8; 256]);
    }
    let with_values = map.heap_bytes();
    for k in 0..n {
        map.remove(&k);
    }
    // Each value had a 256-byte box, freed with its entry; 144-byte
    // buckets remain.
    assert_eq!(with_values - map.heap_bytes(), n as usize * 256);
    assert_eq!(
        map.heap_bytes(),
        array_only(map.bucket_shift(), map.stats().allocated_overflow_buckets)
    );
}

#[test]
fn lookups_and_iteration_are_complete_while_growing() {
    let mut map = GoMap::new();
    let next = grow_until_growing(&mut map, scaled(1024, 32));
    let stats = map.stats();
    assert!(stats.growing && stats.evacuated < stats.old_buckets);
    for k in 0..next {
        assert_eq!(map.get(&k), Some(&(k * 10)), "key {k}");
    }
    let mut seen: Vec<u64> = map.keys().copied().collect();
    assert_eq!(seen.len(), next as usize);
    seen.sort_unstable();
    assert!(seen.iter().copied().eq(0..next));
    for (_, v) in map.iter_mut() {
        *v += 1;
    }
    assert!(map.is_growing(), "reads and iteration never evacuate");
    assert!((0..next).all(|k| map[&k] == k * 10 + 1));
}

#[test]
fn growth_finishes_within_one_write_per_old_bucket() {
    let mut map = GoMap::new();
    let mut k = grow_until_growing(&mut map, scaled(4096, 64));
    let old = map.stats().old_buckets;
    let mut writes = 0;
    while map.is_growing() {
        map.insert(k, k * 10);
        k += 1;
        writes += 1;
    }
    // Every write evacuates the lowest unevacuated bucket and at most one
    // more: between old/2 and old writes.
    assert!(
        writes <= old && writes >= old / 2 - 1,
        "{writes} writes for {old} old buckets"
    );
}

#[test]
fn iteration_starts_somewhere_new_each_time() {
    let map: GoMap<u64, u64> = (0..scaled(1000, 100) as u64).map(|k| (k, k)).collect();
    let firsts: HashSet<u64> = (0..64)
        .map(|_| *map.keys().next().expect("not empty"))
        .collect();
    // With 64 or more starting points, 64 equal draws would be chance at
    // odds below 1 in 10^100.
    assert!(firsts.len() > 1);
}

#[test]
fn compact_gives_the_memory_back() {
    let n = scaled(50_000, 500) as u64;
    let mut map: GoMap<u64, [u8; 128]> = (0..n).map(|k| (k, [k as u8; 128])).collect();
    let full = map.heap_bytes();
    map.retain(|k, _| k % 100 == 0);
    assert_eq!(map.heap_bytes(), full);
    map.compact();
    let kept = map.len();
    assert_eq!(kept as u64, n.div_ceil(100));
    assert!(map.heap_bytes() * 20 < full);
    assert!((0..n).all(|k| map.get(&k).map(|v| v[0]) == (k % 100 == 0).then_some(k as u8)));
    // The rebuilt map is Go's `make(map, len)`: no growth needed for it.
    assert!(!map.is_growing());
    assert_eq!(
        map.bucket_shift(),
        GoMap::<u64, u64>::with_capacity(kept).bucket_shift()
    );
    map.retain(|_, _| false);
    map.compact();
    assert_eq!(map.heap_bytes(), 0);
    assert_eq!(map.bucket_count(), 0);
    map.insert(1, [1; 128]);
    assert_eq!(map[&1][0], 1);
}

#[test]
fn compact_ends_a_growth() {
    let mut map = GoMap::new();
    let next = grow_until_growing(&mut map, scaled(1024, 32));
    map.compact();
    assert!(!map.is_growing());
    assert_eq!(map.len() as u64, next);
    assert!((0..next).all(|k| map[&k] == k * 10));
}

#[test]
fn clone_copies_a_growth_in_progress() {
    let mut map = GoMap::new();
    let next = grow_until_growing(&mut map, scaled(1024, 32));
    let mut copy = map.clone();
    assert_eq!(copy.stats(), map.stats());
    assert_eq!(copy, map);
    // The two evolve independently.
    for k in 0..next / 2 {
        copy.remove(&k);
    }
    copy.insert(u64::MAX, 0);
    assert_eq!(map.len() as u64, next);
    assert!((0..next).all(|k| map[&k] == k * 10));
    assert_eq!(copy.len() as u64, next - next / 2 + 1);
    let strings: GoMap<String, Vec<u8>> = (0..scaled(500, 50))
        .map(|k| (k.to_string(), vec![k as u8]))
        .collect();
    assert_eq!(strings.clone(), strings);
}

#[test]
fn retain_and_into_iter_work_mid_growth() {
    let mut map = GoMap::new();
    let next = grow_until_growing(&mut map, scaled(1024, 32));
    map.retain(|k, v| {
        *v += 1;
        k % 3 == 0
    });
    assert!(map.is_growing(), "retain does no growth work");
    let expect: BTreeMap<u64, u64> = (0..next)
        .filter(|k| k % 3 == 0)
        .map(|k| (k, k * 10 + 1))
        .collect();
    let got: BTreeMap<u64, u64> = map.clone().into_iter().collect();
    assert_eq!(got, expect);
    // A partly consumed owning iterator drops the rest with it.
    let mut iter = map.into_iter();
    assert_eq!(iter.len(), expect.len());
    iter.next();
    assert_eq!(iter.len(), expect.len() - 1);
    drop(iter);
}

#[test]
fn clear_keeps_buckets_and_frees_overflow() {
    let n = scaled(20_000, 400) as u64;
    let mut map: GoMap<u64, u64> = (0..n).map(|k| (k, k)).collect();
    let stats = map.stats();
    map.clear();
    let after = map.stats();
    assert_eq!(
        (after.len, after.bucket_shift, after.array_buckets),
        (0, stats.bucket_shift, stats.array_buckets)
    );
    assert_eq!(
        (after.overflow_buckets, after.allocated_overflow_buckets),
        (0, 0)
    );
    assert_eq!(after.heap_bytes, array_only(after.bucket_shift, 0));
    map.extend((0..10).map(|k| (k, k)));
    assert_eq!(map.len(), 10);
}

/// A key whose `Hash` panics when this thread's fuse burns down.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fused(u64);

thread_local! {
    static FUSE: std::cell::Cell<Option<u32>> = const { std::cell::Cell::new(None) };
}

impl std::hash::Hash for Fused {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        FUSE.with(|fuse| {
            if let Some(left) = fuse.get() {
                if left == 0 {
                    fuse.set(None);
                    panic!("planted Hash panic");
                }
                fuse.set(Some(left - 1));
            }
        });
        self.0.hash(state);
    }
}

fn quietly<R>(f: impl FnOnce() -> R) -> std::thread::Result<R> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    result
}

#[test]
fn a_hash_panic_during_compact_leaves_the_map_as_it_was() {
    let n = scaled(5_000, 200) as u64;
    let mut map: GoMap<Fused, u64> = (0..n).map(|k| (Fused(k), k)).collect();
    map.retain(|k, _| k.0 % 4 == 0);
    let before = map.stats();
    FUSE.with(|f| f.set(Some(before.len as u32 / 2)));
    assert!(quietly(|| map.compact()).is_err());
    FUSE.with(|f| f.set(None));
    assert_eq!(map.stats(), before, "nothing moved");
    assert!((0..n).all(|k| map.get(&Fused(k)) == (k % 4 == 0).then_some(&k)));
    map.compact();
    assert!(map.heap_bytes() < before.heap_bytes);
    assert!((0..n).all(|k| map.get(&Fused(k)) == (k % 4 == 0).then_some(&k)));
}

#[test]
fn a_hash_panic_during_evacuation_loses_nothing() {
    let mut map: GoMap<Fused, u64> = GoMap::new();
    let mut k = 0;
    while !(map.is_growing() && map.bucket_count() >= scaled(512, 32)) {
        map.insert(Fused(k), k);
        k += 1;
    }
    // Each insert hashes its own key once, then every key of up to two
    // old chains: a short fuse goes off inside an evacuation.
    let settled = k;
    let mut panicked = 0;
    for fuse in 1..6 {
        FUSE.with(|f| f.set(Some(fuse)));
        let outcome = quietly(|| map.insert(Fused(k), k));
        FUSE.with(|f| f.set(None));
        if outcome.is_err() {
            // The evacuation ran before the insert wrote anything.
            panicked += 1;
            assert_eq!(map.get(&Fused(k)), None, "fuse {fuse}");
        } else {
            assert_eq!(map.get(&Fused(k)), Some(&k), "fuse {fuse}");
        }
        k += 1;
        assert!(
            (0..settled).all(|j| map.get(&Fused(j)) == Some(&j)),
            "fuse {fuse}: an entry was lost"
        );
        let found = (0..k).filter(|&j| map.get(&Fused(j)) == Some(&j)).count();
        assert_eq!(
            found,
            map.len(),
            "fuse {fuse}: len() must match what can be found"
        );
    }
    assert!(panicked > 0, "no fuse went off inside an evacuation");
    while map.is_growing() {
        map.insert(Fused(k), k);
        k += 1;
    }
    assert_eq!(
        (0..k).filter(|&j| map.get(&Fused(j)) == Some(&j)).count(),
        map.len()
    );
}

#[test]
fn values_are_dropped_once_when_a_growing_map_goes() {
    use map_testkit::tracked::{DropLog, TrackedValue};
    let log = DropLog::new();
    let grow = |log: &std::rc::Rc<DropLog>| {
        let mut map: GoMap<u64, TrackedValue> = GoMap::new();
        let mut k = 0;
        while !(map.is_growing() && map.bucket_count() >= scaled(256, 32)) {
            map.insert(k, TrackedValue::new(log, k));
            k += 1;
        }
        map
    };
    // An owning iterator dropped half-way.
    let map = grow(&log);
    let half = map.len() / 2;
    let mut iter = map.into_iter();
    for _ in 0..half {
        drop(iter.next());
    }
    drop(iter);
    // clear, then the map itself, mid-growth.
    let mut map = grow(&log);
    map.clear();
    assert!(!map.is_growing());
    drop(grow(&log));
    log.assert_all_dropped_once("go-hmap mid-growth");
}

/// The map and its iterators cross threads when their entries can.
#[test]
fn send_and_sync_follow_the_entries() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<GoMap<u64, String>>();
    send_sync::<go_hmap::Iter<'static, u64, String>>();
    send_sync::<go_hmap::IterMut<'static, u64, String>>();
    send_sync::<go_hmap::IntoIter<u64, String>>();
    send::<go_hmap::ValuesMut<'static, u64, String>>();
    let map: GoMap<u64, String> = (0..100).map(|k| (k, k.to_string())).collect();
    let total = std::thread::scope(|s| {
        s.spawn(|| map.values().map(String::len).sum::<usize>())
            .join()
    });
    assert_eq!(total.expect("thread"), 190);
}

#[test]
fn entry_removal_mid_growth_deletes_in_place_without_growth_work() {
    let mut map = GoMap::new();
    let next = grow_until_growing(&mut map, scaled(1024, 32));
    let before = map.stats();
    for k in (0..next).step_by(2) {
        match map.entry(k) {
            go_hmap::Entry::Occupied(entry) => assert_eq!(entry.remove(), k * 10),
            go_hmap::Entry::Vacant(_) => panic!("{k} is present"),
        }
    }
    // Deleting through an entry reads the old bucket it found the key in,
    // as `retain` does, and moves nothing; `remove` would have evacuated.
    let after = map.stats();
    assert!(after.growing);
    assert_eq!(after.evacuated, before.evacuated);
    assert_eq!(after.len, before.len - next.div_ceil(2) as usize);
    for k in 0..next {
        assert_eq!(map.get(&k).copied(), (k % 2 == 1).then_some(k * 10));
    }
    // Inserting through a vacant entry is `mapassign`: it does evacuate.
    *map.entry(next).or_insert(0) += 1;
    assert!(map.stats().evacuated > before.evacuated || !map.is_growing());
}

#[test]
fn reserve_rebuilds_as_make_with_a_bigger_hint() {
    let mut map: GoMap<u64, u64> = GoMap::new();
    for k in 0..20 {
        map.insert(k, k);
    }
    assert_eq!((map.bucket_shift(), map.capacity()), (2, 26));
    // Room enough: nothing happens.
    let bytes = map.heap_bytes();
    map.reserve(6);
    assert_eq!(map.heap_bytes(), bytes);
    // Not enough: the map `make(map, 1_020)` makes, every entry moved.
    map.reserve(1_000);
    assert_eq!(map.bucket_shift(), 8);
    assert!(map.capacity() >= 1_020 && !map.is_growing());
    assert!((0..20).all(|k| map[&k] == k));
    for k in 20..1_020 {
        map.insert(k, k);
    }
    assert_eq!(map.bucket_shift(), 8, "reserved: no growth");
}

#[test]
fn collecting_ends_at_the_bucket_shift_inserting_reaches() {
    let n = scaled(10_000, 300) as u64;
    let mut inserted = GoMap::new();
    for k in 0..n {
        inserted.insert(k, k);
    }
    let collected: GoMap<u64, u64> = (0..n).map(|k| (k, k)).collect();
    assert_eq!(collected.bucket_shift(), inserted.bucket_shift());
    assert!(!collected.is_growing());
    assert_eq!(collected, inserted);
}

#[test]
fn drain_and_extract_if_keep_every_bucket() {
    let n = scaled(10_000, 300) as u64;
    let mut map: GoMap<u64, [u8; 128]> = (0..n).map(|k| (k, [k as u8; 128])).collect();
    let (b, bytes) = (map.bucket_shift(), map.heap_bytes());
    let extracted = map.extract_if(|k, _| k % 2 == 0).count();
    assert_eq!(extracted as u64, n.div_ceil(2));
    assert_eq!((map.bucket_shift(), map.heap_bytes()), (b, bytes));
    let drained = map.drain().count();
    assert_eq!(drained as u64, n / 2);
    assert!(map.is_empty());
    assert_eq!(map.bucket_shift(), b, "a drain never shrinks");
    assert!(map.heap_bytes() <= bytes);
    assert_eq!(map.bucket_count(), 1 << b);
}
