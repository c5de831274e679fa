//! Go's invariants, checked on the raw map with hashes chosen by hand: an
//! identity hasher makes a key's hash the key itself, so a test decides
//! which bucket and tophash every key gets.

use super::RawMap;
use crate::bucket::{BUCKET_CNT, EMPTY_ONE, EMPTY_REST, EVACUATED_X, EVACUATED_Y, tophash};
use crate::test_support::Identity;

/// A key landing in bucket `bucket` of `2^b`, with a distinct top byte.
fn key_in(bucket: u64, b: u8, n: u64) -> u64 {
    (n + 7) << 56 | n << b | bucket
}

fn insert(map: &mut RawMap<u64, u64>, key: u64) {
    assert_eq!(map.insert(key, key, key, &Identity), None);
}

fn remove(map: &mut RawMap<u64, u64>, key: u64) {
    assert_eq!(map.remove(key, |k| *k == key, &Identity), Some((key, key)));
}

impl RawMap<u64, u64> {
    /// The tophash bytes of main bucket `j`'s chain, bucket by bucket.
    fn chain_tops(&self, j: usize, old: bool) -> Vec<[u8; BUCKET_CNT]> {
        let array = if old { &self.old } else { &self.buckets };
        let mut tops = Vec::new();
        // SAFETY: `j` is a main bucket; the chain is alive.
        unsafe {
            let mut b = Some(array.as_ref().expect("array").bucket(j));
            while let Some(bucket) = b {
                tops.push(core::array::from_fn(|i| bucket.top(i)));
                b = bucket.overflow();
            }
        }
        tops
    }

    /// The keys in main bucket `j`'s chain, in slot order.
    fn chain_keys(&self, j: usize) -> Vec<u64> {
        let array = self.buckets.as_ref().expect("array");
        let mut keys = Vec::new();
        // SAFETY: as above; only live slots are read.
        unsafe { super::grow::for_each_live(array.bucket(j), |b, i| keys.push(*b.key(i))) };
        keys
    }

    fn get(&self, key: u64) -> Option<u64> {
        // SAFETY: `find` returns a live slot.
        self.find(key, |k| *k == key)
            .map(|(b, i)| unsafe { *b.value(i) })
    }
}

#[test]
fn deleting_propagates_empty_rest_backwards_through_the_chain() {
    // B = 1, and twelve keys in bucket 0: a full bucket and an overflow
    // bucket holding four.
    let mut map = RawMap::<u64, u64>::with_hint(13);
    assert_eq!(map.b, 1);
    let keys: Vec<u64> = (0..12).map(|n| key_in(0, 1, n)).collect();
    for &k in &keys {
        insert(&mut map, k);
    }
    let tops = map.chain_tops(0, false);
    assert_eq!(tops.len(), 2);
    assert_eq!(tops[1][4..], [EMPTY_REST; 4]);

    // A hole in the middle is emptyOne: lookups must walk past it.
    remove(&mut map, keys[3]);
    assert_eq!(map.chain_tops(0, false)[0][3], EMPTY_ONE);
    assert_eq!(map.get(keys[11]), Some(keys[11]));
    // The last bucket's last live slot becomes emptyRest directly.
    remove(&mut map, keys[11]);
    assert_eq!(map.chain_tops(0, false)[1][3], EMPTY_REST);
    // Slot 7 of the first bucket: emptyOne, since the overflow bucket
    // still has entries.
    remove(&mut map, keys[7]);
    assert_eq!(map.chain_tops(0, false)[0][7], EMPTY_ONE);
    // Emptying the overflow bucket from the front: each is emptyOne until
    // the last, which turns the whole run, back into the first bucket's
    // slot 7, into emptyRest, and stops at the live slot 6.
    for &k in &keys[8..10] {
        remove(&mut map, k);
    }
    assert_eq!(map.chain_tops(0, false)[1][..2], [EMPTY_ONE; 2]);
    remove(&mut map, keys[10]);
    let tops = map.chain_tops(0, false);
    assert_eq!(tops[1], [EMPTY_REST; BUCKET_CNT]);
    assert_eq!(tops[0][7], EMPTY_REST);
    assert_eq!(tops[0][6], tophash(keys[6]));
    assert_eq!(tops[0][3], EMPTY_ONE, "a hole before a live slot stays");
    for (n, &k) in keys.iter().enumerate() {
        let expect = [0, 1, 2, 4, 5, 6].contains(&n).then_some(k);
        assert_eq!(map.get(k), expect, "key {n}");
    }
}

#[test]
fn preallocated_overflow_buckets_are_handed_out_in_order() {
    // B = 4 for u64 -> u64: 16 main buckets and two preallocated overflow
    // buckets, then allocations of their own.
    let mut map = RawMap::<u64, u64>::with_hint(100);
    assert_eq!(map.b, 4);
    let stats = map.stats();
    assert_eq!(
        (stats.array_buckets, stats.preallocated_overflow_unused),
        (18, 2)
    );
    let array = map.buckets.as_ref().expect("eager for B > 0");
    // SAFETY: bucket 0 exists.
    let base = unsafe { array.bucket(0) }.as_ptr().addr().get();
    let mut overflow_indices = Vec::new();
    for bucket in 0..3 {
        for n in 0..9 {
            insert(&mut map, key_in(bucket, 4, n));
        }
        // SAFETY: `bucket` is a main bucket with one overflow bucket.
        let ovf = unsafe {
            map.buckets
                .as_ref()
                .unwrap()
                .bucket(bucket as usize)
                .overflow()
        }
        .expect("nine keys overflow");
        overflow_indices.push(ovf.as_ptr().addr().get().wrapping_sub(base) / 144);
        let stats = map.stats();
        assert_eq!(stats.overflow_buckets, bucket as usize + 1);
        assert_eq!(
            stats.preallocated_overflow_unused,
            1 - (bucket as usize).min(1)
        );
    }
    assert_eq!(overflow_indices[..2], [16, 17]);
    assert!(overflow_indices[2] >= 18, "the third is not in the array");
    assert_eq!(map.stats().allocated_overflow_buckets, 1);
    // Pointer-free buckets: every overflow bucket is listed, as Go's
    // `mapextra.overflow` lists them.
    assert_eq!(map.overflow.len(), 3);
}

#[test]
fn growth_splits_each_bucket_between_x_and_y() {
    let mut map = RawMap::<u64, u64>::with_hint(13);
    // Bucket 0 of 2 gets keys whose next hash bit (bit 1) alternates.
    let keys: Vec<u64> = (0..13).map(|n| key_in(0, 1, n)).collect();
    for &k in &keys {
        insert(&mut map, k);
    }
    assert!(!map.is_growing());
    // The 14th entry overloads B = 1: the map doubles.
    let extra = key_in(1, 1, 99);
    insert(&mut map, extra);
    assert_eq!(map.b, 2);
    // The insert evacuated both old buckets (its own and `nevacuate`), so
    // growth is already over.
    assert!(!map.is_growing());
    let (x, y) = (map.chain_keys(0), map.chain_keys(2));
    assert!(x.iter().all(|k| k & 2 == 0) && y.iter().all(|k| k & 2 != 0));
    assert_eq!(x.len() + y.len(), 13);
    // X keeps the old order, and so does Y.
    let mut expect_x: Vec<u64> = keys.iter().copied().filter(|k| k & 2 == 0).collect();
    let mut got_x = x.clone();
    expect_x.sort_unstable();
    got_x.sort_unstable();
    assert_eq!(got_x, expect_x);
}

#[test]
fn evacuation_marks_old_slots_and_lookups_read_unevacuated_buckets() {
    // B = 3 (8 buckets) grows at its 53rd entry; fill every bucket.
    let mut map = RawMap::<u64, u64>::with_hint(52);
    assert_eq!(map.b, 3);
    let keys: Vec<u64> = (0..52).map(|n| key_in(n % 8, 3, n / 8)).collect();
    for &k in &keys {
        insert(&mut map, k);
    }
    insert(&mut map, key_in(5, 3, 40));
    assert!(map.is_growing());
    assert_eq!(map.b, 4);
    // The insert evacuated bucket 5 (its own) and bucket 0 (`nevacuate`).
    assert_eq!(map.nevacuate, 1);
    for j in 0..8 {
        let first = map.chain_tops(j, true)[0];
        let evacuated = first
            .iter()
            .all(|&t| [EVACUATED_X, EVACUATED_Y, 4].contains(&t));
        assert_eq!(evacuated, j == 0 || j == 5, "old bucket {j}: {first:?}");
    }
    // Every key is found, evacuated or not.
    for &k in &keys {
        assert_eq!(map.get(k), Some(k));
    }
    // Each further write moves `nevacuate` on; four more finish the job
    // (buckets 1..=4, skipping 5, then 6 and 7).
    let mut writes = 0;
    while map.is_growing() {
        remove(&mut map, keys[writes]);
        writes += 1;
    }
    assert!(writes <= 6, "took {writes} writes");
    assert!(map.old.is_none());
    for &k in &keys[writes..] {
        assert_eq!(map.get(k), Some(k));
    }
}

#[test]
fn sparse_overflow_chains_trigger_same_size_growth() {
    // B = 3: eight overflow buckets are "too many".
    let mut map = RawMap::<u64, u64>::with_hint(52);
    for bucket in 0..4 {
        // Seventeen keys need two overflow buckets; delete them again.
        let keys: Vec<u64> = (0..17).map(|n| key_in(bucket, 3, n)).collect();
        for &k in &keys {
            insert(&mut map, k);
        }
        for &k in &keys {
            remove(&mut map, k);
        }
    }
    assert_eq!(map.noverflow, 8);
    assert_eq!(map.overflow_in_use, 8);
    insert(&mut map, key_in(7, 3, 0));
    // Not overloaded, so the growth keeps the bucket count: it exists to
    // pack entries out of sparse chains.
    assert_eq!(map.b, 3);
    assert!(map.is_growing() && map.same_size_grow);
    while map.is_growing() {
        let n = map.count as u64;
        insert(&mut map, key_in(6, 3, n));
    }
    assert_eq!(map.overflow_in_use, 0);
    assert_eq!(
        map.stats().allocated_overflow_buckets,
        0,
        "old overflow freed"
    );
}

#[test]
fn emptying_the_map_draws_a_new_seed() {
    let mut map = RawMap::<u64, u64>::with_hint(0);
    insert(&mut map, 1);
    insert(&mut map, 2);
    let seed = map.seed();
    remove(&mut map, 1);
    assert_eq!(map.seed(), seed, "not empty yet");
    remove(&mut map, 2);
    assert_ne!(map.seed(), seed);
    insert(&mut map, 3);
    let seed = map.seed();
    map.clear();
    assert_ne!(map.seed(), seed, "clear reseeds too");
}

#[test]
fn clear_keeps_the_array_and_frees_the_rest() {
    let mut map = RawMap::<u64, u64>::with_hint(52);
    // Overflow buckets, then a growth in progress.
    for n in 0..17 {
        insert(&mut map, key_in(0, 3, n));
    }
    for n in 0..36 {
        insert(&mut map, key_in(1 + n % 7, 3, n / 7));
    }
    assert!(map.is_growing());
    let array_bytes = map.buckets.as_ref().unwrap().bytes();
    map.clear();
    assert_eq!(map.len(), 0);
    assert!(!map.is_growing());
    assert_eq!(map.b, 4, "clear never shrinks");
    assert_eq!(map.heap_bytes(), array_bytes);
    for j in 0..16 {
        assert_eq!(map.chain_tops(j, false), [[EMPTY_REST; BUCKET_CNT]]);
    }
    assert_eq!(
        map.stats().preallocated_overflow_unused,
        map.stats().preallocated_overflow
    );
    insert(&mut map, 5);
    assert_eq!(map.get(5), Some(5));
}
