//! Bucket arrays and overflow buckets: Go's `makeBucketArray` and
//! `newobject(t.bucket)`, with Go's allocator rounding.

use core::alloc::Layout;
use core::ptr::{self, NonNull};
use std::alloc::{alloc_zeroed, dealloc};

use map_api::TryReserveError;

use crate::bucket::{BucketLayout, BucketRef};
use crate::size_class::roundup_size;

/// What the infallible paths do when memory cannot be had: panic with
/// "capacity overflow" for a size that cannot be addressed, and hand the
/// refused layout to [`handle_alloc_error`](std::alloc::handle_alloc_error),
/// through the workspace's shared helper.
///
/// The crate's own tests unwind instead of aborting, as `-Zoom=panic` or a
/// panicking alloc-error hook would make `handle_alloc_error` do, to check
/// that an allocation failing anywhere drops nothing twice and loses
/// nothing (see `inject`).
#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn allocation_failed(error: TryReserveError) -> ! {
    #[cfg(test)]
    if let TryReserveError::AllocError { layout } = error {
        // Unwinding without the panic hook keeps a test that fails
        // thousands of allocations quiet and fast (no backtrace each); the
        // payload is not the map's memory.
        map_counting::uncounted(|| std::panic::resume_unwind(Box::new(inject::Failed(layout))));
    }
    map_api::__private::reserve_failed(error)
}

/// Whether the allocation about to be made should fail, for the tests'
/// failure injection; always `false` outside the crate's own tests.
#[inline]
pub(crate) fn injected_failure() -> bool {
    #[cfg(test)]
    {
        inject::should_fail()
    }
    #[cfg(not(test))]
    {
        false
    }
}

/// Failure injection for the crate's tests: every allocation the map makes
/// for itself (bucket arrays, overflow buckets, indirect keys and values,
/// overflow lists, `compact`'s hashes) first asks [`should_fail`], which
/// makes the `n`-th of them fail once armed with [`fail_nth`].
#[cfg(test)]
pub(crate) mod inject {
    use core::cell::Cell;

    thread_local! {
        /// Allocations to let through before the failing one, if armed.
        static LEFT: Cell<Option<usize>> = const { Cell::new(None) };
        /// Whether the armed failure happened.
        static FIRED: Cell<bool> = const { Cell::new(false) };
    }

    /// Makes allocation number `n` from now (0 is the next) fail, once.
    pub(crate) fn fail_nth(n: usize) {
        LEFT.set(Some(n));
        FIRED.set(false);
    }

    /// Disarms, and says whether the failure happened.
    pub(crate) fn disarm() -> bool {
        LEFT.set(None);
        FIRED.replace(false)
    }

    /// The payload a failed allocation unwinds with in the crate's tests:
    /// the refused layout.
    #[derive(Debug)]
    pub(crate) struct Failed(pub(crate) core::alloc::Layout);

    pub(super) fn should_fail() -> bool {
        match LEFT.get() {
            Some(0) => {
                LEFT.set(None);
                FIRED.set(true);
                true
            }
            Some(n) => {
                LEFT.set(Some(n - 1));
                false
            }
            None => false,
        }
    }
}

/// One contiguous allocation of buckets: `2^B` main buckets, then, when
/// `B >= 4`, the preallocated overflow buckets.
pub(crate) struct BucketArray<K, V> {
    base: BucketRef<K, V>,
    /// Main buckets: `2^B`.
    main: usize,
    /// Buckets in the allocation, main and preallocated overflow.
    len: usize,
    /// Bytes allocated: `len` buckets, rounded as Go's allocator rounds.
    bytes: usize,
}

impl<K, V> BucketArray<K, V> {
    /// Allocates a zeroed array for `2^b` buckets (`makeBucketArray`), and
    /// returns it with the first preallocated overflow bucket, if any.
    ///
    /// Go adds `2^(b-4)` overflow buckets when `b >= 4`, the expected need
    /// at the median fill of this size, and then takes as many whole buckets
    /// as the allocator's rounding leaves room for anyway.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if the array cannot be addressed;
    /// calls `handle_alloc_error` if the allocator refuses it.
    #[track_caller]
    pub(crate) fn new(b: u8) -> (Self, Option<BucketRef<K, V>>) {
        match Self::try_new(b) {
            Ok(array) => array,
            Err(error) => allocation_failed(error),
        }
    }

    /// [`new`](Self::new), returning an error instead of panicking.
    pub(crate) fn try_new(b: u8) -> Result<(Self, Option<BucketRef<K, V>>), TryReserveError> {
        const OVERFLOW: TryReserveError = TryReserveError::CapacityOverflow;
        let size = BucketLayout::<K, V>::SIZE;
        let main = 1usize
            .checked_shl(u32::from(b))
            .filter(|&n| n.checked_mul(size).is_some())
            .ok_or(OVERFLOW)?;
        let mut len = main;
        if b >= 4 {
            len += main >> 4;
            let want = len.checked_mul(size).ok_or(OVERFLOW)?;
            len = roundup_size(want).ok_or(OVERFLOW)? / size;
        }
        let bytes = len
            .checked_mul(size)
            .and_then(roundup_size)
            .ok_or(OVERFLOW)?;
        let layout =
            Layout::from_size_align(bytes, BucketLayout::<K, V>::ALIGN).map_err(|_| OVERFLOW)?;
        let ptr = if injected_failure() {
            ptr::null_mut()
        } else {
            // SAFETY: `bytes` is at least one bucket, so the layout is not
            // zero-sized.
            unsafe { alloc_zeroed(layout) }
        };
        let Some(ptr) = NonNull::new(ptr) else {
            return Err(TryReserveError::AllocError { layout });
        };
        advise_huge_pages(ptr.as_ptr(), bytes);
        let array = Self {
            base: BucketRef::new(ptr),
            main,
            len,
            bytes,
        };
        let next = array.mark_preallocated();
        Ok((array, next))
    }

    /// Marks the end of the preallocated overflow buckets and returns the
    /// first of them. Go's convention: a preallocated bucket whose overflow
    /// pointer is null has more after it; the last one points at the array
    /// itself, a non-null pointer that cannot be mistaken for a chain.
    fn mark_preallocated(&self) -> Option<BucketRef<K, V>> {
        if self.len == self.main {
            return None;
        }
        // SAFETY: `main < len`, so both buckets are inside the array, which
        // this array owns exclusively.
        unsafe {
            self.bucket(self.len - 1)
                .set_overflow(self.base.as_ptr().as_ptr());
            Some(self.bucket(self.main))
        }
    }

    /// Zeroes the array in place and re-marks its preallocated overflow
    /// buckets, as `mapclear` does with `makeBucketArray(dirtyalloc)`.
    ///
    /// # Safety
    ///
    /// No bucket of the array holds an entry that still needs dropping.
    pub(crate) unsafe fn reset(&mut self) -> Option<BucketRef<K, V>> {
        // SAFETY: the array spans `len * SIZE` bytes and is owned here.
        unsafe {
            ptr::write_bytes(
                self.base.as_ptr().as_ptr(),
                0,
                self.len * BucketLayout::<K, V>::SIZE,
            );
        }
        self.mark_preallocated()
    }

    /// Bucket `i` of the allocation.
    ///
    /// # Safety
    ///
    /// `i < self.len()`.
    #[inline]
    pub(crate) unsafe fn bucket(&self, i: usize) -> BucketRef<K, V> {
        debug_assert!(i < self.len);
        // SAFETY: the caller keeps `i` in bounds.
        unsafe { self.base.offset(i) }
    }

    /// Main buckets, `2^B`.
    #[inline]
    pub(crate) fn main(&self) -> usize {
        self.main
    }

    /// Buckets in the allocation.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Bytes allocated.
    pub(crate) fn bytes(&self) -> usize {
        self.bytes
    }

    /// Index of `bucket` in this array, if it lies in it.
    pub(crate) fn index_of(&self, bucket: NonNull<u8>) -> Option<usize> {
        let offset = bucket
            .addr()
            .get()
            .wrapping_sub(self.base.as_ptr().addr().get());
        let index = offset / BucketLayout::<K, V>::SIZE;
        (index < self.len).then_some(index)
    }

    /// Whether `bucket` is one of this array's buckets, so is freed with it.
    pub(crate) fn contains(&self, bucket: NonNull<u8>) -> bool {
        self.index_of(bucket).is_some()
    }

    /// Frees the array.
    ///
    /// # Safety
    ///
    /// No entry in it needs dropping any more, and no pointer into it is
    /// used afterwards.
    pub(crate) unsafe fn free(self) {
        let layout = Layout::from_size_align(self.bytes, BucketLayout::<K, V>::ALIGN)
            .expect("checked when allocated");
        // SAFETY: allocated in `new` with this layout.
        unsafe { dealloc(self.base.as_ptr().as_ptr(), layout) }
    }
}

/// Asks for transparent huge pages over the whole 2 MiB pages inside a
/// large array, as Go's runtime does for the heap it hands out
/// (`sysHugePage`, `MADV_HUGEPAGE`). A bucket lookup is a random access, so
/// on 4 KiB pages nearly every one in a large map also misses the TLB; Go
/// maps are measured with this advice in effect, and the port matches them.
/// Only advice: the kernel may ignore it, and contents are unaffected.
#[cfg(all(target_os = "linux", not(miri)))]
fn advise_huge_pages(ptr: *mut u8, bytes: usize) {
    const HUGE_PAGE: usize = 2 << 20;
    let start = ptr.addr().next_multiple_of(HUGE_PAGE);
    let end = (ptr.addr() + bytes) & !(HUGE_PAGE - 1);
    if start < end {
        // SAFETY: `start..end` lies inside the allocation just made, which
        // this map owns; MADV_HUGEPAGE changes how pages are backed, never
        // what they hold.
        unsafe {
            libc::madvise(
                ptr.with_addr(start).cast::<libc::c_void>(),
                end - start,
                libc::MADV_HUGEPAGE,
            );
        }
    }
}

#[cfg(not(all(target_os = "linux", not(miri))))]
fn advise_huge_pages(_ptr: *mut u8, _bytes: usize) {}

/// The allocation of one overflow bucket made on its own: Go's
/// `newobject(t.bucket)`, which takes the bucket's size class (1,152 bytes
/// for a 1,104-byte bucket).
pub(crate) fn overflow_layout<K, V>() -> Layout {
    let size = roundup_size(BucketLayout::<K, V>::SIZE).expect("buckets are small");
    Layout::from_size_align(size, BucketLayout::<K, V>::ALIGN).expect("buckets are small")
}

/// Allocates a zeroed overflow bucket.
pub(crate) fn alloc_overflow<K, V>() -> Result<BucketRef<K, V>, TryReserveError> {
    let layout = overflow_layout::<K, V>();
    let ptr = if injected_failure() {
        ptr::null_mut()
    } else {
        // SAFETY: a bucket is never zero-sized.
        unsafe { alloc_zeroed(layout) }
    };
    match NonNull::new(ptr) {
        Some(ptr) => Ok(BucketRef::new(ptr)),
        None => Err(TryReserveError::AllocError { layout }),
    }
}

/// Frees an overflow bucket made by [`alloc_overflow`].
///
/// # Safety
///
/// `bucket` came from `alloc_overflow`, holds no entry that needs dropping,
/// and is not used afterwards.
pub(crate) unsafe fn free_overflow<K, V>(bucket: NonNull<u8>) {
    // SAFETY: forwarded contract; same layout as the allocation.
    unsafe { dealloc(bucket.as_ptr(), overflow_layout::<K, V>()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape<K, V>(b: u8) -> (usize, usize, usize) {
        let (array, _) = BucketArray::<K, V>::new(b);
        let shape = (array.main(), array.len(), array.bytes());
        // SAFETY: nothing was stored.
        unsafe { array.free() };
        shape
    }

    #[test]
    fn small_arrays_have_no_preallocated_overflow() {
        // One 1,104-byte bucket takes Go's 1,152-byte size class.
        assert_eq!(shape::<u64, [u8; 128]>(0), (1, 1, 1152));
        assert_eq!(shape::<u64, u64>(3), (8, 8, 1152));
    }

    #[test]
    fn preallocation_fills_the_rounding() {
        // B = 4: 16 + 1 buckets of 144 bytes = 2,448, size class 2,688,
        // which has room for 18 buckets.
        assert_eq!(shape::<u64, u64>(4), (16, 18, 2688));
    }

    #[cfg(not(miri))]
    #[test]
    fn the_seeds_final_array() {
        assert_eq!(shape::<u64, [u8; 128]>(18), (262_144, 278_528, 307_494_912));
        assert_eq!(shape::<u64, u64>(18), (262_144, 278_528, 40_108_032));
    }

    #[test]
    fn preallocated_buckets_end_in_the_sentinel() {
        let (array, next) = BucketArray::<u64, u64>::new(4);
        let next = next.expect("B = 4 preallocates");
        assert_eq!(array.index_of(next.as_ptr()), Some(16));
        // SAFETY: indices are in bounds and nothing was stored.
        unsafe {
            assert!(array.bucket(16).raw_overflow().is_null());
            assert_eq!(
                array.bucket(17).raw_overflow(),
                array.bucket(0).as_ptr().as_ptr()
            );
            array.free();
        }
    }

    #[test]
    fn absurd_shifts_overflow() {
        let panic = std::panic::catch_unwind(|| BucketArray::<u64, u64>::new(63).1.is_some())
            .expect_err("2^63 buckets cannot be addressed");
        assert_eq!(panic.downcast_ref::<&str>(), Some(&"capacity overflow"));
    }
}
