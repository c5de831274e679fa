//! Whole-map operations Go does not have: `retain`, and `compact`, the
//! seed article's remedy of copying into a right-sized map.

use std::hash::{BuildHasher, Hash};

use super::array::BucketArray;
use super::{RawIter, RawMap, hash_with_seed};
use crate::bucket::{BUCKET_CNT, BucketRef, is_empty, is_live, tophash};
use crate::fastrand;

impl<K, V> RawMap<K, V> {
    /// Keeps the entries for which `keep` returns `true`, removing the
    /// others as `mapdelete` would (so `EMPTY_REST` is restored behind
    /// them). Works through unevacuated old buckets in place: no growth
    /// work, no hashing.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        let old_main = self.old.as_ref().map_or(0, BucketArray::main);
        for j in 0..old_main {
            let old = self.old.as_ref().expect("growth cannot end during retain");
            // SAFETY: `j` is an old main bucket.
            let first = unsafe { old.bucket(j) };
            // SAFETY: as above.
            if !unsafe { first.is_evacuated() } {
                self.retain_chain(first, &mut keep);
            }
        }
        let main = self.buckets.as_ref().map_or(0, BucketArray::main);
        for j in 0..main {
            let array = self.buckets.as_ref().expect("retain keeps the array");
            // SAFETY: `j` is a main bucket.
            let first = unsafe { array.bucket(j) };
            self.retain_chain(first, &mut keep);
        }
    }

    fn retain_chain(&mut self, first: BucketRef<K, V>, keep: &mut impl FnMut(&K, &mut V) -> bool) {
        let mut b = first;
        loop {
            for i in 0..BUCKET_CNT {
                // SAFETY: `b` is a live bucket of the chain; a live slot
                // holds an entry and `&mut self` makes access exclusive.
                // `erase` only rewrites tophashes at or before slot `i`, so
                // the walk forward is unaffected.
                unsafe {
                    if is_live(b.top(i)) && !keep(&*b.key(i), &mut *b.value(i)) {
                        drop(self.erase(first, b, i));
                    }
                }
            }
            // SAFETY: `b` is alive and chained.
            match unsafe { b.overflow() } {
                Some(next) => b = next,
                None => return,
            }
        }
    }

    /// Rebuilds the map into a new one sized for its live entries and
    /// frees the old storage: what Go programmers do by hand by copying
    /// into a fresh `make(map)`. Ends any growth in progress.
    ///
    /// Every key is hashed, under a new seed, before anything moves, so a
    /// panicking `Hash` leaves the map as it was; that costs 8 bytes per
    /// entry for the duration.
    pub(crate) fn compact<S: BuildHasher>(&mut self, hasher: &S)
    where
        K: Hash,
    {
        let seed = fastrand::next();
        let hashes: Vec<u64> = RawIter::ordered(self)
            // SAFETY: the cursor yields live slots of this map.
            .map(|(b, i)| hash_with_seed(hasher, seed, unsafe { &*b.key(i) }))
            .collect();
        let mut fresh = RawMap::with_hint(self.count);
        fresh.seed = seed;
        if self.count > 0 && fresh.buckets.is_none() {
            let (array, next) = BucketArray::new(fresh.b);
            fresh.buckets = Some(array);
            fresh.next_overflow = next;
        }
        for ((b, i), hash) in RawIter::ordered(self).zip(hashes) {
            // SAFETY: each live slot is moved out exactly once, and the
            // source storage is released below without dropping entries.
            unsafe { fresh.insert_moved(hash, b, i) };
        }
        // SAFETY: every entry moved to `fresh`.
        unsafe { self.release_storage() };
        *self = fresh;
    }

    /// Moves slot `i` of `src`, from another map, into the first free slot
    /// of its chain here. The map must never have had a removal, so the
    /// first empty slot is the first free one, and must not be growing.
    ///
    /// # Safety
    ///
    /// The slot holds a live entry whose key hashes to `hash` under this
    /// map's seed, and its owner forgets it.
    unsafe fn insert_moved(&mut self, hash: u64, src: BucketRef<K, V>, i: usize) {
        let array = self.buckets.as_ref().expect("allocated by compact");
        let top = tophash(hash);
        // SAFETY: the masked index is a main bucket; chains are alive.
        unsafe {
            let mut b = array.bucket(hash as usize & (array.main() - 1));
            loop {
                for j in 0..BUCKET_CNT {
                    if is_empty(b.top(j)) {
                        src.move_slot(i, b, j);
                        b.set_top(j, top);
                        self.count += 1;
                        return;
                    }
                }
                b = match b.overflow() {
                    Some(next) => next,
                    None => self.new_overflow(b),
                };
            }
        }
    }
}
