//! The shrink governor: the policy applied to a hashbrown table.
//!
//! The map calls [`Governor::after_remove`] after every removal and
//! [`Governor::after_insert`] after every insert; both are one or two
//! comparisons on the fast path. Everything else (shrinking, counting
//! reallocations, the learned refill floor) happens on cold paths.

use core::hash::{BuildHasher, Hash};

use hashbrown::HashTable;

pub(crate) use map_api::layout::bucket_capacity;

use crate::policy::ShrinkPolicy;

/// A lower bound on the buckets hashbrown picks for `capacity` entries: the
/// smallest power of two whose [`bucket_capacity`] covers it. hashbrown picks
/// exactly this from 15 entries up, and may pick more for smaller tables of
/// tiny entries, never fewer.
fn buckets_at_least(capacity: usize) -> usize {
    match capacity {
        0 => 0,
        1..=3 => 4,
        4..=7 => 8,
        8..=14 => 16,
        _ => (capacity.saturating_mul(8) / 7).next_power_of_two(),
    }
}

/// Reallocation counters of one map, as returned by
/// [`ShrinkMap::stats`](crate::ShrinkMap::stats).
///
/// ```
/// use shrink_map::ShrinkMap;
///
/// let mut map: ShrinkMap<u64, u64> = ShrinkMap::new();
/// map.extend((0..1000).map(|k| (k, k)));
/// for k in 0..1000 {
///     map.remove(&k);
/// }
/// let stats = map.stats();
/// assert!(stats.grows > 0 && stats.shrinks > 0);
/// assert_eq!(map.capacity(), 0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Stats {
    /// Reallocations to more buckets: hashbrown's growth on insert, and
    /// `reserve`.
    pub grows: u64,
    /// Reallocations to fewer buckets, automatic or explicit, including
    /// releases to no table at all.
    pub shrinks: u64,
    /// Entries moved by those shrinks: the O(n) work the policy spent.
    pub shrink_moves: u64,
    /// Times the map grew back to a size it had given back, and started
    /// keeping that capacity as a learned floor (the clear-and-refill
    /// pattern).
    pub refills_learned: u64,
    /// Times a learned floor was released because the map stayed small.
    pub learned_released: u64,
}

/// The policy state of one map.
#[derive(Clone, Debug)]
pub(crate) struct Governor {
    policy: ShrinkPolicy,
    /// The capacity the user asked for with `with_capacity` or `reserve`.
    reserved: usize,
    /// A capacity learned from a refill: the map grew back to a table it
    /// had given back.
    learned: usize,
    /// The largest bucket count given back since the last refill was
    /// learned, 0 if none.
    shrunk_from: usize,
    /// Removals at the low-water mark while a learned floor held the
    /// table; the floor goes when this passes the floor.
    idle: usize,
    /// When an insert brings `len` to this, the map has refilled past the
    /// low-water mark and `idle` starts over. `usize::MAX` when idle is 0.
    watch_len: usize,
    /// A removal that leaves `len` below this is at the low-water mark of
    /// the current table: the policy's threshold, precomputed whenever the
    /// bucket count or the policy changes so that the removal path is one
    /// comparison. 0 when the policy never shrinks.
    shrink_under: usize,
    /// The bucket count `shrink_under` was computed for.
    buckets: usize,
    stats: Stats,
}

impl Governor {
    /// The governor of a table of `buckets` buckets.
    pub(crate) fn new(policy: ShrinkPolicy, reserved: usize, buckets: usize) -> Governor {
        let mut governor = Governor {
            policy,
            reserved,
            learned: 0,
            shrunk_from: 0,
            idle: 0,
            watch_len: usize::MAX,
            shrink_under: 0,
            buckets,
            stats: Stats::default(),
        };
        governor.set_buckets(buckets);
        governor
    }

    /// Recomputes the low-water threshold for a table of `buckets`.
    fn set_buckets(&mut self, buckets: usize) {
        self.buckets = buckets;
        self.shrink_under = if self.policy.is_never() {
            0
        } else {
            self.low_water_len(bucket_capacity(buckets))
                .saturating_add(1)
        };
    }

    pub(crate) fn policy(&self) -> ShrinkPolicy {
        self.policy
    }

    pub(crate) fn stats(&self) -> Stats {
        self.stats
    }

    /// The capacity automatic shrinking keeps: the policy's minimum, the
    /// user's reservation and the learned refill floor.
    pub(crate) fn floor(&self) -> usize {
        self.policy
            .min_capacity
            .max(self.reserved)
            .max(self.learned)
    }

    pub(crate) fn set_policy(&mut self, policy: ShrinkPolicy) {
        if let Err(error) = policy.validate() {
            panic!("{error}");
        }
        self.policy = policy;
        self.set_buckets(self.buckets);
    }

    /// Raises the user's reservation to `capacity`.
    pub(crate) fn reserve(&mut self, capacity: usize) {
        self.reserved = self.reserved.max(capacity);
    }

    /// Drops the user's reservation and the learned floor.
    pub(crate) fn release(&mut self) {
        self.reserved = 0;
        self.learned = 0;
        self.shrunk_from = 0;
        self.idle = 0;
        self.watch_len = usize::MAX;
    }

    /// The policy check after a removal: one multiply-compare unless the
    /// map is at its low-water mark.
    #[inline(always)]
    pub(crate) fn after_remove<K: Hash, V, S: BuildHasher>(
        &mut self,
        table: &mut HashTable<(K, V)>,
        hasher: &S,
    ) {
        debug_assert_eq!(self.buckets, table.num_buckets());
        if table.len() < self.shrink_under {
            self.at_low_water(table, hasher, 1);
        }
    }

    /// The check after an insert that may have grown the table (hashbrown
    /// grows inside `entry`, even when the key turns out to be present).
    #[inline(always)]
    pub(crate) fn after_insert<T>(&mut self, table: &HashTable<T>, buckets_before: usize) {
        debug_assert_eq!(self.buckets, buckets_before);
        if table.num_buckets() != buckets_before || table.len() == self.watch_len {
            self.after_insert_slow(table, buckets_before);
        }
    }

    #[cold]
    #[inline(never)]
    fn after_insert_slow<T>(&mut self, table: &HashTable<T>, buckets_before: usize) {
        self.note_resize(buckets_before, table.num_buckets());
        self.after_new_entry(table.len());
    }

    /// An entry was just added, bringing the map to `len`: if that lifts
    /// it above the low-water mark of a learned floor, the map has refilled
    /// and the floor's idle count starts over.
    #[inline(always)]
    pub(crate) fn after_new_entry(&mut self, len: usize) {
        if len == self.watch_len {
            self.idle = 0;
            self.watch_len = usize::MAX;
        }
    }

    /// Records a reallocation from `before` to `after` buckets.
    pub(crate) fn note_resize(&mut self, before: usize, after: usize) {
        if after != before {
            self.set_buckets(after);
        }
        if after > before {
            self.stats.grows += 1;
            if self.learned != 0 {
                // A map that refills past its learned floor (tombstones can
                // make hashbrown grow during a refill) needs the larger
                // table on the next cycle too.
                self.learned = self.learned.max(bucket_capacity(after));
            }
            if self.shrunk_from != 0 && after >= self.shrunk_from {
                // Back at a size given back earlier: keep it from now on.
                self.learned = self.learned.max(bucket_capacity(self.shrunk_from));
                self.shrunk_from = 0;
                self.stats.refills_learned += 1;
            }
        } else if after < before {
            self.stats.shrinks += 1;
            self.shrunk_from = self.shrunk_from.max(before);
        }
    }

    /// The largest `len` at the low-water mark of a table of `capacity`.
    fn low_water_len(&self, capacity: usize) -> usize {
        let below = self.policy.shrink_below;
        let len = (capacity as u128) * (below.num() as u128) / (below.den() as u128);
        len as usize
    }

    /// Counts `removed` removals at the low-water mark against a learned
    /// floor, and releases the floor once they outnumber it.
    fn count_idle(&mut self, removed: usize, capacity: usize) {
        if self.learned == 0 {
            return;
        }
        self.idle = self.idle.saturating_add(removed);
        self.watch_len = self.low_water_len(capacity).saturating_add(1);
        if self.idle > self.learned {
            self.learned = 0;
            self.idle = 0;
            self.watch_len = usize::MAX;
            self.stats.learned_released += 1;
        }
    }

    #[cold]
    #[inline(never)]
    fn at_low_water<K: Hash, V, S: BuildHasher>(
        &mut self,
        table: &mut HashTable<(K, V)>,
        hasher: &S,
        removed: usize,
    ) {
        if self.policy.is_never() {
            return;
        }
        self.count_idle(removed, bucket_capacity(table.num_buckets()));
        let target = self
            .policy
            .shrink_to
            .capacity_for(table.len())
            .max(self.floor());
        self.shrink_to(table, hasher, target);
    }

    /// Applies the policy now, as if an entry had just been removed: used
    /// after `retain`, `set_policy` and `release_reserved`.
    pub(crate) fn apply<K: Hash, V, S: BuildHasher>(
        &mut self,
        table: &mut HashTable<(K, V)>,
        hasher: &S,
        removed: usize,
    ) {
        if table.len() < self.shrink_under {
            self.at_low_water(table, hasher, removed);
        }
    }

    /// Reallocates to the smallest table holding `capacity` (and the
    /// current entries), if that is smaller than the current one.
    pub(crate) fn shrink_to<K: Hash, V, S: BuildHasher>(
        &mut self,
        table: &mut HashTable<(K, V)>,
        hasher: &S,
        capacity: usize,
    ) {
        let before = table.num_buckets();
        if buckets_at_least(capacity.max(table.len())) >= before {
            return;
        }
        table.shrink_to(capacity, |(key, _)| hasher.hash_one(key));
        let after = table.num_buckets();
        if after < before {
            self.stats.shrink_moves += table.len() as u64;
        }
        self.note_resize(before, after);
    }

    /// `clear` and `drain` empty the table at once: the capacity the
    /// policy keeps for an empty map, or `None` to keep the table as it is.
    pub(crate) fn capacity_after_emptying<T>(&mut self, table: &HashTable<T>) -> Option<usize> {
        if self.policy.is_never() {
            return None;
        }
        let capacity = bucket_capacity(table.num_buckets());
        self.count_idle(table.len(), capacity);
        let floor = self.floor();
        (buckets_at_least(floor) < table.num_buckets()).then_some(floor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_math_matches_hashbrown() {
        for capacity in [1usize, 3, 4, 7, 8, 14, 15, 28, 29, 100, 917_504, 917_505] {
            let table: HashTable<u64> = HashTable::with_capacity(capacity);
            assert!(
                buckets_at_least(capacity) <= table.num_buckets(),
                "capacity {capacity}"
            );
            if capacity >= 15 {
                assert_eq!(buckets_at_least(capacity), table.num_buckets());
                assert!(bucket_capacity(table.num_buckets()) >= capacity);
                assert!(bucket_capacity(table.num_buckets() / 2) < capacity);
            }
        }
        assert_eq!(buckets_at_least(0), 0);
        assert_eq!(bucket_capacity(0), 0);
        assert_eq!(bucket_capacity(4), 3);
        assert_eq!(bucket_capacity(16), 14);
    }

    #[test]
    fn low_water_len_rounds_down() {
        let governor = Governor::new(ShrinkPolicy::DEFAULT, 0, 0);
        assert_eq!(governor.low_water_len(14), 3);
        assert_eq!(governor.low_water_len(1_835_008), 458_752);
        assert_eq!(governor.low_water_len(usize::MAX), usize::MAX / 4);
        let governor = Governor::new(ShrinkPolicy::DEFAULT, 0, 1 << 21);
        assert_eq!(governor.shrink_under, 458_753);
        let never = Governor::new(ShrinkPolicy::never(), 0, 1 << 21);
        assert_eq!(never.shrink_under, 0);
    }

    #[test]
    fn learns_a_refill_and_forgets_it_when_idle() {
        let mut governor = Governor::new(ShrinkPolicy::DEFAULT, 0, 0);
        governor.note_resize(1024, 256);
        assert_eq!(governor.stats().shrinks, 1);
        governor.note_resize(256, 512);
        assert_eq!(governor.floor(), 0, "not back at 1024 buckets yet");
        governor.note_resize(512, 1024);
        assert_eq!(governor.floor(), bucket_capacity(1024));
        assert_eq!(governor.stats().refills_learned, 1);
        governor.count_idle(bucket_capacity(1024), bucket_capacity(1024));
        assert_eq!(governor.floor(), bucket_capacity(1024));
        governor.count_idle(1, bucket_capacity(1024));
        assert_eq!(governor.floor(), 0);
        assert_eq!(governor.stats().learned_released, 1);
    }
}
