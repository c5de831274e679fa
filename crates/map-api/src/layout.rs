//! Allocation sizes of hashbrown's table layout.
//!
//! `std::collections::HashMap` and indexmap's index are hashbrown tables
//! underneath, but neither exposes its bucket count. These functions
//! reproduce hashbrown's layout so that their heap use can be reported.
//! The conformance kit checks the results against the allocator.

use core::mem::{align_of, size_of};

/// The width of hashbrown's control-byte group on this target.
///
/// hashbrown scans control bytes a group at a time: 16 with SSE2, 8 with
/// NEON, and a machine word otherwise. The control array carries one extra
/// group so that a scan starting at any bucket can read a whole group.
pub const GROUP_WIDTH: usize = group_width();

const fn group_width() -> usize {
    if cfg!(all(
        any(target_arch = "x86", target_arch = "x86_64"),
        target_feature = "sse2"
    )) {
        16
    } else if cfg!(all(
        target_arch = "aarch64",
        target_feature = "neon",
        target_endian = "little"
    )) {
        8
    } else {
        size_of::<usize>()
    }
}

/// The number of entries a table of `buckets` buckets holds before it grows
/// (hashbrown's maximum load of 7/8, or all but one bucket for tiny tables).
#[inline]
pub const fn bucket_capacity(buckets: usize) -> usize {
    if buckets < 8 {
        buckets.saturating_sub(1)
    } else {
        buckets / 8 * 7
    }
}

/// The bucket count of a hashbrown table that reports `capacity`.
///
/// A table's reported capacity is `len + growth_left`; a removal that leaves
/// a tombstone lowers it below the bucket count's full capacity until the
/// next rehash. The bucket count is therefore the smallest power of two
/// whose full capacity covers `capacity`. That is exact unless tombstones
/// fill more than 7/16 of the table, which hashbrown's in-place rehash
/// prevents in all but contrived cases. Returns 0 for an unallocated table.
#[inline]
pub const fn buckets_for_capacity(capacity: usize) -> usize {
    if capacity == 0 {
        return 0;
    }
    let mut buckets = 4;
    while bucket_capacity(buckets) < capacity {
        buckets *= 2;
    }
    buckets
}

/// The bytes hashbrown allocates for a table of `buckets` buckets of `T`:
/// the entries, padded to the control array's alignment, then one control
/// byte per bucket plus a trailing group.
#[inline]
pub const fn raw_table_bytes<T>(buckets: usize) -> usize {
    if buckets == 0 {
        return 0;
    }
    let align = if align_of::<T>() > GROUP_WIDTH {
        align_of::<T>()
    } else {
        GROUP_WIDTH
    };
    let data = (size_of::<T>() * buckets).next_multiple_of(align);
    data + buckets + GROUP_WIDTH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_round_trips_through_buckets() {
        for shift in 2..30 {
            let buckets = 1usize << shift;
            assert_eq!(buckets_for_capacity(bucket_capacity(buckets)), buckets);
            // A few tombstones do not change the inferred bucket count.
            let dented = bucket_capacity(buckets) - 1;
            if buckets >= 8 {
                assert_eq!(buckets_for_capacity(dented), buckets);
            }
        }
        assert_eq!(buckets_for_capacity(0), 0);
    }

    #[test]
    fn matches_hashbrown_allocation_size() {
        let mut map: hashbrown::HashMap<u64, [u8; 128], ahash::RandomState> =
            hashbrown::HashMap::default();
        for k in 0..5_000u64 {
            map.insert(k, [0; 128]);
            let buckets = buckets_for_capacity(map.capacity());
            assert_eq!(
                raw_table_bytes::<(u64, [u8; 128])>(buckets),
                map.allocation_size(),
                "at len {}",
                map.len()
            );
        }
    }
}
