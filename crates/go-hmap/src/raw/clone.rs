//! A structural clone: same seed, same `B`, same growth state, every entry
//! in the same slot and every overflow bucket in the same place (the same
//! preallocated index, or an allocation of its own). Nothing is rehashed,
//! so cloning needs only `Clone`, and the clone holds the same bytes.

use core::ptr;

use super::array::{BucketArray, alloc_overflow, allocation_failed};
use super::{RawMap, reserve_overflow_list, write_entry};
use crate::bucket::{BUCKET_CNT, BucketLayout, BucketRef, is_live};

impl<K: Clone, V: Clone> Clone for RawMap<K, V> {
    /// If a `clone` of a key or value panics, the partial copy is dropped:
    /// each slot's tophash is written only after its entry, so the copy
    /// never claims an entry it does not hold.
    fn clone(&self) -> Self {
        let mut copy = Self::empty(self.b);
        copy.seed = self.seed;
        copy.same_size_grow = self.same_size_grow;
        copy.noverflow = self.noverflow;
        copy.nevacuate = self.nevacuate;
        copy.overflow_in_use = self.overflow_in_use;
        if let Some(old) = &self.old {
            copy.old = Some(BucketArray::new(old.main().trailing_zeros() as u8).0);
            for j in 0..old.main() {
                // SAFETY: `j` is a main bucket of both old arrays.
                unsafe { copy.clone_chain(old, j, true) };
            }
        }
        if let Some(array) = &self.buckets {
            let (new, _) = BucketArray::new(self.b);
            copy.next_overflow = self.next_overflow.map(|next| {
                let index = array.index_of(next.as_ptr()).expect("in the array");
                // SAFETY: the same index in an array of the same shape.
                unsafe { new.bucket(index) }
            });
            copy.buckets = Some(new);
            for j in 0..array.main() {
                // SAFETY: `j` is a main bucket of both arrays.
                unsafe { copy.clone_chain(array, j, false) };
            }
        }
        debug_assert_eq!(copy.count, self.count);
        copy
    }
}

impl<K: Clone, V: Clone> RawMap<K, V> {
    /// Copies chain `j` of `source` (another map's old array if `in_old`,
    /// else its current one) into the same chain here, cloning live
    /// entries and copying every state byte.
    ///
    /// # Safety
    ///
    /// `source` is a live array of another map, shaped like this map's
    /// array of the same kind, and chain `j` here is still empty.
    unsafe fn clone_chain(&mut self, source: &BucketArray<K, V>, j: usize, in_old: bool) {
        let array = if in_old { &self.old } else { &self.buckets };
        let array = array.as_ref().expect("allocated by clone");
        // SAFETY: both chains are alive; `dst`'s slots are empty, and a
        // slot's tophash is set only once its entry is written.
        let (mut src, mut dst) = unsafe { (source.bucket(j), array.bucket(j)) };
        loop {
            // SAFETY: as above.
            unsafe {
                for i in 0..BUCKET_CNT {
                    let top = src.top(i);
                    if is_live(top) {
                        let key = (*src.key(i)).clone();
                        let value = (*src.value(i)).clone();
                        write_entry(dst, i, key, value);
                        self.count += 1;
                    }
                    dst.set_top(i, top);
                }
            }
            // SAFETY: `src` is alive and chained.
            let Some(next) = (unsafe { src.overflow() }) else {
                return;
            };
            let ovf = self.place_overflow(source, next.as_ptr(), in_old);
            // SAFETY: `dst` is a live bucket of this map.
            unsafe { dst.set_overflow(ovf.as_ptr().as_ptr()) };
            (src, dst) = (next, ovf);
        }
    }

    /// The bucket here that mirrors `source`'s overflow bucket `original`:
    /// the preallocated bucket at the same index, or a new allocation.
    /// What can fail comes first, so the partial copy stays consistent (and
    /// frees exactly what it allocated) if an allocation unwinds.
    fn place_overflow(
        &mut self,
        source: &BucketArray<K, V>,
        original: core::ptr::NonNull<u8>,
        in_old: bool,
    ) -> BucketRef<K, V> {
        if BucketLayout::<K, V>::POINTER_FREE {
            let list = if in_old {
                &mut self.old_overflow
            } else {
                &mut self.overflow
            };
            if let Err(error) = reserve_overflow_list(list) {
                allocation_failed(error);
            }
        }
        let array = if in_old { &self.old } else { &self.buckets };
        let array = array.as_ref().expect("allocated by clone");
        let ovf = match source.index_of(original) {
            Some(index) => {
                // SAFETY: the same index of an array of the same shape; a
                // preallocated bucket in a chain has a null overflow
                // pointer unless another bucket follows, which the caller
                // links next.
                unsafe {
                    let b = array.bucket(index);
                    b.set_overflow(ptr::null_mut());
                    b
                }
            }
            None => {
                let ovf = alloc_overflow().unwrap_or_else(|error| allocation_failed(error));
                self.allocated_overflow += 1;
                ovf
            }
        };
        if BucketLayout::<K, V>::POINTER_FREE {
            let list = if in_old {
                &mut self.old_overflow
            } else {
                &mut self.overflow
            };
            // Room was reserved above.
            list.push(ovf.as_ptr());
        }
        ovf
    }
}
