//! Whole-map operations Go does not have: `retain`, and the rebuild behind
//! `compact` (the seed article's remedy of copying into a right-sized map)
//! and `reserve` (copying into a map made with a bigger hint).

use core::alloc::Layout;
use core::mem;
use std::hash::{BuildHasher, Hash};

use map_api::TryReserveError;

use super::array::{BucketArray, injected_failure};
use super::{RawIter, RawMap, entries_before_growth, hash_with_seed, shift_for};
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
    /// # Panics
    ///
    /// As [`try_rebuild`](Self::try_rebuild) fails: "capacity overflow", or
    /// `handle_alloc_error`; the map is as it was either way.
    #[track_caller]
    pub(crate) fn compact<S: BuildHasher>(&mut self, hasher: &S)
    where
        K: Hash,
    {
        if let Err(error) = self.try_rebuild(self.count, hasher) {
            super::allocation_failed(error);
        }
    }

    /// The entries the map holds before an insert grows it.
    pub(crate) fn capacity(&self) -> usize {
        entries_before_growth(self.b)
    }

    /// Makes room for `additional` more entries before the map grows: if
    /// they do not fit, rebuilds it, as [`compact`](Self::compact) does,
    /// into the map `make(map, len + additional)` would make.
    pub(crate) fn try_reserve<S: BuildHasher>(
        &mut self,
        additional: usize,
        hasher: &S,
    ) -> Result<(), TryReserveError>
    where
        K: Hash,
    {
        let wanted = self
            .count
            .checked_add(additional)
            .ok_or(TryReserveError::CapacityOverflow)?;
        if wanted <= self.capacity() {
            return Ok(());
        }
        self.try_rebuild(wanted, hasher)
    }

    /// Moves every entry into a new map made for `hint` entries, as Go's
    /// `make(map, hint)` makes it, under a new seed, and frees the old
    /// storage. Ends any growth in progress. A map left empty with a hint
    /// of 0 holds no buckets at all.
    ///
    /// Every key is hashed before anything moves, so a panicking `Hash`
    /// leaves the map as it was; that costs 8 bytes per entry for the
    /// duration. The entries are then copied bitwise into the new map,
    /// which may need overflow buckets; until the copy is complete, a guard
    /// owns the new map and, if an allocation fails, frees its storage
    /// without dropping the copies, so the map is left as it was, every
    /// entry owned by it alone.
    pub(crate) fn try_rebuild<S: BuildHasher>(
        &mut self,
        hint: usize,
        hasher: &S,
    ) -> Result<(), TryReserveError>
    where
        K: Hash,
    {
        /// A map whose entries are bitwise copies of another's: dropped
        /// unfinished, it frees its storage and forgets the copies.
        struct Copies<K, V>(RawMap<K, V>);
        impl<K, V> Drop for Copies<K, V> {
            fn drop(&mut self) {
                // SAFETY: every entry here is a copy the source map still
                // owns, so none may be dropped from here.
                unsafe { self.0.release_storage() };
            }
        }

        let seed = fastrand::next();
        let mut hashes: Vec<u64> = Vec::new();
        let layout =
            Layout::array::<u64>(self.count).map_err(|_| TryReserveError::CapacityOverflow)?;
        if injected_failure() || hashes.try_reserve_exact(self.count).is_err() {
            return Err(TryReserveError::AllocError { layout });
        }
        hashes.extend(
            RawIter::ordered(self)
                // SAFETY: the cursor yields live slots of this map.
                .map(|(b, i)| hash_with_seed(hasher, seed, unsafe { &*b.key(i) })),
        );
        let mut fresh = Copies(RawMap::empty(shift_for(hint)));
        fresh.0.seed = seed;
        if hint > 0 {
            let (array, next) = BucketArray::try_new(fresh.0.b)?;
            fresh.0.buckets = Some(array);
            fresh.0.next_overflow = next;
        }
        for ((b, i), hash) in RawIter::ordered(self).zip(hashes) {
            // SAFETY: each live slot is copied once; until the copy is
            // complete, `Copies` keeps it from being dropped from `fresh`.
            unsafe { fresh.0.insert_copy(hash, b, i)? };
        }
        let fresh = mem::replace(&mut fresh.0, RawMap::empty(0));
        // SAFETY: every entry now belongs to `fresh`; the old storage goes
        // without dropping them.
        unsafe { self.release_storage() };
        *self = fresh;
        Ok(())
    }

    /// Copies slot `i` of `src`, from another map, bitwise into the first
    /// free slot of its chain here. The map must never have had a removal,
    /// so the first empty slot is the first free one, and must not be
    /// growing. On error (no memory for an overflow bucket) nothing was
    /// copied.
    ///
    /// # Safety
    ///
    /// The slot holds a live entry whose key hashes to `hash` under this
    /// map's seed. The copy is this map's to drop only once its source
    /// forgets the original.
    unsafe fn insert_copy(
        &mut self,
        hash: u64,
        src: BucketRef<K, V>,
        i: usize,
    ) -> Result<(), TryReserveError> {
        let array = self.buckets.as_ref().expect("allocated by the rebuild");
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
                        return Ok(());
                    }
                }
                b = match b.overflow() {
                    Some(next) => next,
                    None => self.try_new_overflow(b)?,
                };
            }
        }
    }
}
