//! Walking every live slot once, from a random bucket and slot offset.
//!
//! Go starts every iteration at a random bucket and a random offset within
//! each bucket, so that no program can come to depend on an order. During
//! a growth the walk pairs each position `j` with old bucket `j` when that
//! one is not yet evacuated: every entry is then in exactly one of the
//! chains visited, either an unevacuated old chain or a new one, with no
//! rehashing. (Go must rehash here because a running iterator can see the
//! map grow under it; Rust's borrows rule that out.)

use core::marker::PhantomData;

use super::RawMap;
use crate::bucket::{BUCKET_CNT, BucketRef, is_live};
use crate::fastrand;

/// A cursor over the live slots of a [`RawMap`]. It holds raw pointers:
/// the safe iterators built on it borrow or own the map for as long as it
/// lives, and the map's structure must not change meanwhile (clearing
/// tophashes of slots already visited is allowed).
pub(crate) struct RawIter<K, V> {
    /// First main bucket of the current array, and its main bucket count.
    new: Option<(BucketRef<K, V>, usize)>,
    /// First main bucket of the old array, and its main bucket count.
    old: Option<(BucketRef<K, V>, usize)>,
    start: usize,
    offset: usize,
    /// Positions started so far.
    step: usize,
    /// The position being walked.
    position: usize,
    /// The bucket being walked, if any.
    bucket: Option<BucketRef<K, V>>,
    /// Whether `bucket` belongs to the old chain of `position`.
    in_old: bool,
    /// Slots of `bucket` already looked at.
    slot: usize,
    /// Live slots not yet yielded.
    remaining: usize,
    _marker: PhantomData<(K, V)>,
}

// SAFETY: the cursor is only pointers into a map whose entries the owning
// iterator has the right to send or share; those iterators carry the bounds.
unsafe impl<K, V> Send for RawIter<K, V> {}
// SAFETY: as above.
unsafe impl<K, V> Sync for RawIter<K, V> {}

impl<K, V> Clone for RawIter<K, V> {
    fn clone(&self) -> Self {
        Self { ..*self }
    }
}

impl<K, V> RawIter<K, V> {
    /// A cursor over `map`, from a random start.
    pub(crate) fn new(map: &RawMap<K, V>) -> Self {
        Self::starting_at(map, fastrand::next())
    }

    /// A cursor over `map` in bucket order: the same order every time, for
    /// walks that must be repeated.
    pub(crate) fn ordered(map: &RawMap<K, V>) -> Self {
        Self::starting_at(map, 0)
    }

    fn starting_at(map: &RawMap<K, V>, r: u64) -> Self {
        let first = |a: &super::BucketArray<K, V>| {
            // SAFETY: every array has at least one bucket.
            (unsafe { a.bucket(0) }, a.main())
        };
        let new = map.buckets.as_ref().map(first);
        let old = map.old.as_ref().map(first);
        let main = new.map_or(1, |(_, n)| n);
        Self {
            new,
            old,
            start: r as usize & (main - 1),
            offset: (r >> 61) as usize,
            step: 0,
            position: 0,
            bucket: None,
            in_old: false,
            slot: 0,
            remaining: map.len(),
            _marker: PhantomData,
        }
    }

    /// Live slots not yet yielded.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.remaining
    }

    /// The first bucket of the chain the slot last yielded is in.
    pub(crate) fn chain_head(&self) -> Option<BucketRef<K, V>> {
        let (base, _) = if self.in_old { self.old? } else { self.new? };
        // SAFETY: `position` is a main bucket of the array the walk is in.
        Some(unsafe { base.offset(self.position) })
    }

    fn next_chain(&mut self) -> Option<BucketRef<K, V>> {
        let (new, main) = self.new?;
        if self.in_old {
            // The old chain of this position is done; its new chain next.
            self.in_old = false;
            // SAFETY: `position` is a main bucket of the new array.
            return Some(unsafe { new.offset(self.position) });
        }
        if self.step == main {
            return None;
        }
        self.position = (self.start + self.step) & (main - 1);
        self.step += 1;
        if let Some((old, old_main)) = self.old
            && self.position < old_main
        {
            // SAFETY: `position` is a main bucket of the old array.
            let b = unsafe { old.offset(self.position) };
            // SAFETY: as above.
            if !unsafe { b.is_evacuated() } {
                self.in_old = true;
                return Some(b);
            }
        }
        // SAFETY: `position` is a main bucket of the new array.
        Some(unsafe { new.offset(self.position) })
    }
}

impl<K, V> Iterator for RawIter<K, V> {
    type Item = (BucketRef<K, V>, usize);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        while self.remaining > 0 {
            let Some(b) = self.bucket else {
                self.bucket = Some(self.next_chain()?);
                self.slot = 0;
                continue;
            };
            while self.slot < BUCKET_CNT {
                let i = (self.offset + self.slot) & (BUCKET_CNT - 1);
                self.slot += 1;
                // SAFETY: the map outlives the cursor and keeps its
                // structure, so `b` is alive.
                if is_live(unsafe { b.top(i) }) {
                    self.remaining -= 1;
                    return Some((b, i));
                }
            }
            self.slot = 0;
            // SAFETY: as above.
            self.bucket = unsafe { b.overflow() };
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}
