//! Letting go: `clear` (Go's `mapclear`), `Drop`, and freeing storage.
//!
//! Destructors are user code and may panic. Both paths drop entries under
//! a guard that restores the map's structure whatever happens, and keep
//! dropping the remaining entries while unwinding, so a panicking
//! destructor neither leaks entries nor drops one twice, and the map stays
//! usable.

use core::mem;

use super::array::BucketArray;
use super::array::free_overflow;
use super::grow::free_chain_overflow;
use super::{RawIter, RawMap, drop_entry};
use crate::bucket::{BucketLayout, BucketRef};
use crate::fastrand;

impl<K, V> RawMap<K, V> {
    /// Calls `f` on the first bucket of every chain that can hold entries,
    /// with its array: the unevacuated main buckets of the old array, then
    /// every main bucket of the current one.
    pub(super) fn for_each_chain(&self, mut f: impl FnMut(BucketRef<K, V>, &BucketArray<K, V>)) {
        if let Some(old) = &self.old {
            for j in 0..old.main() {
                // SAFETY: `j` is a main bucket of the old array.
                let b = unsafe { old.bucket(j) };
                // SAFETY: as above.
                if !unsafe { b.is_evacuated() } {
                    f(b, old);
                }
            }
        }
        if let Some(array) = &self.buckets {
            for j in 0..array.main() {
                // SAFETY: `j` is a main bucket.
                f(unsafe { array.bucket(j) }, array);
            }
        }
    }

    /// Drops every live entry in place, leaving tophashes as they are. If a
    /// destructor panics, the rest are still dropped while unwinding, as a
    /// slice's are (a second panic aborts).
    ///
    /// # Safety
    ///
    /// The caller treats every entry as gone afterwards (and after a
    /// panic): the map must be reset or freed without dropping again.
    unsafe fn drop_entries(&mut self) {
        if BucketLayout::<K, V>::POINTER_FREE || self.count == 0 {
            return;
        }
        /// Drops what the cursor has not reached yet.
        struct Rest<K, V>(RawIter<K, V>);
        impl<K, V> Drop for Rest<K, V> {
            fn drop(&mut self) {
                for (b, i) in self.0.by_ref() {
                    // SAFETY: the cursor yields each live slot once; the
                    // map is forgotten or reset by the caller.
                    unsafe { drop_entry(b, i) };
                }
            }
        }
        let mut rest = Rest(RawIter::ordered(self));
        for (b, i) in rest.0.by_ref() {
            // SAFETY: as above.
            unsafe { drop_entry(b, i) };
        }
    }

    /// Frees every overflow bucket allocated one by one, in both arrays,
    /// and the overflow lists.
    ///
    /// # Safety
    ///
    /// No entry in an overflow bucket still needs dropping.
    unsafe fn release_overflow(&mut self) {
        if BucketLayout::<K, V>::POINTER_FREE {
            for (list, array) in [
                (mem::take(&mut self.overflow), &self.buckets),
                (mem::take(&mut self.old_overflow), &self.old),
            ] {
                let Some(array) = array else {
                    debug_assert!(list.is_empty(), "overflow buckets without an array");
                    continue;
                };
                for bucket in list {
                    if !array.contains(bucket) {
                        // SAFETY: listed buckets not inside the array were
                        // allocated one by one; the caller has done with
                        // their entries.
                        unsafe { free_overflow::<K, V>(bucket) };
                        self.allocated_overflow -= 1;
                    }
                }
            }
        } else {
            let mut freed = 0;
            self.for_each_chain(|first, array| {
                // SAFETY: forwarded contract.
                freed += unsafe { free_chain_overflow(first, array) };
            });
            self.allocated_overflow -= freed;
        }
        debug_assert_eq!(self.allocated_overflow, 0);
        self.overflow_in_use = 0;
        self.next_overflow = None;
    }

    /// Frees all storage without dropping entries, leaving an empty map
    /// with no buckets.
    ///
    /// # Safety
    ///
    /// Every entry has been dropped or moved out.
    pub(super) unsafe fn release_storage(&mut self) {
        // SAFETY: forwarded contract.
        unsafe { self.release_overflow() };
        if let Some(old) = self.old.take() {
            // SAFETY: forwarded contract.
            unsafe { old.free() };
        }
        if let Some(array) = self.buckets.take() {
            // SAFETY: forwarded contract.
            unsafe { array.free() };
        }
        self.count = 0;
        self.nevacuate = 0;
        self.noverflow = 0;
        self.same_size_grow = false;
    }

    /// Removes every entry (`mapclear`): the array is zeroed in place and
    /// kept, at its full size; overflow buckets and any old array are
    /// freed. Like Go, this never shrinks the map.
    pub(crate) fn clear(&mut self) {
        if self.count == 0 {
            return;
        }
        self.reset();
    }

    /// What `clear` does, whether or not entries remain: for a drain,
    /// which has taken them all out and left their slots `EMPTY_ONE`.
    pub(crate) fn reset(&mut self) {
        /// Rebuilds the empty map's structure on the way out, normal or
        /// unwinding.
        struct Reset<'a, K, V>(&'a mut RawMap<K, V>);
        impl<K, V> Drop for Reset<'_, K, V> {
            fn drop(&mut self) {
                let map = &mut *self.0;
                // SAFETY: every entry was dropped, or abandoned by a
                // panicking destructor; none is dropped again.
                unsafe {
                    map.release_overflow();
                    if let Some(old) = map.old.take() {
                        old.free();
                    }
                    map.next_overflow = map.buckets.as_mut().and_then(|a| a.reset());
                }
                map.count = 0;
                map.nevacuate = 0;
                map.noverflow = 0;
                map.same_size_grow = false;
                map.seed = fastrand::next();
            }
        }
        let reset = Reset(self);
        // SAFETY: `Reset` forgets the entries, even on unwinding.
        unsafe { reset.0.drop_entries() };
    }
}

impl<K, V> Drop for RawMap<K, V> {
    fn drop(&mut self) {
        /// Frees the storage on the way out, normal or unwinding.
        struct Free<'a, K, V>(&'a mut RawMap<K, V>);
        impl<K, V> Drop for Free<'_, K, V> {
            fn drop(&mut self) {
                // SAFETY: the entries were dropped or abandoned.
                unsafe { self.0.release_storage() }
            }
        }
        let free = Free(self);
        // SAFETY: `Free` forgets the entries, even on unwinding.
        unsafe { free.0.drop_entries() };
    }
}
