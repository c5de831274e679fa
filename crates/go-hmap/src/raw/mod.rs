//! The raw map: Go's `hmap`, with the unsafe bucket logic and nothing that
//! needs `K: Hash`. Callers hash keys (with [`RawMap::seed`]) and pass the
//! hash in; the operations that must rehash stored keys, growth and
//! [`RawMap::compact`], take the hasher.
//!
//! # Invariants
//!
//! - `buckets` is `None` only while `b == 0` and the map has never held an
//!   entry since it was made or compacted: Go allocates nothing until the
//!   first insert.
//! - A main bucket and its overflow buckets form a *chain*. A slot whose
//!   tophash is `EMPTY_REST` has no live entry after it in its chain.
//! - While growing, `old` holds the previous array. Old main bucket `j` is
//!   either evacuated (its first tophash is an `EVACUATED_*` state, and its
//!   entries are in new buckets `j` and `j + 2^(B-1)`) or untouched, in
//!   which case the new buckets it feeds are still empty. Evacuation moves
//!   a whole chain at once, so there is no partly evacuated chain.
//! - `count` is the number of live slots over both arrays.
//! - Overflow buckets are either preallocated (inside an array, freed with
//!   it) or allocated one by one (`allocated_overflow` of them, freed
//!   individually). When buckets are pointer-free, `overflow` and
//!   `old_overflow` list every overflow bucket of each array, as Go's
//!   `mapextra` does; otherwise the chains are the only record.

mod array;
mod clone;
mod grow;
mod iter;
mod maintain;
mod teardown;

use core::alloc::Layout;
use core::marker::PhantomData;
use core::mem::{self, size_of};
use core::ptr::{self, NonNull};
use std::alloc::{alloc, dealloc};
use std::hash::{BuildHasher, Hash, Hasher};

use map_api::TryReserveError;

#[cfg(test)]
pub(crate) use self::array::inject;
use self::array::{BucketArray, alloc_overflow, allocation_failed, injected_failure};
pub(crate) use self::iter::RawIter;
use crate::Stats;
use crate::bucket::{
    BUCKET_CNT, BucketLayout, BucketRef, EMPTY_ONE, EMPTY_REST, is_empty, tophash,
};
use crate::fastrand;
use crate::size_class::append_capacity;

/// Go's load factor, 6.5 entries per bucket, as a fraction.
const LOAD_FACTOR_NUM: usize = 13;
const LOAD_FACTOR_DEN: usize = 2;

/// `2^b`, saturating: a shift too large to address is "infinitely many".
#[inline]
fn bucket_shift(b: u8) -> usize {
    1usize.checked_shl(u32::from(b)).unwrap_or(usize::MAX)
}

/// Whether `count` entries in `2^b` buckets exceed the load factor
/// (`overLoadFactor`).
#[inline]
pub(crate) fn over_load_factor(count: usize, b: u8) -> bool {
    count > BUCKET_CNT
        && count > (bucket_shift(b) / LOAD_FACTOR_DEN).saturating_mul(LOAD_FACTOR_NUM)
}

/// Whether there are about as many overflow buckets as main buckets
/// (`tooManyOverflowBuckets`). `noverflow` counts exactly below `B = 16`
/// and approximately above, where it can count only to 2^15.
#[inline]
fn too_many_overflow_buckets(noverflow: u16, b: u8) -> bool {
    noverflow >= 1u16 << b.min(15)
}

/// The most entries `2^b` buckets hold before an insert grows them: the
/// load factor's 6.5 per bucket, and never fewer than one bucket's eight.
pub(crate) fn entries_before_growth(b: u8) -> usize {
    BUCKET_CNT.max((bucket_shift(b) / LOAD_FACTOR_DEN).saturating_mul(LOAD_FACTOR_NUM))
}

/// The smallest `B` that holds `hint` entries (`makemap`).
pub(crate) fn shift_for(hint: usize) -> u8 {
    let mut b = 0u8;
    while over_load_factor(hint, b) {
        b += 1;
    }
    b
}

/// Hashes `key` under `seed` with `hasher`. The seed goes into the hasher
/// first, so changing it changes which keys collide, which is what Go's
/// reseeding is for.
#[inline]
pub(crate) fn hash_with_seed<Q: Hash + ?Sized, S: BuildHasher>(
    hasher: &S,
    seed: u64,
    key: &Q,
) -> u64 {
    let mut state = hasher.build_hasher();
    state.write_u64(seed);
    key.hash(&mut state);
    state.finish()
}

/// Where an entry is: slot `slot` of `bucket`, in the chain that starts
/// at main bucket `first`.
pub(crate) struct Located<K, V> {
    pub(crate) first: BucketRef<K, V>,
    pub(crate) bucket: BucketRef<K, V>,
    pub(crate) slot: usize,
}

impl<K, V> Clone for Located<K, V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K, V> Copy for Located<K, V> {}

/// What [`RawMap::assign`] found.
enum Assign<K, V> {
    /// The live slot of an equal key.
    Found(BucketRef<K, V>, usize),
    /// The free slot a new entry takes.
    Free(Located<K, V>),
}

/// Go's `hmap`.
pub(crate) struct RawMap<K, V> {
    /// Live entries.
    count: usize,
    /// log2 of the main buckets.
    b: u8,
    /// The current growth keeps the bucket count (`sameSizeGrow`).
    same_size_grow: bool,
    /// Approximate overflow bucket count, for `too_many_overflow_buckets`.
    noverflow: u16,
    /// The hash seed (`hash0`).
    seed: u64,
    buckets: Option<BucketArray<K, V>>,
    /// The previous array while growing.
    old: Option<BucketArray<K, V>>,
    /// Old buckets below this are evacuated.
    nevacuate: usize,
    /// The next unused preallocated overflow bucket.
    next_overflow: Option<BucketRef<K, V>>,
    /// Pointer-free maps only: every overflow bucket of the current array.
    overflow: Vec<NonNull<u8>>,
    /// Pointer-free maps only: every overflow bucket of the old array.
    old_overflow: Vec<NonNull<u8>>,
    /// Overflow buckets linked into the current array's chains.
    overflow_in_use: usize,
    /// Overflow buckets allocated one by one and not yet freed.
    allocated_overflow: usize,
    /// The map owns `K`s and `V`s.
    _marker: PhantomData<(K, V)>,
}

// SAFETY: the raw map owns its entries and its buckets outright; sending it
// sends the entries.
unsafe impl<K: Send, V: Send> Send for RawMap<K, V> {}
// SAFETY: `&RawMap` only reads entries, so sharing it shares `&K` and `&V`.
unsafe impl<K: Sync, V: Sync> Sync for RawMap<K, V> {}

impl<K, V> RawMap<K, V> {
    /// A map for `hint` entries (`makemap`): the smallest `B` that holds
    /// them, allocated now unless `B` is 0.
    #[track_caller]
    pub(crate) fn with_hint(hint: usize) -> Self {
        let b = shift_for(hint);
        let mut map = Self::empty(b);
        if b > 0 {
            let (array, next) = BucketArray::new(b);
            map.buckets = Some(array);
            map.next_overflow = next;
        }
        map
    }

    fn empty(b: u8) -> Self {
        Self {
            count: 0,
            b,
            same_size_grow: false,
            noverflow: 0,
            seed: fastrand::next(),
            buckets: None,
            old: None,
            nevacuate: 0,
            next_overflow: None,
            overflow: Vec::new(),
            old_overflow: Vec::new(),
            overflow_in_use: 0,
            allocated_overflow: 0,
            _marker: PhantomData,
        }
    }

    /// Live entries.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.count
    }

    /// The hash seed keys must be hashed with now.
    #[inline]
    pub(crate) fn seed(&self) -> u64 {
        self.seed
    }

    /// `B`.
    pub(crate) fn bucket_shift(&self) -> u8 {
        self.b
    }

    /// Main buckets allocated: `2^B`, or 0 before the first insert.
    pub(crate) fn bucket_count(&self) -> usize {
        self.buckets.as_ref().map_or(0, BucketArray::main)
    }

    /// Overflow buckets chained to the current array.
    pub(crate) fn overflow_bucket_count(&self) -> usize {
        self.overflow_in_use
    }

    /// Whether a growth is in progress.
    pub(crate) fn is_growing(&self) -> bool {
        self.old.is_some()
    }

    /// Every byte the map holds on the heap: arrays, overflow buckets, the
    /// overflow lists and the boxes of indirect keys and values.
    pub(crate) fn heap_bytes(&self) -> usize {
        let arrays = self.buckets.as_ref().map_or(0, BucketArray::bytes)
            + self.old.as_ref().map_or(0, BucketArray::bytes);
        let overflow = self.allocated_overflow * array::overflow_layout::<K, V>().size();
        let lists =
            (self.overflow.capacity() + self.old_overflow.capacity()) * size_of::<NonNull<u8>>();
        let boxes = self.count * BucketLayout::<K, V>::boxed_bytes_per_entry();
        arrays + overflow + lists + boxes
    }

    /// Introspection for [`GoMap::stats`](crate::GoMap::stats).
    pub(crate) fn stats(&self) -> Stats {
        let (array_buckets, preallocated) = self
            .buckets
            .as_ref()
            .map_or((0, 0), |a| (a.len(), a.len() - a.main()));
        let preallocated_unused = match (&self.buckets, self.next_overflow) {
            (Some(array), Some(next)) => array
                .index_of(next.as_ptr())
                .map_or(0, |index| array.len() - index),
            _ => 0,
        };
        Stats {
            len: self.count,
            bucket_shift: self.b,
            buckets: self.bucket_count(),
            array_buckets,
            preallocated_overflow: preallocated,
            preallocated_overflow_unused: preallocated_unused,
            overflow_buckets: self.overflow_in_use,
            allocated_overflow_buckets: self.allocated_overflow,
            noverflow: self.noverflow,
            growing: self.is_growing(),
            same_size_growth: self.same_size_grow,
            old_buckets: self.old.as_ref().map_or(0, BucketArray::main),
            evacuated: if self.is_growing() { self.nevacuate } else { 0 },
            heap_bytes: self.heap_bytes(),
        }
    }

    /// The chain a lookup of `hash` must search: the old bucket while it is
    /// not yet evacuated, else the new one.
    #[inline]
    fn lookup_chain(&self, hash: u64) -> Option<BucketRef<K, V>> {
        let buckets = self.buckets.as_ref()?;
        let mask = buckets.main() - 1;
        // SAFETY: masked indices are main buckets of their arrays.
        unsafe {
            if let Some(old) = &self.old {
                let index = hash as usize & (old.main() - 1);
                // Buckets below `nevacuate` are evacuated: no need to read
                // the old bucket (a cache miss) to find that out.
                if index >= self.nevacuate {
                    let old_bucket = old.bucket(index);
                    if !old_bucket.is_evacuated() {
                        return Some(old_bucket);
                    }
                }
            }
            Some(buckets.bucket(hash as usize & mask))
        }
    }

    /// The live slot whose key has `hash` and satisfies `eq`.
    #[inline]
    pub(crate) fn find(
        &self,
        hash: u64,
        mut eq: impl FnMut(&K) -> bool,
    ) -> Option<(BucketRef<K, V>, usize)> {
        if self.count == 0 {
            return None;
        }
        let mut b = self.lookup_chain(hash)?;
        let top = tophash(hash);
        loop {
            // SAFETY: `b` is a live bucket of the chain, and a slot whose
            // tophash is a live hash holds an entry.
            unsafe {
                for i in 0..BUCKET_CNT {
                    let t = b.top(i);
                    if t != top {
                        if t == EMPTY_REST {
                            return None;
                        }
                        continue;
                    }
                    if eq(&*b.key(i)) {
                        return Some((b, i));
                    }
                }
                b = b.overflow()?;
            }
        }
    }

    /// [`find`](Self::find), also returning the first bucket of the chain
    /// the slot is in, which [`erase`](Self::erase) needs.
    #[inline]
    pub(crate) fn find_in_chain(
        &self,
        hash: u64,
        mut eq: impl FnMut(&K) -> bool,
    ) -> Option<Located<K, V>> {
        if self.count == 0 {
            return None;
        }
        let first = self.lookup_chain(hash)?;
        let top = tophash(hash);
        let mut b = first;
        loop {
            // SAFETY: as in `find`.
            unsafe {
                for i in 0..BUCKET_CNT {
                    let t = b.top(i);
                    if t != top {
                        if t == EMPTY_REST {
                            return None;
                        }
                        continue;
                    }
                    if eq(&*b.key(i)) {
                        return Some(Located {
                            first,
                            bucket: b,
                            slot: i,
                        });
                    }
                }
                b = b.overflow()?;
            }
        }
    }

    /// Inserts `key` (hashing to `hash`) with `value` (`mapassign`). An
    /// existing equal key is kept and its value replaced and returned.
    #[inline]
    #[track_caller]
    pub(crate) fn insert<S: BuildHasher>(
        &mut self,
        hash: u64,
        key: K,
        value: V,
        hasher: &S,
    ) -> Option<V>
    where
        K: Eq + Hash,
    {
        match self.assign(hash, |k| *k == key, hasher) {
            // SAFETY: `assign` found a live slot; `&mut self` makes it ours.
            Assign::Found(b, i) => Some(mem::replace(unsafe { &mut *b.value(i) }, value)),
            Assign::Free(at) => {
                // SAFETY: `assign` returned a free slot of this map, with
                // room made for the new entry.
                unsafe { self.fill(at, tophash(hash), key, value) };
                None
            }
        }
    }

    /// Inserts an entry whose key is absent (the entry API has just looked
    /// it up), as `mapassign` would, and says where it went.
    #[track_caller]
    pub(crate) fn insert_absent<S: BuildHasher>(
        &mut self,
        hash: u64,
        key: K,
        value: V,
        hasher: &S,
    ) -> Located<K, V>
    where
        K: Hash,
    {
        match self.assign(hash, |_| false, hasher) {
            Assign::Free(at) => {
                // SAFETY: as in `insert`.
                unsafe { self.fill(at, tophash(hash), key, value) };
                at
            }
            Assign::Found(..) => unreachable!("no key matches"),
        }
    }

    /// Stores a new entry in the free slot `at` and counts it.
    ///
    /// # Safety
    ///
    /// `at` is a free slot of this map that [`assign`](Self::assign) just
    /// returned, for a key that hashes to a tophash of `top`.
    #[inline]
    #[track_caller]
    unsafe fn fill(&mut self, at: Located<K, V>, top: u8, key: K, value: V) {
        // SAFETY: the slot is free; the tophash goes last, so a write that
        // unwinds (an indirect entry's box) leaves the slot free.
        unsafe {
            write_entry(at.bucket, at.slot, key, value);
            at.bucket.set_top(at.slot, top);
        }
        self.count += 1;
    }

    /// The first half of `mapassign`: finds the live slot whose key has
    /// `hash` and satisfies `eq`, or else the free slot a new entry takes,
    /// after any growth work, growth, or new overflow bucket that needs.
    /// Nothing is written: a new entry's slot is left for the caller.
    #[inline]
    #[track_caller]
    fn assign<S: BuildHasher>(
        &mut self,
        hash: u64,
        mut eq: impl FnMut(&K) -> bool,
        hasher: &S,
    ) -> Assign<K, V>
    where
        K: Hash,
    {
        if self.buckets.is_none() {
            let (array, next) = BucketArray::new(self.b);
            self.buckets = Some(array);
            self.next_overflow = next;
        }
        let top = tophash(hash);
        loop {
            let bucket = hash as usize & (bucket_shift(self.b) - 1);
            if self.is_growing() {
                self.grow_work(bucket, hasher);
            }
            let array = self.buckets.as_ref().expect("allocated above");
            // SAFETY: `bucket` is masked to the main buckets; every bucket
            // reached through the chain is alive; a slot with a live
            // tophash holds an entry, and `&mut self` makes access
            // exclusive.
            unsafe {
                let first = array.bucket(bucket);
                let mut b = first;
                let mut free = None;
                'chain: loop {
                    for i in 0..BUCKET_CNT {
                        let t = b.top(i);
                        if t != top {
                            if is_empty(t) && free.is_none() {
                                free = Some((b, i));
                            }
                            if t == EMPTY_REST {
                                break 'chain;
                            }
                            continue;
                        }
                        if eq(&*b.key(i)) {
                            return Assign::Found(b, i);
                        }
                    }
                    match b.overflow() {
                        Some(next) => b = next,
                        None => break,
                    }
                }
                // A new key. Grow first if this one would overload the map
                // or its chains are too long; growth moves everything, so
                // search again.
                if !self.is_growing()
                    && (over_load_factor(self.count + 1, self.b)
                        || too_many_overflow_buckets(self.noverflow, self.b))
                {
                    self.hash_grow();
                    continue;
                }
                let (bucket, slot) = match free {
                    Some(free) => free,
                    None => (self.new_overflow(b), 0),
                };
                return Assign::Free(Located {
                    first,
                    bucket,
                    slot,
                });
            }
        }
    }

    /// Removes the entry whose key has `hash` and satisfies `eq`
    /// (`mapdelete`).
    #[track_caller]
    pub(crate) fn remove<S: BuildHasher>(
        &mut self,
        hash: u64,
        mut eq: impl FnMut(&K) -> bool,
        hasher: &S,
    ) -> Option<(K, V)>
    where
        K: Hash,
    {
        if self.count == 0 {
            return None;
        }
        let bucket = hash as usize & (bucket_shift(self.b) - 1);
        if self.is_growing() {
            self.grow_work(bucket, hasher);
        }
        let array = self.buckets.as_ref()?;
        let top = tophash(hash);
        // SAFETY: as in `insert`; after `grow_work` the key's old bucket is
        // evacuated, so its entry, if any, is in this chain.
        unsafe {
            let first = array.bucket(bucket);
            let mut b = first;
            loop {
                for i in 0..BUCKET_CNT {
                    let t = b.top(i);
                    if t != top {
                        if t == EMPTY_REST {
                            return None;
                        }
                        continue;
                    }
                    if eq(&*b.key(i)) {
                        return Some(self.erase(first, b, i));
                    }
                }
                b = b.overflow()?;
            }
        }
    }

    /// Takes the entry in slot `i` of `b`, whose chain starts at `first`,
    /// and marks the slot empty. If the chain holds nothing after it, the
    /// slot and the empty slots before it become `EMPTY_REST`, so lookups
    /// stop early again. Reseeds when the map becomes empty.
    ///
    /// # Safety
    ///
    /// Slot `i` of `b` is live and `b` is in the chain that starts at
    /// `first`.
    pub(crate) unsafe fn erase(
        &mut self,
        first: BucketRef<K, V>,
        b: BucketRef<K, V>,
        i: usize,
    ) -> (K, V) {
        // SAFETY: the caller guarantees a live slot in a live chain.
        unsafe {
            let entry = take_entry(b, i);
            b.set_top(i, EMPTY_ONE);
            let rest_follows = if i == BUCKET_CNT - 1 {
                b.overflow().is_none_or(|next| next.top(0) == EMPTY_REST)
            } else {
                b.top(i + 1) == EMPTY_REST
            };
            if rest_follows {
                let (mut b, mut i) = (b, i);
                loop {
                    b.set_top(i, EMPTY_REST);
                    if i == 0 {
                        if b == first {
                            break;
                        }
                        // Chains are singly linked: find the predecessor
                        // from the front, as Go does.
                        let current = b;
                        b = first;
                        while b.overflow() != Some(current) {
                            b = b.overflow().expect("current is in the chain");
                        }
                        i = BUCKET_CNT - 1;
                    } else {
                        i -= 1;
                    }
                    if b.top(i) != EMPTY_ONE {
                        break;
                    }
                }
            }
            self.count -= 1;
            if self.count == 0 {
                // A fresh seed makes it harder to keep triggering the same
                // collisions (Go issue 25237).
                self.seed = fastrand::next();
            }
            entry
        }
    }

    /// Moves the entry out of a live slot, for an owning iterator. The
    /// caller marks the slot empty.
    ///
    /// # Safety
    ///
    /// Slot `i` of `b` is a live slot of this map.
    pub(crate) unsafe fn take_slot(&mut self, b: BucketRef<K, V>, i: usize) -> (K, V) {
        self.count -= 1;
        // SAFETY: forwarded contract.
        unsafe { take_entry(b, i) }
    }

    /// Hands out an overflow bucket and links it after `b`
    /// (`newoverflow`): the next preallocated one if any are left, else a
    /// new allocation.
    ///
    /// # Panics
    ///
    /// Calls `handle_alloc_error` if the bucket cannot be allocated, before
    /// anything changes.
    #[track_caller]
    pub(super) fn new_overflow(&mut self, b: BucketRef<K, V>) -> BucketRef<K, V> {
        match self.try_new_overflow(b) {
            Ok(ovf) => ovf,
            Err(error) => allocation_failed(error),
        }
    }

    /// [`new_overflow`](Self::new_overflow), returning an error, with the
    /// map unchanged, if memory for the bucket or its listing is refused.
    pub(super) fn try_new_overflow(
        &mut self,
        b: BucketRef<K, V>,
    ) -> Result<BucketRef<K, V>, TryReserveError> {
        let ovf = self.take_overflow_bucket()?;
        self.incr_noverflow();
        self.overflow_in_use += 1;
        // SAFETY: `b` is the live last bucket of its chain.
        unsafe { b.set_overflow(ovf.as_ptr().as_ptr()) };
        Ok(ovf)
    }

    /// An empty overflow bucket for the current array, recorded in the
    /// overflow list when buckets are pointer-free. Everything that can
    /// fail comes first, so an error leaves the map as it was.
    fn take_overflow_bucket(&mut self) -> Result<BucketRef<K, V>, TryReserveError> {
        if BucketLayout::<K, V>::POINTER_FREE {
            reserve_overflow_list(&mut self.overflow)?;
        }
        let ovf = match self.next_overflow {
            // SAFETY: `next` is an unused preallocated bucket of the
            // current array; only the last one has a non-null overflow
            // pointer (the sentinel), and the one after a non-last one is
            // still inside the array.
            Some(next) => unsafe {
                if next.raw_overflow().is_null() {
                    self.next_overflow = Some(next.offset(1));
                } else {
                    next.set_overflow(ptr::null_mut());
                    self.next_overflow = None;
                }
                next
            },
            None => {
                let ovf = alloc_overflow()?;
                self.allocated_overflow += 1;
                ovf
            }
        };
        if BucketLayout::<K, V>::POINTER_FREE {
            // Room was reserved above.
            self.overflow.push(ovf.as_ptr());
        }
        Ok(ovf)
    }

    /// Counts an overflow bucket towards same-size growth (`incrnoverflow`).
    /// From `B = 16` on, a 16-bit counter cannot count every bucket, so it
    /// counts each with probability `1 / 2^(B-15)`.
    fn incr_noverflow(&mut self) {
        if self.b < 16 {
            self.noverflow = self.noverflow.wrapping_add(1);
            return;
        }
        let mask = (1u64 << (self.b - 15).min(63)) - 1;
        if fastrand::next() & mask == 0 {
            self.noverflow = self.noverflow.wrapping_add(1);
        }
    }
}

/// Makes room for one more bucket in an overflow list, with Go's `append`
/// growth, so the list holds the bytes Go's `[]*bmap` holds.
fn reserve_overflow_list(list: &mut Vec<NonNull<u8>>) -> Result<(), TryReserveError> {
    if list.len() < list.capacity() {
        return Ok(());
    }
    let cap = append_capacity(list.capacity(), list.len() + 1, size_of::<NonNull<u8>>());
    let layout =
        Layout::array::<NonNull<u8>>(cap).map_err(|_| TryReserveError::CapacityOverflow)?;
    if injected_failure() {
        return Err(TryReserveError::AllocError { layout });
    }
    list.try_reserve_exact(cap - list.len())
        .map_err(|_| TryReserveError::AllocError { layout })
}

/// Stores an entry in slot `i` of `b`, boxing indirect keys and values
/// (Go's `newobject(t.key)`, `newobject(t.elem)`). Both boxes are
/// allocated before anything is written: if the second allocation fails,
/// the first is freed and the key and value are dropped with the unwinding
/// call, so nothing leaks and the slot stays empty.
///
/// # Safety
///
/// Slot `i` of the live bucket `b` is empty, and the caller sets its
/// tophash afterwards.
#[track_caller]
unsafe fn write_entry<K, V>(b: BucketRef<K, V>, i: usize, key: K, value: V) {
    /// Frees a box nothing was written into, if the next allocation
    /// unwinds.
    struct Unused(*mut u8, Layout);
    impl Drop for Unused {
        fn drop(&mut self) {
            // SAFETY: allocated by `alloc_boxed` with this layout, and
            // never written to.
            unsafe { dealloc(self.0, self.1) }
        }
    }
    let key_box = if BucketLayout::<K, V>::INDIRECT_KEY {
        let layout = BucketLayout::<K, V>::boxed_key();
        Some(Unused(alloc_boxed(layout), layout))
    } else {
        None
    };
    let value_box = if BucketLayout::<K, V>::INDIRECT_VALUE {
        Some(alloc_boxed(BucketLayout::<K, V>::boxed_value()))
    } else {
        None
    };
    // SAFETY: the slots are in bounds and empty; the boxes are fresh
    // allocations of the boxed layouts, now owned by the slot.
    unsafe {
        match key_box {
            Some(boxed) => {
                let boxed = mem::ManuallyDrop::new(boxed).0.cast::<K>();
                boxed.write(key);
                b.key_slot(i).cast::<*mut K>().write(boxed);
            }
            None => b.key_slot(i).cast::<K>().write(key),
        }
        match value_box {
            Some(boxed) => {
                let boxed = boxed.cast::<V>();
                boxed.write(value);
                b.value_slot(i).cast::<*mut V>().write(boxed);
            }
            None => b.value_slot(i).cast::<V>().write(value),
        }
    }
}

/// Allocates the box of an indirect key or value.
#[track_caller]
fn alloc_boxed(layout: Layout) -> *mut u8 {
    let ptr = if injected_failure() {
        ptr::null_mut()
    } else {
        // SAFETY: indirect types are over 128 bytes, so never zero-sized.
        unsafe { alloc(layout) }
    };
    if ptr.is_null() {
        allocation_failed(TryReserveError::AllocError { layout });
    }
    ptr
}

/// Moves the entry out of slot `i` of `b`, freeing its boxes. The slot's
/// tophash is left for the caller to update.
///
/// # Safety
///
/// Slot `i` of the live bucket `b` holds a live entry, which the caller
/// must treat as gone.
unsafe fn take_entry<K, V>(b: BucketRef<K, V>, i: usize) -> (K, V) {
    // SAFETY: the slot holds an initialised entry; indirect slots point to
    // allocations of the boxed layouts.
    unsafe {
        let key = if BucketLayout::<K, V>::INDIRECT_KEY {
            let boxed = *b.key_slot(i).cast::<*mut K>();
            let key = boxed.read();
            dealloc(boxed.cast(), BucketLayout::<K, V>::boxed_key());
            key
        } else {
            b.key_slot(i).cast::<K>().read()
        };
        let value = if BucketLayout::<K, V>::INDIRECT_VALUE {
            let boxed = *b.value_slot(i).cast::<*mut V>();
            let value = boxed.read();
            dealloc(boxed.cast(), BucketLayout::<K, V>::boxed_value());
            value
        } else {
            b.value_slot(i).cast::<V>().read()
        };
        (key, value)
    }
}

/// Drops the entry in slot `i` of `b` in place and frees its boxes.
///
/// # Safety
///
/// As for [`take_entry`].
unsafe fn drop_entry<K, V>(b: BucketRef<K, V>, i: usize) {
    // SAFETY: forwarded contract. Reading the entry out and dropping it
    // frees the boxes before any destructor runs, so a panicking drop
    // leaks nothing of the map's own.
    drop(unsafe { take_entry(b, i) });
}

#[cfg(test)]
mod tests;
