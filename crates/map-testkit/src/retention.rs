//! Memory retention: what a strategy that gives memory back by itself
//! still holds after a drain, at several sizes.
//!
//! Issue 18's rule for the shrinking strategies is that every path that
//! keeps 1% of the entries leaves at most four times a right-sized table
//! (a hashbrown table reserved for exactly the entries left), and that an
//! emptied map holds at most 64 KiB. Each strategy checks that at the size
//! its own tests use; a policy's bound only shows at the sizes where its
//! tables round badly, so this check drains from several. A shrink rule
//! of 1/16 instead of 1/8, for one, holds eight times right-sized after
//! draining 50,000 or 100,000 keys to 1%, yet passes gen-map's own check
//! at 300,000.
//!
//! Bytes are the map's own `heap_bytes()`, which [`heap`](crate::heap)
//! checks against the allocator. Strategies that release memory a slice
//! per write (gen-map) get a bounded number of further writes, removals of
//! an absent key, before the figure is read: a hundredth of the entries
//! plus 64, more than any of them needs.
//!
//! Strategies that keep their memory on purpose (go-hmap, which reproduces
//! Go's runtime map, and the baselines) do not run it.

use map_api::layout::{buckets_for_capacity, raw_table_bytes};
use map_api::{Family, MapStrategy};

/// What an emptied map may hold: issue 18's 64 KiB.
pub const EMPTY_LIMIT: usize = 64 * 1024;

/// How many times a right-sized table a drained map may hold.
pub const RIGHT_SIZED_FACTOR: usize = 4;

/// What a hashbrown table reserved for exactly `len` `u64 -> u64`
/// entries allocates.
pub fn right_sized(len: usize) -> usize {
    raw_table_bytes::<(u64, u64)>(buckets_for_capacity(len))
}

/// Writes that let paced work (a migration's tail, a table released a
/// slice at a time) finish: removals of a key the map does not hold.
fn settle<M: MapStrategy<u64, u64>>(map: &mut M, entries: usize) {
    for _ in 0..entries / 100 + 64 {
        assert_eq!(map.remove(&u64::MAX), None);
    }
}

/// Fills `n` keys (0 to n - 1, values equal), removes all but every
/// hundredth in key order, settles, and checks the bytes held against
/// [`RIGHT_SIZED_FACTOR`] times [`right_sized`]; then removes the rest,
/// settles, and checks [`EMPTY_LIMIT`]. Drains from 10,000, 37,000 and
/// 100,000 keys (2,000 under Miri), sizes whose 1% falls on different
/// sides of the tables' power-of-two steps.
///
/// # Panics
///
/// Panics, naming the size, if a drained map holds more.
pub fn drained_maps_stay_near_right_sized<F: Family>() {
    let sizes: &[usize] = if cfg!(miri) {
        &[2_000]
    } else {
        &[10_000, 37_000, 100_000]
    };
    for &n in sizes {
        let mut map = F::Map::<u64, u64>::default();
        for k in 0..n as u64 {
            map.insert(k, k);
        }
        let kept = |k: u64| k.is_multiple_of(100);
        for k in (0..n as u64).filter(|&k| !kept(k)) {
            assert_eq!(map.remove(&k), Some(k));
        }
        settle(&mut map, n);
        let left = map.len();
        assert_eq!(left, n.div_ceil(100), "{n} keys drained to 1%");
        let limit = RIGHT_SIZED_FACTOR * right_sized(left);
        assert!(
            map.heap_bytes() <= limit,
            "{}: drained from {n} keys to {left}, holds {} bytes; {RIGHT_SIZED_FACTOR} times a \
             right-sized table is {limit}",
            F::NAME,
            map.heap_bytes(),
        );
        for k in (0..n as u64).filter(|&k| kept(k)) {
            assert_eq!(map.remove(&k), Some(k));
        }
        settle(&mut map, n);
        assert!(map.is_empty());
        assert!(
            map.heap_bytes() <= EMPTY_LIMIT,
            "{}: emptied from {n} keys, holds {} bytes",
            F::NAME,
            map.heap_bytes(),
        );
    }
}
