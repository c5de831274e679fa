//! The shrink governor: the policy applied to a hashbrown table.
//!
//! The map checks [`Governor::at_low_water`] after every removal: one
//! comparison on the fast path, and a call only at the mark. Inserts grow the table through the map's
//! own cold path, which reports each growth to [`Governor::note_resize`].
//! Shrinking and counting reallocations happen on cold paths.
//!
//! Invariants, between any two calls into the map:
//!
//! - `buckets == table.num_buckets()`: every reallocation, hashbrown's
//!   growth included, goes through [`Governor::note_resize`];
//! - `shrink_under == floor(shrink_below * cap(buckets)) + 1`, or 0 under a
//!   policy that never shrinks or when the table is no larger than the
//!   floor's, so that `len < shrink_under` is exactly "the map is at its
//!   low-water mark and can shrink";
//! - the only floor under automatic shrinking is the policy's
//!   `min_capacity` and the capacity the user reserved. Nothing the map
//!   observes on its own (a refill, a size it once had) raises it, so a
//!   drained map always gives its table back down to what the policy says.

use core::hash::{BuildHasher, Hash};

use hashbrown::HashTable;

pub(crate) use map_api::layout::{bucket_capacity, buckets_for_capacity};

use crate::policy::ShrinkPolicy;

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
}

/// The policy state of one map.
#[derive(Clone, Debug)]
pub(crate) struct Governor {
    policy: ShrinkPolicy,
    /// The capacity the user asked for with `with_capacity` or `reserve`.
    reserved: usize,
    /// A removal that leaves `len` below this is at the low-water mark of
    /// the current table: the policy's threshold, precomputed whenever the
    /// bucket count, the policy or the floor changes so that the removal
    /// path is one comparison. 0 when the policy never shrinks or the floor
    /// holds the table.
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
        self.refresh();
    }

    /// Recomputes the low-water threshold after the bucket count, the
    /// policy or the floor changed. A table no larger than the floor's
    /// cannot shrink, so its threshold is 0 and removals skip the cold path
    /// until one of the three changes again.
    fn refresh(&mut self) {
        self.shrink_under =
            if self.policy.is_never() || buckets_for_capacity(self.floor()) >= self.buckets {
                0
            } else {
                self.low_water_len(bucket_capacity(self.buckets))
                    .saturating_add(1)
            };
    }

    pub(crate) fn policy(&self) -> ShrinkPolicy {
        self.policy
    }

    pub(crate) fn stats(&self) -> Stats {
        self.stats
    }

    /// The capacity automatic shrinking keeps: the policy's minimum and the
    /// user's reservation.
    pub(crate) fn floor(&self) -> usize {
        self.policy.min_capacity.max(self.reserved)
    }

    #[track_caller]
    pub(crate) fn set_policy(&mut self, policy: ShrinkPolicy) {
        if let Err(error) = policy.validate() {
            panic!("{error}");
        }
        self.policy = policy;
        self.refresh();
    }

    /// Raises the user's reservation to `capacity`.
    pub(crate) fn reserve(&mut self, capacity: usize) {
        self.reserved = self.reserved.max(capacity);
        self.refresh();
    }

    /// Drops the user's reservation.
    pub(crate) fn release(&mut self) {
        self.reserved = 0;
        self.refresh();
    }

    /// Whether `table` is at its low-water mark: the one comparison a
    /// removal adds to hashbrown's. When it holds, the caller calls
    /// [`shrink_at_low_water`](Self::shrink_at_low_water), out of line.
    #[inline(always)]
    pub(crate) fn at_low_water<T>(&self, table: &HashTable<T>) -> bool {
        debug_assert_eq!(self.buckets, table.num_buckets());
        table.len() < self.shrink_under
    }

    /// Records a reallocation from `before` to `after` buckets.
    pub(crate) fn note_resize(&mut self, before: usize, after: usize) {
        if after != before {
            self.set_buckets(after);
        }
        if after > before {
            self.stats.grows += 1;
        } else if after < before {
            self.stats.shrinks += 1;
        }
    }

    /// The largest `len` at the low-water mark of a table of `capacity`.
    fn low_water_len(&self, capacity: usize) -> usize {
        let below = self.policy.shrink_below;
        let len = (capacity as u128) * (below.num() as u128) / (below.den() as u128);
        len as usize
    }

    /// The policy's shrink, for a table at its low-water mark.
    #[cold]
    #[inline(never)]
    pub(crate) fn shrink_at_low_water<K: Hash, V, S: BuildHasher>(
        &mut self,
        table: &mut HashTable<(K, V)>,
        hasher: &S,
    ) {
        if self.policy.is_never() {
            return;
        }
        let target = self
            .policy
            .shrink_to
            .capacity_for(table.len())
            .max(self.floor());
        self.shrink_to(table, hasher, target);
    }

    /// Applies the policy now, as if an entry had just been removed: used
    /// after `retain`, `extract_if`, `set_policy` and `release_reserved`.
    pub(crate) fn apply<K: Hash, V, S: BuildHasher>(
        &mut self,
        table: &mut HashTable<(K, V)>,
        hasher: &S,
    ) {
        if self.at_low_water(table) {
            self.shrink_at_low_water(table, hasher);
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
        // hashbrown picks exactly `buckets_for_capacity` from 15 entries up
        // and may pick more for tiny tables, never fewer: so this skips
        // every call that could not give a smaller table.
        if buckets_for_capacity(capacity.max(table.len())) >= before {
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
    pub(crate) fn capacity_after_emptying<T>(&self, table: &HashTable<T>) -> Option<usize> {
        if self.policy.is_never() {
            return None;
        }
        let floor = self.floor();
        (buckets_for_capacity(floor) < table.num_buckets()).then_some(floor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Load;

    #[test]
    fn bucket_math_matches_hashbrown() {
        for capacity in [1usize, 3, 4, 7, 8, 14, 15, 28, 29, 100, 917_504, 917_505] {
            let table: HashTable<u64> = HashTable::with_capacity(capacity);
            assert!(
                buckets_for_capacity(capacity) <= table.num_buckets(),
                "capacity {capacity}"
            );
            if capacity >= 15 {
                assert_eq!(buckets_for_capacity(capacity), table.num_buckets());
                assert!(bucket_capacity(table.num_buckets()) >= capacity);
                assert!(bucket_capacity(table.num_buckets() / 2) < capacity);
            }
        }
        assert_eq!(buckets_for_capacity(0), 0);
        assert_eq!(bucket_capacity(0), 0);
        assert_eq!(bucket_capacity(4), 3);
        assert_eq!(bucket_capacity(16), 14);
    }

    #[test]
    fn low_water_len_rounds_down() {
        let tight = Governor::new(ShrinkPolicy::TIGHT, 0, 0);
        assert_eq!(tight.low_water_len(14), 3);
        assert_eq!(tight.low_water_len(1_835_008), 458_752);
        assert_eq!(tight.low_water_len(usize::MAX), usize::MAX / 4);
        let balanced = Governor::new(ShrinkPolicy::BALANCED, 0, 1 << 21);
        assert_eq!(balanced.shrink_under, 229_377);
        let never = Governor::new(ShrinkPolicy::never(), 0, 1 << 21);
        assert_eq!(never.shrink_under, 0);
        // A table the floor holds cannot shrink: no threshold.
        let mut reserved = Governor::new(ShrinkPolicy::BALANCED, bucket_capacity(1 << 21), 1 << 21);
        assert_eq!(reserved.shrink_under, 0);
        reserved.release();
        assert_eq!(reserved.shrink_under, 229_377);
    }

    #[test]
    fn the_floor_is_the_policy_minimum_or_the_reservation() {
        let policy = ShrinkPolicy {
            min_capacity: 100,
            shrink_below: Load::new(1, 8),
            shrink_to: Load::new(1, 2),
        };
        let mut governor = Governor::new(policy, 0, 0);
        assert_eq!(governor.floor(), 100);
        governor.reserve(1_000);
        assert_eq!(governor.floor(), 1_000);
        // Growing and shrinking on its own never raises it.
        governor.note_resize(1 << 20, 1 << 10);
        governor.note_resize(1 << 10, 1 << 20);
        assert_eq!(governor.floor(), 1_000);
        governor.release();
        assert_eq!(governor.floor(), 100);
        assert_eq!((governor.stats().grows, governor.stats().shrinks), (1, 1));
    }
}
