//! One bucket: eight slots laid out as Go lays them out.
//!
//! ```text
//! tophash: [u8; 8] | keys: [K; 8] | values: [V; 8] | overflow: *mut bucket
//! ```
//!
//! Keys and values sit in arrays of their own rather than as interleaved
//! pairs, so that a `u64 -> u8` bucket needs no padding between them. A key
//! or value larger than [`MAX_INLINE`] bytes is stored as a pointer to a
//! separate allocation, as Go does for elements over 128 bytes, which keeps
//! buckets small when values are big.
//!
//! A tophash byte says what its slot holds. Values below [`MIN_TOP_HASH`]
//! are states; anything else is the top byte of a live key's hash, so that
//! most mismatches are rejected without touching the key.

use core::alloc::Layout;
use core::marker::PhantomData;
use core::mem::{align_of, needs_drop, size_of};
use core::ptr::{self, NonNull};

use crate::size_class::roundup_size;

/// Slots per bucket (`bucketCnt`).
pub(crate) const BUCKET_CNT: usize = 8;

/// This slot is empty and so is every later slot of the chain: lookups
/// stop here. Zeroed memory is all `EMPTY_REST`, which is why a fresh
/// bucket array needs no initialisation beyond zeroing.
pub(crate) const EMPTY_REST: u8 = 0;
/// This slot is empty, but later ones in the chain may not be.
pub(crate) const EMPTY_ONE: u8 = 1;
/// During growth: the entry moved to the lower half of the new array.
pub(crate) const EVACUATED_X: u8 = 2;
/// During growth: the entry moved to the upper half of the new array.
pub(crate) const EVACUATED_Y: u8 = 3;
/// During growth: the slot was empty when its bucket was evacuated.
pub(crate) const EVACUATED_EMPTY: u8 = 4;
/// The smallest tophash of a live slot.
pub(crate) const MIN_TOP_HASH: u8 = 5;

/// Keys and values larger than this are stored behind a pointer
/// (`maxKeySize`, `maxElemSize`).
pub const MAX_INLINE: usize = 128;

/// The tophash of `hash`: its top byte, moved out of the state range.
#[inline]
pub(crate) fn tophash(hash: u64) -> u8 {
    let top = (hash >> 56) as u8;
    if top < MIN_TOP_HASH {
        top + MIN_TOP_HASH
    } else {
        top
    }
}

/// Whether a tophash marks an empty slot (`isEmpty`).
#[inline]
pub(crate) fn is_empty(top: u8) -> bool {
    top <= EMPTY_ONE
}

/// Whether a slot holds a live entry. Evacuated slots are not live: their
/// entries moved to the new array.
#[inline]
pub(crate) fn is_live(top: u8) -> bool {
    top >= MIN_TOP_HASH
}

/// Byte offsets and sizes of a `K, V` bucket, fixed at compile time.
pub(crate) struct BucketLayout<K, V>(PhantomData<(K, V)>);

const fn align_up(n: usize, align: usize) -> usize {
    n.next_multiple_of(align)
}

const fn max(a: usize, b: usize) -> usize {
    if a > b { a } else { b }
}

impl<K, V> BucketLayout<K, V> {
    /// Keys are stored behind a pointer.
    pub(crate) const INDIRECT_KEY: bool = size_of::<K>() > MAX_INLINE;
    /// Values are stored behind a pointer.
    pub(crate) const INDIRECT_VALUE: bool = size_of::<V>() > MAX_INLINE;

    const KEY_SLOT: usize = if Self::INDIRECT_KEY {
        size_of::<*mut K>()
    } else {
        size_of::<K>()
    };
    const KEY_ALIGN: usize = if Self::INDIRECT_KEY {
        align_of::<*mut K>()
    } else {
        align_of::<K>()
    };
    const VALUE_SLOT: usize = if Self::INDIRECT_VALUE {
        size_of::<*mut V>()
    } else {
        size_of::<V>()
    };
    const VALUE_ALIGN: usize = if Self::INDIRECT_VALUE {
        align_of::<*mut V>()
    } else {
        align_of::<V>()
    };

    const KEYS: usize = align_up(BUCKET_CNT, Self::KEY_ALIGN);
    const VALUES: usize = align_up(Self::KEYS + BUCKET_CNT * Self::KEY_SLOT, Self::VALUE_ALIGN);
    const OVERFLOW: usize = align_up(
        Self::VALUES + BUCKET_CNT * Self::VALUE_SLOT,
        align_of::<*mut u8>(),
    );

    /// Alignment of a bucket, and so of every bucket allocation.
    pub(crate) const ALIGN: usize = max(
        align_of::<*mut u8>(),
        max(Self::KEY_ALIGN, Self::VALUE_ALIGN),
    );
    /// Bytes per bucket (`t.bucketsize`): 1,104 for `u64 -> [u8; 128]`,
    /// 144 for `u64 -> u64`.
    pub(crate) const SIZE: usize = align_up(Self::OVERFLOW + size_of::<*mut u8>(), Self::ALIGN);

    /// Whether buckets hold nothing that needs dropping or freeing: Go's
    /// `ptrdata == 0`. Such maps keep a list of their overflow buckets (Go
    /// keeps it so the collector need not scan the buckets; the port frees
    /// overflow buckets from it without walking the array).
    pub(crate) const POINTER_FREE: bool =
        !needs_drop::<K>() && !needs_drop::<V>() && !Self::INDIRECT_KEY && !Self::INDIRECT_VALUE;

    /// The allocation of one stored-indirect key: Go's `newobject(t.key)`,
    /// rounded to its size class.
    pub(crate) fn boxed_key() -> Layout {
        boxed_layout::<K>()
    }

    /// The allocation of one stored-indirect value.
    pub(crate) fn boxed_value() -> Layout {
        boxed_layout::<V>()
    }

    /// Heap bytes one live entry holds outside its bucket.
    pub(crate) fn boxed_bytes_per_entry() -> usize {
        let key = if Self::INDIRECT_KEY {
            Self::boxed_key().size()
        } else {
            0
        };
        let value = if Self::INDIRECT_VALUE {
            Self::boxed_value().size()
        } else {
            0
        };
        key + value
    }
}

/// Indirect types are over 128 bytes, so rounding cannot overflow; the
/// layout keeps the type's alignment and takes Go's size class.
fn boxed_layout<T>() -> Layout {
    let size = roundup_size(size_of::<T>()).unwrap_or(size_of::<T>());
    Layout::from_size_align(size, align_of::<T>()).expect("indirect slot layout")
}

/// A pointer to one bucket. Copyable and unchecked: whoever holds one must
/// know the bucket is alive, which every method's contract restates.
pub(crate) struct BucketRef<K, V> {
    ptr: NonNull<u8>,
    _marker: PhantomData<(K, V)>,
}

impl<K, V> Clone for BucketRef<K, V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K, V> Copy for BucketRef<K, V> {}

impl<K, V> PartialEq for BucketRef<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.ptr == other.ptr
    }
}

impl<K, V> BucketRef<K, V> {
    /// Wraps a pointer to the start of a bucket.
    #[inline]
    pub(crate) fn new(ptr: NonNull<u8>) -> Self {
        Self {
            ptr,
            _marker: PhantomData,
        }
    }

    /// The bucket's address.
    #[inline]
    pub(crate) fn as_ptr(self) -> NonNull<u8> {
        self.ptr
    }

    /// The bucket `n` buckets after this one in the same array.
    ///
    /// # Safety
    ///
    /// The result must lie within, or one past the end of, this bucket's
    /// array.
    #[inline]
    pub(crate) unsafe fn offset(self, n: usize) -> Self {
        // SAFETY: the caller keeps the result inside the array.
        Self::new(unsafe { self.ptr.add(n * BucketLayout::<K, V>::SIZE) })
    }

    /// Hints the CPU to start loading the bucket's first three cache lines
    /// (all of a 144-byte bucket, wherever it starts), so that several
    /// buckets' misses overlap instead of queueing. Only a hint: it never
    /// faults, and does nothing off x86-64.
    #[inline]
    pub(crate) fn prefetch(self) {
        #[cfg(all(target_arch = "x86_64", not(miri)))]
        {
            use core::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            let p = self.ptr.as_ptr().cast::<i8>().cast_const();
            let lines = BucketLayout::<K, V>::SIZE.div_ceil(64).min(3);
            for line in 0..lines {
                // SAFETY: prefetching is a hint that never dereferences
                // the address for the program and cannot fault; SSE is part
                // of the x86-64 baseline.
                unsafe { _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(line * 64)) };
            }
        }
    }

    /// The tophash of slot `i`.
    ///
    /// # Safety
    ///
    /// The bucket is alive and `i < BUCKET_CNT`.
    #[inline]
    pub(crate) unsafe fn top(self, i: usize) -> u8 {
        debug_assert!(i < BUCKET_CNT);
        // SAFETY: the tophash array is the bucket's first 8 bytes, and a
        // live bucket's bytes are initialised (arrays start zeroed).
        unsafe { *self.ptr.as_ptr().add(i) }
    }

    /// Sets the tophash of slot `i`.
    ///
    /// # Safety
    ///
    /// The bucket is alive, `i < BUCKET_CNT`, and nothing else is reading it.
    #[inline]
    pub(crate) unsafe fn set_top(self, i: usize, top: u8) {
        debug_assert!(i < BUCKET_CNT);
        // SAFETY: as for `top`, and the caller has exclusive access.
        unsafe { *self.ptr.as_ptr().add(i) = top }
    }

    /// The storage of slot `i`'s key: the key itself, or its pointer when
    /// keys are indirect.
    ///
    /// # Safety
    ///
    /// The bucket is alive and `i < BUCKET_CNT`.
    #[inline]
    pub(crate) unsafe fn key_slot(self, i: usize) -> *mut u8 {
        // SAFETY: the offset stays inside the bucket's key array.
        unsafe {
            self.ptr
                .as_ptr()
                .add(BucketLayout::<K, V>::KEYS + i * BucketLayout::<K, V>::KEY_SLOT)
        }
    }

    /// The storage of slot `i`'s value.
    ///
    /// # Safety
    ///
    /// The bucket is alive and `i < BUCKET_CNT`.
    #[inline]
    pub(crate) unsafe fn value_slot(self, i: usize) -> *mut u8 {
        // SAFETY: the offset stays inside the bucket's value array.
        unsafe {
            self.ptr
                .as_ptr()
                .add(BucketLayout::<K, V>::VALUES + i * BucketLayout::<K, V>::VALUE_SLOT)
        }
    }

    /// Slot `i`'s key, following the pointer when keys are indirect.
    ///
    /// # Safety
    ///
    /// Slot `i` of a live bucket holds a live entry.
    #[inline]
    pub(crate) unsafe fn key(self, i: usize) -> *mut K {
        // SAFETY: the slot is in bounds; an indirect slot holds the
        // pointer `write_entry` stored.
        unsafe {
            let slot = self.key_slot(i);
            if BucketLayout::<K, V>::INDIRECT_KEY {
                *slot.cast::<*mut K>()
            } else {
                slot.cast::<K>()
            }
        }
    }

    /// Slot `i`'s value, following the pointer when values are indirect.
    ///
    /// # Safety
    ///
    /// Slot `i` of a live bucket holds a live entry.
    #[inline]
    pub(crate) unsafe fn value(self, i: usize) -> *mut V {
        // SAFETY: as for `key`.
        unsafe {
            let slot = self.value_slot(i);
            if BucketLayout::<K, V>::INDIRECT_VALUE {
                *slot.cast::<*mut V>()
            } else {
                slot.cast::<V>()
            }
        }
    }

    /// Copies slot `i`'s key and value storage into slot `j` of `dst`,
    /// pointers and all. The source is left as a bitwise copy that must
    /// not be dropped.
    ///
    /// # Safety
    ///
    /// Both buckets are alive and distinct, and both indices are in bounds.
    #[inline]
    pub(crate) unsafe fn move_slot(self, i: usize, dst: Self, j: usize) {
        // SAFETY: slots of distinct buckets never overlap; sizes are the
        // slot sizes of this layout.
        unsafe {
            ptr::copy_nonoverlapping(
                self.key_slot(i),
                dst.key_slot(j),
                BucketLayout::<K, V>::KEY_SLOT,
            );
            ptr::copy_nonoverlapping(
                self.value_slot(i),
                dst.value_slot(j),
                BucketLayout::<K, V>::VALUE_SLOT,
            );
        }
    }

    /// The overflow pointer: the next bucket of the chain, the end-of-
    /// preallocation sentinel, or null.
    ///
    /// # Safety
    ///
    /// The bucket is alive.
    #[inline]
    pub(crate) unsafe fn raw_overflow(self) -> *mut u8 {
        // SAFETY: the overflow pointer is the bucket's last word, aligned
        // for a pointer by the layout.
        unsafe {
            *self
                .ptr
                .as_ptr()
                .add(BucketLayout::<K, V>::OVERFLOW)
                .cast::<*mut u8>()
        }
    }

    /// The next bucket of the chain.
    ///
    /// # Safety
    ///
    /// The bucket is alive and linked into a chain (so its overflow pointer
    /// is not the preallocation sentinel).
    #[inline]
    pub(crate) unsafe fn overflow(self) -> Option<Self> {
        // SAFETY: forwarded contract.
        NonNull::new(unsafe { self.raw_overflow() }).map(Self::new)
    }

    /// Sets the overflow pointer.
    ///
    /// # Safety
    ///
    /// The bucket is alive and the caller has exclusive access to it.
    #[inline]
    pub(crate) unsafe fn set_overflow(self, next: *mut u8) {
        // SAFETY: as for `raw_overflow`.
        unsafe {
            *self
                .ptr
                .as_ptr()
                .add(BucketLayout::<K, V>::OVERFLOW)
                .cast::<*mut u8>() = next;
        }
    }

    /// Whether this main bucket has been evacuated (`evacuated`): the
    /// state lives in its first tophash.
    ///
    /// # Safety
    ///
    /// The bucket is alive.
    #[inline]
    pub(crate) unsafe fn is_evacuated(self) -> bool {
        // SAFETY: forwarded contract.
        let top = unsafe { self.top(0) };
        top > EMPTY_ONE && top < MIN_TOP_HASH
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_match_go() {
        // The bucket sizes Go reports for the seed's maps.
        assert_eq!(BucketLayout::<u64, [u8; 128]>::SIZE, 1104);
        assert_eq!(BucketLayout::<u64, u64>::SIZE, 144);
        assert_eq!(BucketLayout::<u64, Box<[u8; 128]>>::SIZE, 144);
        assert_eq!(BucketLayout::<u64, [u8; 256]>::SIZE, 144);
        assert_eq!(BucketLayout::<u8, u8>::SIZE, 32);
        assert_eq!(BucketLayout::<(), ()>::SIZE, 16);
    }

    #[test]
    fn large_entries_go_indirect() {
        const { assert!(!BucketLayout::<u64, [u8; 128]>::INDIRECT_VALUE) };
        const { assert!(BucketLayout::<u64, [u8; 129]>::INDIRECT_VALUE) };
        const { assert!(BucketLayout::<[u8; 200], u64>::INDIRECT_KEY) };
        assert_eq!(BucketLayout::<u64, [u8; 256]>::boxed_value().size(), 256);
        assert_eq!(BucketLayout::<u64, [u8; 200]>::boxed_value().size(), 208);
    }

    #[test]
    fn pointer_free_is_gos_ptrdata_zero() {
        const { assert!(BucketLayout::<u64, [u8; 128]>::POINTER_FREE) };
        const { assert!(BucketLayout::<u64, u64>::POINTER_FREE) };
        const { assert!(!BucketLayout::<u64, Box<[u8; 128]>>::POINTER_FREE) };
        const { assert!(!BucketLayout::<u64, [u8; 256]>::POINTER_FREE) };
        const { assert!(!BucketLayout::<String, u64>::POINTER_FREE) };
    }

    #[test]
    fn over_aligned_values_are_aligned() {
        #[repr(align(64))]
        struct Wide(#[allow(dead_code)] u8);
        assert_eq!(BucketLayout::<u64, Wide>::ALIGN, 64);
        assert_eq!(BucketLayout::<u64, Wide>::VALUES % 64, 0);
        assert_eq!(BucketLayout::<u64, Wide>::SIZE % 64, 0);
    }

    #[test]
    fn tophash_skips_the_states() {
        assert_eq!(tophash(0), MIN_TOP_HASH);
        assert_eq!(tophash(4 << 56), 4 + MIN_TOP_HASH);
        assert_eq!(tophash(5 << 56), 5);
        assert_eq!(tophash(u64::MAX), 255);
    }
}
