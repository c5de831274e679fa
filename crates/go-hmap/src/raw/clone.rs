//! A structural clone: same seed, same `B`, same growth state, every entry
//! in the same slot. No key is rehashed, so cloning needs only `Clone`.

use super::array::{BucketArray, alloc_overflow};
use super::{RawMap, push_overflow, write_entry};
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
        if self.buckets.is_some() {
            let (array, next) = BucketArray::new(self.b);
            copy.buckets = Some(array);
            copy.next_overflow = next;
        }
        if let Some(old) = &self.old {
            copy.old = Some(BucketArray::new(old.main().trailing_zeros() as u8).0);
            for j in 0..old.main() {
                // SAFETY: `j` is a main bucket of both old arrays.
                unsafe {
                    let (src, dst) = (
                        old.bucket(j),
                        copy.old.as_ref().expect("set above").bucket(j),
                    );
                    copy.clone_chain(src, dst, true);
                }
            }
        }
        if let Some(array) = &self.buckets {
            for j in 0..array.main() {
                // SAFETY: `j` is a main bucket of both arrays.
                unsafe {
                    let dst = copy.buckets.as_ref().expect("set above").bucket(j);
                    copy.clone_chain(array.bucket(j), dst, false);
                }
            }
        }
        debug_assert_eq!(copy.count, self.count);
        copy
    }
}

impl<K: Clone, V: Clone> RawMap<K, V> {
    /// Copies the chain at `src` into the empty main bucket `dst` of this
    /// map, cloning live entries and copying every state byte. An
    /// evacuated old bucket's chain was moved already: only its states are
    /// copied.
    ///
    /// # Safety
    ///
    /// `src` is a live main bucket of another map; `dst` is the main bucket
    /// at the same index here, in the old array if `in_old`.
    unsafe fn clone_chain(&mut self, src: BucketRef<K, V>, dst: BucketRef<K, V>, in_old: bool) {
        // SAFETY: both chains are alive; `dst`'s slots are empty, and a
        // slot's tophash is set only once its entry is written.
        unsafe {
            let evacuated = src.is_evacuated();
            let (mut src, mut dst) = (src, dst);
            loop {
                for i in 0..BUCKET_CNT {
                    let top = src.top(i);
                    if is_live(top) && !evacuated {
                        let key = (*src.key(i)).clone();
                        let value = (*src.value(i)).clone();
                        write_entry(dst, i, key, value);
                        self.count += 1;
                    }
                    dst.set_top(i, top);
                }
                let Some(next) = src.overflow().filter(|_| !evacuated) else {
                    return;
                };
                let ovf = if in_old {
                    // The old array's preallocated buckets are not handed
                    // out any more; old chains get buckets of their own.
                    self.allocated_overflow += 1;
                    let ovf = alloc_overflow();
                    if BucketLayout::<K, V>::POINTER_FREE {
                        push_overflow(&mut self.old_overflow, ovf.as_ptr());
                    }
                    ovf
                } else {
                    self.overflow_in_use += 1;
                    self.take_overflow_bucket()
                };
                dst.set_overflow(ovf.as_ptr().as_ptr());
                (src, dst) = (next, ovf);
            }
        }
    }
}
