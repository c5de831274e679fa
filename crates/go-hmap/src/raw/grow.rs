//! Incremental growth: `hashGrow`, `growWork`, `evacuate` and
//! `advanceEvacuationMark`.
//!
//! Growth allocates the new array at once but moves entries lazily: every
//! insert and remove evacuates the old bucket it is about to use, plus the
//! lowest one not yet evacuated, so growth finishes within `2^(B-1)`
//! writes and no single write moves more than two chains.

use core::mem;
use core::ptr;
use std::hash::{BuildHasher, Hash};

use super::array::{BucketArray, free_overflow};
use super::{RawMap, hash_with_seed, over_load_factor};
use crate::bucket::{
    BUCKET_CNT, BucketLayout, BucketRef, EVACUATED_EMPTY, EVACUATED_X, EVACUATED_Y, is_empty,
};

/// Old buckets `advance_evacuation_mark` looks past at most, to stay O(1).
const MAX_MARK_SKIP: usize = 1024;

/// Which half each live entry of a chain goes to, decided before anything
/// moves. Most chains have one or two buckets, which fit the inline word.
struct Halves {
    inline: u64,
    spill: Vec<u64>,
    len: usize,
}

impl Halves {
    #[inline]
    fn new() -> Self {
        Self {
            inline: 0,
            spill: Vec::new(),
            len: 0,
        }
    }

    #[inline]
    fn push(&mut self, upper: bool) {
        let (word, bit) = (self.len / 64, self.len % 64);
        if word == 0 {
            self.inline |= u64::from(upper) << bit;
        } else {
            if bit == 0 {
                self.spill.push(0);
            }
            self.spill[word - 1] |= u64::from(upper) << bit;
        }
        self.len += 1;
    }

    /// How many entries go to the upper half.
    #[inline]
    fn uppers(&self) -> usize {
        let spilled: u32 = self.spill.iter().map(|word| word.count_ones()).sum();
        (self.inline.count_ones() + spilled) as usize
    }

    #[inline]
    fn get(&self, n: usize) -> usize {
        let (word, bit) = (n / 64, n % 64);
        let bits = if word == 0 {
            self.inline
        } else {
            self.spill[word - 1]
        };
        ((bits >> bit) & 1) as usize
    }
}

/// Where one half's entries go next.
struct Destination<K, V> {
    bucket: BucketRef<K, V>,
    slot: usize,
}

impl<K, V> RawMap<K, V> {
    /// Main buckets of the old array (`noldbuckets`).
    fn old_main(&self) -> usize {
        self.old.as_ref().map_or(0, BucketArray::main)
    }

    /// Starts a growth (`hashGrow`): to twice the buckets if the map is
    /// over its load factor, else to the same number, which packs entries
    /// out of long, sparse overflow chains.
    #[track_caller]
    pub(super) fn hash_grow(&mut self) {
        let bigger = over_load_factor(self.count + 1, self.b);
        let b = if bigger { self.b + 1 } else { self.b };
        // Allocate before changing anything: a capacity panic leaves the
        // map as it was.
        let (array, next) = BucketArray::new(b);
        debug_assert!(self.old.is_none() && self.old_overflow.is_empty());
        self.old = self.buckets.replace(array);
        self.b = b;
        self.same_size_grow = !bigger;
        self.nevacuate = 0;
        self.noverflow = 0;
        self.overflow_in_use = 0;
        self.old_overflow = mem::take(&mut self.overflow);
        self.next_overflow = next;
    }

    /// Evacuates the old bucket that feeds new bucket `bucket`, and one
    /// more to make progress (`growWork`).
    #[track_caller]
    pub(super) fn grow_work<S: BuildHasher>(&mut self, bucket: usize, hasher: &S)
    where
        K: Hash,
    {
        let index = bucket & (self.old_main() - 1);
        if index >= self.nevacuate {
            // Evacuating reads the old bucket and writes new buckets X and
            // Y, each likely a cache miss: start all three loads at once.
            let (old, new) = (self.old.as_ref(), self.buckets.as_ref());
            if let (Some(old), Some(new)) = (old, new) {
                // SAFETY: `index` is an old main bucket, and `index` and
                // `index + 2^(B-1)` are new main buckets (or `index` alone
                // when the growth keeps the size).
                unsafe {
                    old.bucket(index).prefetch();
                    new.bucket(index).prefetch();
                    if !self.same_size_grow {
                        new.bucket(index + old.main()).prefetch();
                    }
                }
            }
        }
        self.evacuate(index, hasher);
        if self.is_growing() {
            self.evacuate(self.nevacuate, hasher);
        }
    }

    /// Moves old bucket `index`'s chain into the new array (`evacuate`),
    /// splitting it between new buckets `index` (X) and `index + 2^(B-1)`
    /// (Y) by the hash bit the new mask adds.
    ///
    /// It runs in three passes, so that nothing that can unwind runs while
    /// entries are half moved. First the hashes, for the whole chain: they
    /// are the only user code here, so a panicking `Hash` leaves the chain
    /// unevacuated and intact. Then the overflow buckets X and Y will need
    /// are linked onto them, empty, which is the only allocation; if it
    /// fails, the map holds some empty overflow buckets and nothing else
    /// has changed (a later evacuation of this chain finds and uses them).
    /// Last, the entries move, by bitwise copies that cannot fail. Go
    /// allocates each overflow bucket when a destination fills up, which
    /// hands out the same buckets in the same number; only which of X and
    /// Y gets a preallocated one first can differ.
    #[track_caller]
    fn evacuate<S: BuildHasher>(&mut self, index: usize, hasher: &S)
    where
        K: Hash,
    {
        if index < self.nevacuate {
            // Evacuated, as every bucket below `nevacuate` is. Go reads the
            // old bucket to find out; skipping that read saves a cache
            // miss per write and changes nothing else.
            return;
        }
        let old = self.old.as_ref().expect("evacuating while growing");
        let newbit = old.main();
        // SAFETY: `index < newbit`, the old main buckets; chains are alive.
        let first = unsafe { old.bucket(index) };
        // SAFETY: as above.
        if !unsafe { first.is_evacuated() } {
            let mut halves = Halves::new();
            let seed = self.seed;
            let same_size = self.same_size_grow;
            // SAFETY: walking a live chain and reading live keys.
            unsafe {
                for_each_live(first, |b, i| {
                    let upper = !same_size && {
                        let hash = hash_with_seed(hasher, seed, &*b.key(i));
                        hash as usize & newbit != 0
                    };
                    halves.push(upper);
                });
            }
            let uppers = halves.uppers();
            let going = [halves.len - uppers, uppers];
            let new = self.buckets.as_ref().expect("growing has a new array");
            // SAFETY: new buckets `index` and `index + newbit` exist when
            // doubling; same-size growth uses only X.
            let (x, y) = unsafe {
                let x = new.bucket(index);
                let y = if same_size {
                    x
                } else {
                    new.bucket(index + newbit)
                };
                (x, y)
            };
            self.make_room(x, going[0]);
            if !same_size {
                self.make_room(y, going[1]);
            }
            let mut dst = [
                Destination { bucket: x, slot: 0 },
                Destination { bucket: y, slot: 0 },
            ];
            let mut moved = 0;
            let mut b = first;
            // SAFETY: destinations are new buckets this old bucket feeds,
            // which hold no entries (see the module invariants) and now
            // chain room for all of them; each live entry is copied once
            // and its old slot marked evacuated, so it is never dropped
            // from there. Nothing in this loop can unwind.
            unsafe {
                loop {
                    for i in 0..BUCKET_CNT {
                        let top = b.top(i);
                        if is_empty(top) {
                            b.set_top(i, EVACUATED_EMPTY);
                            continue;
                        }
                        debug_assert!(top >= crate::bucket::MIN_TOP_HASH, "bad map state");
                        let half = if same_size { 0 } else { halves.get(moved) };
                        moved += 1;
                        b.set_top(i, [EVACUATED_X, EVACUATED_Y][half]);
                        let d = &mut dst[half];
                        if d.slot == BUCKET_CNT {
                            let Some(next) = d.bucket.overflow() else {
                                unreachable!("room was made for every entry")
                            };
                            d.bucket = next;
                            d.slot = 0;
                        }
                        d.bucket.set_top(d.slot, top);
                        b.move_slot(i, d.bucket, d.slot);
                        d.slot += 1;
                    }
                    match b.overflow() {
                        Some(next) => b = next,
                        None => break,
                    }
                }
                if !BucketLayout::<K, V>::POINTER_FREE {
                    // Go clears the evacuated bucket so the collector can
                    // free its overflow chain; here we free it directly.
                    // Pointer-free maps keep theirs listed in
                    // `old_overflow` until growth ends, as Go does.
                    let old = self.old.as_ref().expect("growing");
                    self.allocated_overflow -= free_chain_overflow(first, old);
                }
            }
        }
        if index == self.nevacuate {
            self.advance_evacuation_mark(newbit);
        }
    }

    /// Links overflow buckets onto the chain that starts at new bucket
    /// `first` until it has slots for `entries`. The chain holds no entries
    /// yet; it may already hold empty overflow buckets from an evacuation
    /// of the same old bucket whose allocation failed.
    #[track_caller]
    fn make_room(&mut self, first: BucketRef<K, V>, entries: usize) {
        let mut last = first;
        let mut room = BUCKET_CNT;
        while room < entries {
            // SAFETY: `last` is a live bucket of the chain.
            last = match unsafe { last.overflow() } {
                Some(next) => next,
                None => self.new_overflow(last),
            };
            room += BUCKET_CNT;
        }
    }

    /// Moves `nevacuate` past evacuated buckets, and ends the growth when
    /// all are (`advanceEvacuationMark`): the old array and, for
    /// pointer-free maps, the old overflow buckets are freed.
    fn advance_evacuation_mark(&mut self, newbit: usize) {
        self.nevacuate += 1;
        let stop = (self.nevacuate + MAX_MARK_SKIP).min(newbit);
        let old = self.old.as_ref().expect("growing");
        // SAFETY: `nevacuate < newbit` inside the loop.
        while self.nevacuate != stop && unsafe { old.bucket(self.nevacuate).is_evacuated() } {
            self.nevacuate += 1;
        }
        if self.nevacuate == newbit {
            let old = self.old.take().expect("growing");
            for bucket in mem::take(&mut self.old_overflow) {
                if !old.contains(bucket) {
                    // SAFETY: every old chain is evacuated, so the old
                    // overflow buckets hold nothing, and nothing points
                    // into them any more.
                    unsafe { free_overflow::<K, V>(bucket) };
                    self.allocated_overflow -= 1;
                }
            }
            // SAFETY: as above, for the old array.
            unsafe { old.free() };
            self.same_size_grow = false;
        }
    }
}

/// Frees the separately allocated overflow buckets of the chain that starts
/// at `first`, a main bucket of `array`, and unlinks them; returns how many
/// it freed. Preallocated ones stay with their array.
///
/// # Safety
///
/// No bucket after `first` holds an entry that still needs dropping.
pub(super) unsafe fn free_chain_overflow<K, V>(
    first: BucketRef<K, V>,
    array: &BucketArray<K, V>,
) -> usize {
    let mut freed = 0;
    // SAFETY: the chain is alive; each next pointer is read before its
    // bucket is freed.
    unsafe {
        let mut next = first.overflow();
        first.set_overflow(ptr::null_mut());
        while let Some(b) = next {
            next = b.overflow();
            if !array.contains(b.as_ptr()) {
                free_overflow::<K, V>(b.as_ptr());
                freed += 1;
            }
        }
    }
    freed
}

/// Calls `f` on every live slot of the chain that starts at `first`.
///
/// # Safety
///
/// The chain is alive and `f` does not change it.
pub(super) unsafe fn for_each_live<K, V>(
    first: BucketRef<K, V>,
    mut f: impl FnMut(BucketRef<K, V>, usize),
) {
    let mut b = Some(first);
    while let Some(bucket) = b {
        for i in 0..BUCKET_CNT {
            // SAFETY: `bucket` is alive.
            if crate::bucket::is_live(unsafe { bucket.top(i) }) {
                f(bucket, i);
            }
        }
        // SAFETY: `bucket` is alive and chained.
        b = unsafe { bucket.overflow() };
    }
}

#[cfg(test)]
mod tests {
    use super::Halves;

    #[test]
    fn halves_spill_past_one_word() {
        let mut halves = Halves::new();
        for n in 0..200 {
            halves.push(n % 3 == 0);
        }
        for n in 0..200 {
            assert_eq!(halves.get(n), usize::from(n % 3 == 0), "entry {n}");
        }
    }
}
