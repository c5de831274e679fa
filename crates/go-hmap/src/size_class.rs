//! Go's allocator rounding, so that the port holds the bytes Go holds.
//!
//! Go's `mallocgc` never hands out the size it was asked for: small objects
//! come from one of 67 size classes and large ones are whole 8 KiB pages.
//! `runtime.MemStats.HeapAlloc`, which the Go figures in `docs/reference.md` are
//! read from, counts the rounded size. The port asks Rust's allocator for
//! exactly the rounded size, so dhat sees what Go's heap accounting sees;
//! the slack past the requested size is never touched.

/// `class_to_size` from Go 1.19's `runtime/sizeclasses.go`: the object
/// sizes of the small size classes, class 0 (unused) first.
const CLASS_TO_SIZE: [u16; 68] = [
    0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320,
    352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792,
    2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728,
    10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672,
    32768,
];

/// Objects of this size and larger are not size-classed (`_MaxSmallSize`).
const MAX_SMALL_SIZE: usize = 32_768;

/// Large objects are whole runtime pages (`_PageSize`, 8 KiB).
pub(crate) const PAGE_SIZE: usize = 8_192;

/// The size Go's allocator hands out for a request of `size` bytes:
/// `runtime.roundupsize`. `None` when rounding would overflow.
pub(crate) fn roundup_size(size: usize) -> Option<usize> {
    if size < MAX_SMALL_SIZE {
        // Go looks the class up through two index tables; they encode
        // "the smallest class that fits", which a search finds directly.
        let class = CLASS_TO_SIZE.partition_point(|&c| usize::from(c) < size);
        Some(usize::from(CLASS_TO_SIZE[class]))
    } else {
        size.checked_next_multiple_of(PAGE_SIZE)
    }
}

/// The capacity Go's `append` gives a slice of `elem_size`-byte elements
/// that holds `old_cap` and needs `needed` (`runtime.growslice`, Go 1.19):
/// double below 256 elements, then grow by a quarter plus 192, then round
/// the bytes up to the allocator's size.
pub(crate) fn append_capacity(old_cap: usize, needed: usize, elem_size: usize) -> usize {
    const THRESHOLD: usize = 256;
    let doubled = old_cap.saturating_mul(2);
    let mut cap = if needed > doubled {
        needed
    } else if old_cap < THRESHOLD {
        doubled
    } else {
        let mut cap = old_cap;
        while cap < needed {
            cap = cap.saturating_add((cap + 3 * THRESHOLD) / 4);
        }
        cap
    };
    if elem_size > 0 {
        let bytes = cap.checked_mul(elem_size).and_then(roundup_size);
        if let Some(bytes) = bytes {
            cap = bytes / elem_size;
        }
    }
    cap.max(needed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_sizes_round_to_their_class() {
        assert_eq!(roundup_size(0), Some(0));
        assert_eq!(roundup_size(1), Some(8));
        assert_eq!(roundup_size(8), Some(8));
        assert_eq!(roundup_size(9), Some(16));
        // A bucket of map[int][128]byte, and of map[int]int.
        assert_eq!(roundup_size(1104), Some(1152));
        assert_eq!(roundup_size(144), Some(144));
        assert_eq!(roundup_size(2208), Some(2304));
        assert_eq!(roundup_size(32_767), Some(32_768));
    }

    #[test]
    fn large_sizes_round_to_pages() {
        assert_eq!(roundup_size(32_768), Some(32_768));
        assert_eq!(roundup_size(32_769), Some(40_960));
        // The seed's final bucket array is a whole number of pages already.
        assert_eq!(roundup_size(278_528 * 1104), Some(307_494_912));
        assert_eq!(roundup_size(usize::MAX - 10), None);
    }

    #[test]
    fn append_doubles_then_grows_by_a_quarter() {
        let mut cap = 0;
        let mut caps = Vec::new();
        while cap < 5_000 {
            cap = append_capacity(cap, cap + 1, 8);
            caps.push(cap);
        }
        assert_eq!(
            caps,
            [
                1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 848, 1280, 1792, 2560, 3408, 5120
            ]
        );
    }
}
