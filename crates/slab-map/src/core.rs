//! The map's core: an index of slot numbers over a slab of entries.
//!
//! Invariants, which every method keeps:
//! - every `Full` slot's number is in `index`, packed with its cached
//!   hash's fragment, under that hash;
//! - `Free` slots form the free list from `free_head`, each exactly once;
//! - `live` is the number of `Full` slots.
//!
//! The index may also hold stale entries. A removal frees the slot and
//! leaves its index entry alone; the vacant slot remembers the entry's
//! bucket, and the entry is erased when the slot is reused. An entry
//! is stale when its slot is past the slab's end, vacant, or holds a key
//! of another fragment. Every lookup checks the key in the slot, so a
//! stale entry never answers for a key that is not there, and one that
//! happens to point at the key's own slot answers correctly.
//!
//! Why: in a map larger than the cache, each remove misses the cache on
//! its index entry, and the CPU overlaps only as many removes as its
//! reorder window holds instructions for. Erasing the index entry is about
//! a fifth of a remove's instructions; deferring it made removing a
//! million keys a fifth to a third faster. Under churn the erase comes
//! with the next insert, while the removal has left its cache lines warm.
//! Stale entries of slots that compaction refills or drops are dropped
//! when it rebuilds a shrinking index, or stay until the index fills and
//! is purged in place from the slab.
//!
//! The core never hashes a key: the map computes hashes, and the index is
//! rebuilt from the hashes cached in the slots. So a panicking `Hash` can
//! only strike before the core is touched, and a panicking `Eq` only while
//! it searches, which changes nothing.

use core::alloc::Layout;
use core::mem;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use map_api::TryReserveError;
use map_api::layout::{bucket_capacity, buckets_for_capacity};

/// The free-list terminator. Slot numbers stop one short of it.
const NONE: u32 = u32::MAX;

/// No stale index entry to erase: a table never has this many buckets.
const NO_BUCKET: usize = usize::MAX;

/// The most entries a map can hold: slot numbers are `u32`, and one value
/// is the free-list terminator.
pub const MAX_ENTRIES: usize = (u32::MAX - 1) as usize;

/// The map already holds [`MAX_ENTRIES`] entries. The public calls turn it
/// into [`TryReserveError::CapacityOverflow`] or a "capacity overflow"
/// panic; a zero-sized error keeps the insert path's result in registers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct AtCapacity;

/// Compaction is skipped below this many slots: a handful of vacant slots
/// costs less than moving entries around.
const MIN_COMPACT_SLOTS: usize = 8;

/// How an index entry packs a slot number and a fragment of the key's hash
/// into 32 bits.
///
/// Slot numbers need only as many low bits as the slab is large; the high
/// bits hold bits of the hash that hashbrown uses for neither the bucket
/// (the low bits) nor the 7-bit tag (the top seven). A lookup compares that
/// fragment before it touches the slab, so a false match of the tag (about
/// one lookup in sixteen in a half-full table) costs nothing instead of a
/// cache miss into the slab. The split is chosen when the index is
/// rebuilt, which happens when the slab outgrows it.
///
/// Only the mask is stored, so packing and matching are a shift and a
/// mask: removes are bound by cache misses, and the fewer instructions
/// each takes, the more of them the CPU overlaps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Packing {
    /// The low bits that hold the slot number.
    slot_mask: u32,
}

/// The hash is shifted right by this before its high bits become the
/// fragment: the fragment then spans bits `25 + slot bits` to 56 of the
/// hash, above any bucket index (slot bits are at least 8, and a table of
/// 2^33 buckets is beyond reach) and below the tag.
const FRAGMENT_SHIFT: u32 = 25;

impl Packing {
    /// The packing for slot numbers below `slots` (at least 256).
    pub(crate) fn for_slots(slots: usize) -> Self {
        let bits = usize::BITS - slots.saturating_sub(1).leading_zeros();
        Self {
            slot_mask: u32::MAX >> (32 - bits.clamp(8, 32)),
        }
    }

    /// Slot numbers must stay below this.
    #[inline]
    pub(crate) fn slot_limit(self) -> usize {
        self.slot_mask as usize + 1
    }

    #[inline]
    fn fragment(self, hash: u64) -> u32 {
        (hash >> FRAGMENT_SHIFT) as u32 & !self.slot_mask
    }

    /// The index entry for `slot`, holding a key hashed to `hash`.
    #[inline]
    pub(crate) fn pack(self, slot: u32, hash: u64) -> u32 {
        slot | self.fragment(hash)
    }

    /// The slot number in an index entry.
    #[inline]
    pub(crate) fn slot(self, entry: u32) -> usize {
        (entry & self.slot_mask) as usize
    }

    /// The index entry `entry` pointed at slot `to` instead.
    #[inline]
    fn moved(self, entry: u32, to: u32) -> u32 {
        (entry & !self.slot_mask) | to
    }

    /// Whether an index entry may belong to a key hashed to `hash`.
    #[inline]
    fn may_match(self, entry: u32, hash: u64) -> bool {
        (entry ^ (hash >> FRAGMENT_SHIFT) as u32) & !self.slot_mask == 0
    }
}

/// One slot of the slab.
#[derive(Clone, Debug)]
pub(crate) enum Slot<K, V> {
    /// A live entry and its key's hash.
    Full { hash: u64, key: K, value: V },
    /// A vacant slot; `next` continues the free list. `stale` is the
    /// index bucket where the entry of the key the slot last held may still
    /// be, or `NO_BUCKET`: that entry is erased when the slot is reused.
    Free { next: u32, stale: usize },
}

/// The index of slot numbers.
pub(crate) type Index = HashTable<u32>;

/// Counters of the work compaction has done.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Work {
    pub(crate) compactions: u64,
    pub(crate) moved: u64,
}

#[derive(Clone, Debug)]
pub(crate) struct Core<K, V> {
    pub(crate) index: Index,
    pub(crate) slots: Vec<Slot<K, V>>,
    packing: Packing,
    free_head: u32,
    live: usize,
    pub(crate) work: Work,
}

/// The slot number for the slab's next new slot, if there is room for one.
pub(crate) fn next_slot_number(slots: usize) -> Result<u32, AtCapacity> {
    if slots >= MAX_ENTRIES {
        Err(AtCapacity)
    } else {
        Ok(slots as u32)
    }
}

impl<K, V> Core<K, V> {
    pub(crate) const fn new() -> Self {
        Self {
            index: HashTable::new(),
            slots: Vec::new(),
            packing: Packing { slot_mask: 0xFF },
            free_head: NONE,
            live: 0,
            work: Work {
                compactions: 0,
                moved: 0,
            },
        }
    }

    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.live
    }

    /// Vacant slots waiting for reuse.
    #[inline]
    pub(crate) fn vacant(&self) -> usize {
        self.slots.len() - self.live
    }

    /// The live entries the index can hold without reallocating: purging
    /// stale entries reuses its table.
    pub(crate) fn index_capacity(&self) -> usize {
        bucket_capacity(self.index.num_buckets())
    }

    /// The slot holding a key equal by `eq`, found through the index.
    #[inline]
    pub(crate) fn find(&self, hash: u64, mut eq: impl FnMut(&K) -> bool) -> Option<u32> {
        let (slots, packing) = (&self.slots, self.packing);
        self.index
            .find(hash, |&entry| holds(slots, packing, entry, hash, &mut eq))
            .map(|&entry| packing.slot(entry) as u32)
    }

    /// The entry in `slot`, which must be full.
    #[inline]
    pub(crate) fn entry(&self, slot: u32) -> (&K, &V) {
        match &self.slots[slot as usize] {
            Slot::Full { key, value, .. } => (key, value),
            Slot::Free { .. } => unreachable!("the index points at a vacant slot"),
        }
    }

    /// The entry in `slot`, which must be full, with its value mutable.
    #[inline]
    pub(crate) fn entry_mut(&mut self, slot: u32) -> (&K, &mut V) {
        match &mut self.slots[slot as usize] {
            Slot::Full { key, value, .. } => (key, value),
            Slot::Free { .. } => unreachable!("the index points at a vacant slot"),
        }
    }

    /// Inserts `value` under `key`, replacing and returning the value of an
    /// equal key, with one probe of the index. A new entry takes a vacant
    /// slot if there is one and goes at the slab's end otherwise.
    #[inline]
    pub(crate) fn insert(&mut self, hash: u64, key: K, value: V) -> Result<Option<V>, AtCapacity>
    where
        K: Eq,
    {
        self.reserve_one();
        // Before the probe, which holds the index until the insert.
        self.erase_stale_of_next_slot();
        let (slots, packing) = (&self.slots, self.packing);
        let found = self.index.entry(
            hash,
            |&entry| holds(slots, packing, entry, hash, |k| *k == key),
            |_| unreachable!("`reserve_one` left room"),
        );
        match found {
            Entry::Occupied(occupied) => {
                let slot = packing.slot(*occupied.get()) as u32;
                Ok(Some(mem::replace(self.entry_mut(slot).1, value)))
            }
            Entry::Vacant(vacant) => {
                // The slab first: if it cannot grow, the index is untouched.
                let slot = Self::fill(&mut self.slots, &mut self.free_head, hash, key, value)?;
                vacant.insert(packing.pack(slot, hash));
                self.live += 1;
                Ok(None)
            }
        }
    }

    /// Stores a new entry, whose key must be absent, and indexes it.
    /// Returns its slot.
    pub(crate) fn push_absent(&mut self, hash: u64, key: K, value: V) -> Result<u32, AtCapacity> {
        self.reserve_one();
        self.erase_stale_of_next_slot();
        // The slab first: if it cannot grow, the index is untouched.
        let slot = Self::fill(&mut self.slots, &mut self.free_head, hash, key, value)?;
        let entry = self.packing.pack(slot, hash);
        self.index
            .insert_unique(hash, entry, |_| unreachable!("`reserve_one` left room"));
        self.live += 1;
        Ok(slot)
    }

    /// Puts an entry in the first free slot, or at the slab's end.
    #[inline]
    fn fill(
        slots: &mut Vec<Slot<K, V>>,
        free_head: &mut u32,
        hash: u64,
        key: K,
        value: V,
    ) -> Result<u32, AtCapacity> {
        if *free_head != NONE {
            let slot = *free_head;
            match mem::replace(&mut slots[slot as usize], Slot::Full { hash, key, value }) {
                Slot::Free { next, .. } => *free_head = next,
                Slot::Full { .. } => unreachable!("the free list points at a full slot"),
            }
            Ok(slot)
        } else {
            let slot = next_slot_number(slots.len())?;
            if slots.len() == slots.capacity() {
                // Grow by a quarter, not double: the slab's slack costs whole
                // entries, which for large values is most of the map's memory.
                // Growth stays geometric, so pushes stay amortized O(1).
                slots.reserve_exact((slots.len() / 4).max(16));
            }
            slots.push(Slot::Full { hash, key, value });
            Ok(slot)
        }
    }

    /// Makes sure the index can take one more entry without growing by
    /// itself. hashbrown would grow it by rehashing through the slot
    /// numbers, reading each cached hash from the slab in random order and
    /// keeping stale entries; refilling from a walk over the slab reads it
    /// in order and drops them. It also makes sure the next new slot's
    /// number fits the packing.
    #[inline]
    fn reserve_one(&mut self) {
        if self.index.len() == self.index.capacity() {
            self.make_index_room();
        }
        if self.free_head == NONE && self.slots.len() >= self.packing.slot_limit() {
            self.packing = Packing::for_slots(2 * (self.slots.len() + 1));
            self.refill_index();
        }
    }

    #[cold]
    fn make_index_room(&mut self) {
        let full = self.index_capacity();
        // Purging in place leaves room for at least a quarter of the table,
        // so it runs at most once per `full / 4` inserts: amortized O(1).
        // Past three quarters live, the table doubles instead.
        if self.live < full - full / 4 {
            self.refill_index();
        } else {
            self.rebuild_index(full + 1);
        }
    }

    /// Empties the index in place and indexes every live slot again, in
    /// slot order, with the current packing: drops stale entries and
    /// hashbrown's tombstones without reallocating.
    fn refill_index(&mut self) {
        self.index.clear();
        index_slots(&mut self.index, &self.slots, self.packing);
    }

    /// Replaces the index with one of at least `capacity`, filled from the
    /// slab in slot order, packed with the current packing. The old index
    /// goes first, to keep the peak down.
    fn rebuild_index(&mut self, capacity: usize) {
        self.index = HashTable::new();
        let mut index = HashTable::with_capacity(capacity.max(self.live));
        index_slots(&mut index, &self.slots, self.packing);
        self.index = index;
    }

    /// Finds the entry whose key `eq` accepts and takes it out. Leaves its
    /// index entry stale, for the slot's next user to erase (see the module
    /// comment). Does not compact: callers do, once the entry is out.
    #[inline]
    pub(crate) fn remove(&mut self, hash: u64, mut eq: impl FnMut(&K) -> bool) -> Option<(K, V)> {
        let (slots, packing) = (&self.slots, self.packing);
        let mut slot = 0;
        let bucket = self.index.find_bucket_index(hash, |&entry| {
            slot = packing.slot(entry);
            holds(slots, packing, entry, hash, &mut eq)
        })?;
        Some(self.vacate(slot as u32, bucket))
    }

    /// Frees `slot`, which must be full, erasing its index entry, and
    /// returns its entry. For removals that do not know where the entry
    /// is: they pay for the probe now. Does not compact: callers do, once
    /// the entry is out.
    pub(crate) fn take(&mut self, slot: u32) -> (K, V) {
        let hash = cached_hash(&self.slots, slot as usize);
        let entry = self.packing.pack(slot, hash);
        if let Ok(found) = self.index.find_entry(hash, |&e| e == entry) {
            found.remove();
        }
        self.vacate(slot, NO_BUCKET)
    }

    /// Frees `slot`, which must be full, and returns its entry. `stale` is
    /// the bucket of its index entry if that is left in the index.
    #[inline]
    fn vacate(&mut self, slot: u32, stale: usize) -> (K, V) {
        let free = Slot::Free {
            next: self.free_head,
            stale,
        };
        let old = mem::replace(&mut self.slots[slot as usize], free);
        self.free_head = slot;
        self.live -= 1;
        match old {
            Slot::Full { key, value, .. } => (key, value),
            Slot::Free { .. } => unreachable!("vacating a vacant slot"),
        }
    }

    /// Erases the stale index entry of the slot the next new entry will
    /// take, if it is still in its bucket. Any entry pointing at a vacant
    /// slot is stale, so one found there is safe to erase, even if the
    /// index was refilled since.
    ///
    /// Deferring the erase from removal to reuse keeps removals cheap when
    /// a map drains, and costs little under churn: no probe, and the
    /// removal just before left the bucket's cache lines warm.
    #[inline]
    fn erase_stale_of_next_slot(&mut self) {
        let slot = self.free_head;
        if slot == NONE {
            return;
        }
        if let Slot::Free { stale, .. } = &mut self.slots[slot as usize] {
            let bucket = mem::replace(stale, NO_BUCKET);
            if bucket != NO_BUCKET
                && let Ok(entry) = self.index.get_bucket_entry(bucket)
                && self.packing.slot(*entry.get()) == slot as usize
            {
                entry.remove();
            }
        }
    }

    /// Compacts if vacant slots outnumber live ones: the hysteresis that
    /// keeps compaction amortized O(1) (see `compact`). An emptied map
    /// gives back everything but a tiny table, which compaction alone
    /// would leave when fewer than `MIN_COMPACT_SLOTS` slots remain.
    ///
    /// Called after every removal, so the common case is one comparison
    /// and the rest lives out of line.
    #[inline]
    pub(crate) fn maybe_compact(&mut self) {
        if self.vacant() > self.len() {
            self.compact_or_release();
        }
    }

    #[cold]
    #[inline(never)]
    fn compact_or_release(&mut self) {
        if self.len() == 0 {
            if self.slots.capacity() > MIN_COMPACT_SLOTS
                || self.index.capacity() > MIN_COMPACT_SLOTS
            {
                self.index = HashTable::new();
                self.slots = Vec::new();
                self.free_head = NONE;
            } else {
                // Too small to be worth giving back: keep the slots, drop
                // the vacant ones, so the next removals skip this path.
                self.slots.clear();
                self.free_head = NONE;
            }
        } else if self.slots.len() > MIN_COMPACT_SLOTS {
            self.compact();
        }
    }

    /// Moves live entries from the tail into the vacant slots below `len`,
    /// renumbers them in the index, and gives back the slab's and the
    /// index's spare memory.
    ///
    /// Costs O(slots) time. Called automatically only when vacant slots
    /// outnumber live ones, so at least `len` removals happened since the
    /// slab was last dense: the cost is paid for by those removals, at
    /// O(1) each.
    pub(crate) fn compact(&mut self) {
        self.compact_keeping(self.len());
    }

    /// [`compact`](Self::compact), keeping room for `keep` entries (at
    /// least `len`) in the slab, and in the index if it is rebuilt.
    fn compact_keeping(&mut self, keep: usize) {
        let target = self.len();
        debug_assert!(keep >= target);
        // The index shrinks only when at most a quarter full, to room for
        // one and a half times the live count (hashbrown rounds that up to a
        // power of two of buckets): at least half the live count must be
        // inserted before it grows again, and it must lose more than half
        // its entries before it shrinks again, so rebuilds stay amortized
        // O(1). Room for twice the live count would round a table at a power
        // of two up to twice the buckets, whose fresh pages cost more to
        // fault in than the rebuild itself. A shrinking index is rebuilt
        // from the cached hashes after the moves, so the moves need not
        // renumber their index entries.
        let rebuild = target <= self.index_capacity() / 4;
        // Where each tail slot's entry went, by `slot - target`, then one
        // `NONE` more: filled for moved entries only, read back by
        // `renumber`.
        let mut moved_to = Vec::new();
        let mut moves = 0usize;
        let mut hole = 0usize;
        let mut tail = self.slots.len();
        loop {
            while hole < target && matches!(self.slots[hole], Slot::Full { .. }) {
                hole += 1;
            }
            if hole >= target {
                break;
            }
            tail -= 1;
            while matches!(self.slots[tail], Slot::Free { .. }) {
                tail -= 1;
            }
            // `hole < target <= tail`: the live count below `target` is
            // short by at least one, so a live entry sits at or past it.
            let vacated = Slot::Free {
                next: NONE,
                stale: NO_BUCKET,
            };
            let moving = mem::replace(&mut self.slots[tail], vacated);
            if !rebuild {
                if moved_to.is_empty() {
                    moved_to = vec![NONE; self.slots.len() - target + 1];
                }
                moved_to[tail - target] = hole as u32;
            }
            moves += 1;
            self.slots[hole] = moving;
            hole += 1;
        }
        self.work.moved += moves as u64;
        if moves > 0 && !rebuild {
            self.renumber(target, &moved_to, moves);
        }
        drop(moved_to);
        self.slots.truncate(target);
        self.free_head = NONE;
        self.slots.shrink_to(keep);
        if rebuild {
            // A smaller slab leaves more bits for hash fragments.
            self.packing = Packing::for_slots(self.slots.capacity());
            self.rebuild_index((target + target / 2).max(keep));
        }
        self.work.compactions += 1;
    }

    /// Points the index entries of moved slots at their new slots:
    /// `moved_to[slot - target]` for every slot at or past `target` that
    /// moved.
    ///
    /// Few moves are renumbered one probe each; every entry equal to the
    /// moved slot's own is renumbered, as a stale copy of it is as good as
    /// the original. Many are renumbered in one pass over the whole index
    /// in memory order, which streams the index instead of missing the
    /// cache once per move, looks each slot up in `moved_to`, a quarter of
    /// the slab's size or less. Stale entries are left where they are, as
    /// those past the new end never answer, so that the pass can run
    /// without a branch on what it reads. In a draining map whether an
    /// entry points into the tail is a coin toss, and mispredicting it
    /// kept the CPU from overlapping the `moved_to` lookups: looking up
    /// the slots of a 2M-entry index took 26 ms behind that branch and
    /// 5 ms without it.
    fn renumber(&mut self, target: usize, moved_to: &[u32], moves: usize) {
        let packing = self.packing;
        // A random probe costs about as much as streaming a few cache lines
        // of the index, 16 buckets each.
        if moves < self.index.num_buckets() / 64 {
            for (offset, &to) in moved_to.iter().enumerate() {
                if to == NONE {
                    continue;
                }
                let hash = cached_hash(&self.slots, to as usize);
                let from = packing.pack((target + offset) as u32, hash);
                let mut found = false;
                for entry in self.index.iter_hash_mut(hash) {
                    if *entry == from {
                        *entry = packing.moved(from, to);
                        found = true;
                    }
                }
                debug_assert!(found, "a full slot is missing from the index");
            }
        } else {
            // `moved_to` ends with a `NONE`, which entries below `target`
            // or past the tail read instead of branching around the load.
            let last = moved_to.len() - 1;
            for entry in self.index.iter_mut() {
                let e = *entry;
                let to = moved_to[packing.slot(e).wrapping_sub(target).min(last)];
                *entry = if to == NONE { e } else { packing.moved(e, to) };
            }
        }
    }

    /// Empties the map and releases its memory. The index and counters are
    /// reset before any value is dropped, so a panicking `Drop` leaves an
    /// empty, consistent map.
    pub(crate) fn clear(&mut self) {
        self.index = HashTable::new();
        self.free_head = NONE;
        self.live = 0;
        drop(mem::take(&mut self.slots));
    }

    /// Takes every slot out, leaving the map empty with no memory.
    pub(crate) fn take_all(&mut self) -> Vec<Slot<K, V>> {
        self.index = HashTable::new();
        self.free_head = NONE;
        self.live = 0;
        mem::take(&mut self.slots)
    }

    /// Keeps the entries `keep` accepts, removing the others in slab order,
    /// then compacts if the slab became sparse.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        for i in 0..self.slots.len() {
            let rejected = match &mut self.slots[i] {
                Slot::Full { key, value, .. } => !keep(key, value),
                Slot::Free { .. } => false,
            };
            if rejected {
                drop(self.take(i as u32));
            }
        }
        self.maybe_compact();
    }

    /// Makes room for `additional` more entries without reallocating.
    ///
    /// The slab grows by at least a quarter, as pushes grow it, so that
    /// reserving a few entries at a time stays amortized O(1). Either part
    /// failing leaves the map as it was: the slab's extra room aside, the
    /// old index stays until the new one is allocated.
    pub(crate) fn try_reserve(&mut self, additional: usize) -> Result<(), TryReserveError> {
        let wanted = self
            .len()
            .checked_add(additional)
            .filter(|&wanted| wanted <= MAX_ENTRIES)
            .ok_or(TryReserveError::CapacityOverflow)?;
        // Vacant slots take new entries first; the rest go at the end.
        let slots = self.slots.len().max(wanted);
        if slots > self.slots.capacity() {
            let capacity = self.slots.capacity();
            let target = slots
                .max(capacity + capacity / 4)
                .min(MAX_ENTRIES.max(slots));
            let layout = Layout::array::<Slot<K, V>>(target)
                .map_err(|_| TryReserveError::CapacityOverflow)?;
            self.slots
                .try_reserve_exact(target - self.slots.len())
                .map_err(|_| TryReserveError::AllocError { layout })?;
        }
        if self.slots.capacity() > self.packing.slot_limit() {
            self.packing = Packing::for_slots(self.slots.capacity());
            self.refill_index();
        }
        if self.index.capacity() - self.index.len() < additional {
            if wanted <= self.index_capacity() {
                // Purging the stale entries and tombstones makes the room.
                self.refill_index();
            } else {
                let mut index = HashTable::new();
                index.try_reserve(wanted, |_| unreachable!("an empty table rehashes nothing"))?;
                index_slots(&mut index, &self.slots, self.packing);
                self.index = index;
            }
        }
        Ok(())
    }

    /// Compacts, and gives back the memory of the slab and the index beyond
    /// room for `min_capacity` entries (or the live count, if larger).
    pub(crate) fn shrink_to(&mut self, min_capacity: usize) {
        let keep = min_capacity.max(self.live);
        if self.vacant() > 0 {
            self.compact_keeping(keep);
        }
        self.slots.shrink_to(keep);
        if buckets_for_capacity(keep) < self.index.num_buckets() {
            // Rebuilding drops stale entries as well as spare buckets.
            self.packing = Packing::for_slots(self.slots.capacity());
            self.rebuild_index(keep);
        } else if self.index.len() > self.live {
            self.refill_index();
        }
    }

    /// Calls `extract` on every live entry in slab order from slot `next`
    /// on, removing and returning the first it accepts, with `next` moved
    /// past it. Does not compact: the caller does once done, as moving
    /// entries would upset the walk.
    pub(crate) fn extract_next(
        &mut self,
        next: &mut usize,
        mut extract: impl FnMut(&K, &mut V) -> bool,
    ) -> Option<(K, V)> {
        while let Some(slot) = self.slots.get_mut(*next) {
            let at = *next;
            *next += 1;
            if let Slot::Full { key, value, .. } = slot
                && extract(key, value)
            {
                return Some(self.take(at as u32));
            }
        }
        None
    }

    /// The values of the full slots `slots`, `None` where a slot is
    /// `None`.
    ///
    /// # Panics
    ///
    /// Panics if a slot appears twice.
    #[track_caller]
    pub(crate) fn values_mut_disjoint<const N: usize>(
        &mut self,
        slots: [Option<u32>; N],
    ) -> [Option<&mut V>; N] {
        // The wanted slots in slab order, absent ones (`NONE`) last, each
        // with the position of its answer; equal slots end up side by side.
        let mut order: [(u32, usize); N] =
            core::array::from_fn(|at| (slots[at].unwrap_or(NONE), at));
        order.sort_unstable();
        if order
            .windows(2)
            .any(|pair| pair[0].0 != NONE && pair[0].0 == pair[1].0)
        {
            panic!("duplicate keys found");
        }
        let mut values: [Option<&mut V>; N] = core::array::from_fn(|_| None);
        // Splitting the slab before each wanted slot hands out one `&mut`
        // per slot without overlap: O(N log N), whatever the slab's size.
        let mut rest: &mut [Slot<K, V>] = &mut self.slots;
        let mut base = 0;
        for (slot, at) in order {
            if slot == NONE {
                break;
            }
            let (head, tail) = mem::take(&mut rest).split_at_mut(slot as usize + 1 - base);
            base = slot as usize + 1;
            rest = tail;
            match head.last_mut() {
                Some(Slot::Full { value, .. }) => values[at] = Some(value),
                _ => unreachable!("the index points at a vacant slot"),
            }
        }
        values
    }
}

/// Whether index entry `entry`, found under `hash`, points at a key `eq`
/// accepts.
///
/// The full cached hash is not compared: the hash fragment in the entry
/// and hashbrown's 7-bit tag have already filtered out all but about one
/// in 2^18 wrong candidates in a map of a million slots, so the comparison
/// would cost every lookup an instruction and save almost no `eq` calls.
#[inline]
fn holds<K, V>(
    slots: &[Slot<K, V>],
    packing: Packing,
    entry: u32,
    hash: u64,
    eq: impl FnOnce(&K) -> bool,
) -> bool {
    packing.may_match(entry, hash)
        && match slots.get(packing.slot(entry)) {
            Some(Slot::Full { key, .. }) => eq(key),
            // Stale: vacant, or past the slab's end since a compaction.
            Some(Slot::Free { .. }) | None => false,
        }
}

/// Indexes every full slot of `slots` in `index`, which must have room.
fn index_slots<K, V>(index: &mut Index, slots: &[Slot<K, V>], packing: Packing) {
    for (i, slot) in slots.iter().enumerate() {
        if let Slot::Full { hash, .. } = slot {
            let entry = packing.pack(i as u32, *hash);
            index.insert_unique(*hash, entry, |_| unreachable!("sized for every entry"));
        }
    }
}

/// The hash cached in `slot`, which must be full.
#[inline]
fn cached_hash<K, V>(slots: &[Slot<K, V>], slot: usize) -> u64 {
    match &slots[slot] {
        Slot::Full { hash, .. } => *hash,
        Slot::Free { .. } => unreachable!("asked the hash of a vacant slot"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every invariant in the module comment.
    fn check<K, V>(core: &Core<K, V>) {
        let full: Vec<u32> = (0..core.slots.len() as u32)
            .filter(|&s| matches!(core.slots[s as usize], Slot::Full { .. }))
            .collect();
        assert_eq!(full.len(), core.len(), "live counts the full slots");
        assert!(
            core.index.len() >= core.len(),
            "the index has an entry per full slot, and maybe stale ones"
        );
        for &slot in &full {
            let hash = cached_hash(&core.slots, slot as usize);
            let entry = core.packing.pack(slot, hash);
            assert_eq!(
                core.index.find(hash, |&e| e == entry),
                Some(&entry),
                "slot {slot} is indexed"
            );
            assert!(
                core.packing.slot_limit() > slot as usize,
                "slot {slot} fits the packing"
            );
        }
        let mut free = Vec::new();
        let mut at = core.free_head;
        while at != NONE {
            free.push(at);
            match core.slots[at as usize] {
                Slot::Free { next, .. } => at = next,
                Slot::Full { .. } => panic!("the free list reaches full slot {at}"),
            }
            assert!(free.len() <= core.slots.len(), "the free list loops");
        }
        free.sort_unstable();
        free.dedup();
        assert_eq!(
            free.len(),
            core.vacant(),
            "every vacant slot is on the free list once"
        );
    }

    fn fill(n: u64) -> Core<u64, u64> {
        let mut core = Core::new();
        for k in 0..n {
            core.push_absent(k.wrapping_mul(0x9E37_79B9_7F4A_7C15), k, k)
                .expect("room");
        }
        core
    }

    /// Removes `k` the way the map's `remove` does: its index entry is
    /// left stale.
    fn remove_key(core: &mut Core<u64, u64>, k: u64) -> Option<u64> {
        let (_, value) = core.remove(key_hash(k), |key| *key == k)?;
        core.maybe_compact();
        Some(value)
    }

    #[test]
    fn freed_slots_are_reused_first() {
        let mut core = fill(100);
        let slot = core
            .find(5u64.wrapping_mul(0x9E37_79B9_7F4A_7C15), |k| *k == 5)
            .expect("present");
        core.take(slot);
        let reused = core.push_absent(1, 1_000, 1_000).expect("room");
        assert_eq!(reused, slot);
        assert_eq!(core.slots.len(), 100);
        check(&core);
    }

    #[test]
    fn compaction_keeps_every_entry_findable() {
        let mut core = fill(10_000);
        for k in (0..10_000).filter(|k| k % 7 != 0) {
            assert_eq!(remove_key(&mut core, k), Some(k));
            if k % 97 == 0 {
                check(&core);
            }
        }
        check(&core);
        assert!(core.work.compactions > 0);
        assert!(core.slots.len() <= 2 * core.len() || core.slots.len() <= MIN_COMPACT_SLOTS);
        for k in (0..10_000u64).step_by(7) {
            let hash = k.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let slot = core.find(hash, |key| *key == k).expect("kept entry");
            assert_eq!(core.entry(slot), (&k, &k));
        }
    }

    #[test]
    fn draining_to_zero_gives_the_memory_back() {
        let mut core = fill(5_000);
        for k in 0..5_000 {
            remove_key(&mut core, k);
        }
        check(&core);
        assert!(core.slots.capacity() <= MIN_COMPACT_SLOTS);
        assert!(core.index.capacity() <= 16);
    }

    #[test]
    fn explicit_compaction_makes_the_slab_dense() {
        let mut core = fill(1_000);
        for k in (0..1_000u64).step_by(3) {
            let hash = k.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let slot = core.find(hash, |key| *key == k).expect("present");
            core.take(slot);
        }
        assert!(core.vacant() > 0);
        core.shrink_to(0);
        check(&core);
        assert_eq!(core.vacant(), 0);
        assert_eq!(core.slots.capacity(), core.len());
    }

    /// Compacts after taking `taken` out of `n` entries, and checks the
    /// index afterwards: the two ways `renumber` can go.
    fn compact_after_taking(n: u64, taken: impl Iterator<Item = u64>) -> Core<u64, u64> {
        let mut core = fill(n);
        for k in taken {
            let hash = k.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let slot = core.find(hash, |key| *key == k).expect("present");
            core.take(slot);
        }
        let (len, moved) = (core.len(), core.work.moved);
        core.compact();
        check(&core);
        assert_eq!(core.vacant(), 0);
        assert_eq!(core.len(), len);
        assert!(core.work.moved > moved, "the test must move entries");
        core
    }

    #[test]
    fn few_moves_renumber_one_probe_each() {
        // 4 moves in an index of 1,024 buckets: under buckets / 64.
        let core = compact_after_taking(800, [0, 1, 2, 3].into_iter());
        assert!(core.work.moved < core.index.num_buckets() as u64 / 64);
        assert!(core.index.capacity() / 4 < core.len(), "not rebuilt");
    }

    #[test]
    fn many_moves_renumber_in_one_pass() {
        // The front third goes: a third of the entries move, and the index
        // keeps its size (at more than a quarter full it is not rebuilt).
        let core = compact_after_taking(900, 0..300);
        assert_eq!(core.work.moved, 300);
        assert!(core.work.moved >= core.index.num_buckets() as u64 / 64);
        assert!(core.index.capacity() / 4 < core.len(), "not rebuilt");
    }

    #[test]
    fn packing_keeps_slot_numbers_and_spare_hash_bits() {
        let small = Packing::for_slots(100);
        assert_eq!(small.slot_limit(), 256);
        let hash = 0xDEAD_BEEF_0000_0000u64;
        let entry = small.pack(200, hash);
        assert_eq!(small.slot(entry), 200);
        assert!(small.may_match(entry, hash));
        assert!(
            !small.may_match(entry, hash ^ (1 << 40)),
            "a different fragment is rejected"
        );
        let full = Packing::for_slots(usize::MAX);
        assert_eq!(full.slot_limit(), 1 << 32);
        assert_eq!(
            full.slot(full.pack(u32::MAX - 2, hash)),
            (u32::MAX - 2) as usize
        );
        assert!(
            full.may_match(full.pack(7, hash), !hash),
            "no bits to spare: no filtering"
        );
        assert_eq!(Packing::for_slots(1 << 20).slot_limit(), 1 << 20);
        assert_eq!(Packing::for_slots((1 << 20) + 1).slot_limit(), 1 << 21);
    }

    #[test]
    fn outgrowing_the_packing_rebuilds_the_index() {
        let mut core = fill(1_000);
        check(&core);
        assert!(core.packing.slot_limit() >= 1_000);
        for k in (0..1_000).step_by(2) {
            remove_key(&mut core, k);
        }
        check(&core);
    }

    #[test]
    fn slot_numbers_stop_before_the_terminator() {
        assert_eq!(next_slot_number(0), Ok(0));
        assert_eq!(next_slot_number(MAX_ENTRIES - 1), Ok(u32::MAX - 2));
        assert_eq!(next_slot_number(MAX_ENTRIES), Err(AtCapacity));
        assert_eq!(next_slot_number(usize::MAX), Err(AtCapacity));
    }

    #[test]
    fn reserving_past_the_slot_numbers_overflows() {
        let mut core = fill(10);
        assert_eq!(
            core.try_reserve(MAX_ENTRIES - 9),
            Err(TryReserveError::CapacityOverflow)
        );
        assert_eq!(
            core.try_reserve(usize::MAX),
            Err(TryReserveError::CapacityOverflow)
        );
        check(&core);
    }

    #[test]
    fn a_refused_slab_reservation_carries_its_layout() {
        // Within the slot numbers, but more bytes than the allocator can
        // give: `Vec` refuses before asking for anything.
        let mut core: Core<u64, [u8; 1 << 20]> = Core::new();
        match core.try_reserve(MAX_ENTRIES) {
            Err(TryReserveError::AllocError { layout }) => {
                assert_eq!(
                    layout.size(),
                    MAX_ENTRIES * mem::size_of::<Slot<u64, [u8; 1 << 20]>>()
                );
            }
            other => panic!("expected an allocation error, got {other:?}"),
        }
        assert_eq!(core.slots.capacity(), 0, "the map is as it was");
    }

    #[test]
    fn shrink_to_keeps_room_for_its_limit() {
        let mut core = fill(1_000);
        for k in 0..990 {
            let slot = core.find(key_hash(k), |key| *key == k).expect("present");
            core.take(slot);
        }
        core.shrink_to(100);
        check(&core);
        assert_eq!(core.vacant(), 0);
        assert!(core.slots.capacity() >= 100 && core.index_capacity() >= 100);
        assert!(core.index.num_buckets() <= buckets_for_capacity(100));
        core.shrink_to(0);
        check(&core);
        assert_eq!(core.slots.capacity(), 10);
        assert_eq!(core.index.num_buckets(), buckets_for_capacity(10));
    }

    #[test]
    fn disjoint_values_come_from_distinct_slots() {
        let mut core = fill(300);
        let [a, none, b] = core.values_mut_disjoint([Some(299), None, Some(3)]);
        let (a, b) = (a.expect("full"), b.expect("full"));
        assert_eq!((*a, *b), (299, 3));
        *a = 1;
        *b = 2;
        assert!(none.is_none());
        assert_eq!(core.entry(299), (&299, &1));
        assert_eq!(core.entry(3), (&3, &2));
        let [x, y] = core.values_mut_disjoint([None, None]);
        assert!(x.is_none() && y.is_none());
    }

    #[test]
    #[should_panic(expected = "duplicate keys found")]
    fn disjoint_values_refuse_a_slot_twice() {
        let mut core = fill(10);
        let _ = core.values_mut_disjoint([Some(4), Some(7), Some(4)]);
    }

    fn key_hash(k: u64) -> u64 {
        k.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }

    #[test]
    fn a_stale_entry_never_answers_and_goes_when_its_slot_is_reused() {
        let mut core = fill(100);
        let slot = core.find(key_hash(5), |k| *k == 5).expect("present");
        assert_eq!(remove_key(&mut core, 5), Some(5));
        assert_eq!(core.index.len(), 100, "the removal left its entry");
        assert_eq!(core.find(key_hash(5), |k| *k == 5), None);
        check(&core);
        // A key with 5's hash fragment and tag lands on 5's stale entry,
        // whose slot the new key is about to take.
        let reused = core.push_absent(key_hash(5), 1_000, 1_000).expect("room");
        assert_eq!(reused, slot);
        assert_eq!(core.index.len(), core.len(), "the stale entry is gone");
        assert_eq!(core.find(key_hash(5), |k| *k == 5), None);
        assert_eq!(core.find(key_hash(5), |k| *k == 1_000), Some(slot));
        check(&core);
    }

    #[test]
    fn cycles_on_one_key_leave_no_stale_entries() {
        let mut core = fill(1_000);
        let buckets = core.index.num_buckets();
        for _ in 0..10_000 {
            assert_eq!(remove_key(&mut core, 7), Some(7));
            core.push_absent(key_hash(7), 7, 7).expect("room");
            assert_eq!(core.index.len(), core.len());
        }
        assert_eq!(core.index.num_buckets(), buckets);
        check(&core);
    }

    #[test]
    fn churn_reuses_slots_without_growing_the_index() {
        let mut core = fill(1_000);
        let buckets = core.index.num_buckets();
        for k in 0..100_000u64 {
            assert_eq!(remove_key(&mut core, k), Some(k));
            core.push_absent(key_hash(k + 1_000), k + 1_000, k + 1_000)
                .expect("room");
            assert_eq!(core.index.len(), core.len());
        }
        assert_eq!(core.index.num_buckets(), buckets);
        assert_eq!(core.slots.len(), 1_000, "every insert reused a slot");
        check(&core);
    }

    #[test]
    fn stale_entries_past_the_end_are_harmless_when_the_slab_regrows() {
        // Removing the front tenth and the back two fifths compacts with
        // many moves, renumbered in one pass that leaves the back's stale
        // entries pointing past the new end.
        let mut core = fill(1_000);
        for k in (0..101).chain(600..1_000) {
            remove_key(&mut core, k);
        }
        assert_eq!(core.work.compactions, 1);
        assert_eq!(core.slots.len(), 499);
        assert!(
            core.work.moved as usize >= core.index.num_buckets() / 64,
            "renumbered in one pass"
        );
        assert!(core.index.len() > core.len(), "stale entries remain");
        check(&core);
        // Regrow so that a key with the hash of each removed key `k` takes
        // slot `k` again: its index entry is bit for bit the stale one.
        for i in 0..101 {
            core.push_absent(key_hash(5_000 + i), 5_000 + i, 0)
                .expect("room");
        }
        for k in 600..1_000 {
            let slot = core.push_absent(key_hash(k), 20_000 + k, k).expect("room");
            assert_eq!(slot as u64, k);
        }
        check(&core);
        for round in 0..3 {
            for k in 600..1_000 {
                assert_eq!(core.find(key_hash(k), |key| *key == k), None);
                assert_eq!(
                    core.find(key_hash(k), |key| *key == 20_000 + k),
                    Some(k as u32)
                );
            }
            // Removing and reinserting each key leaves one of the twin
            // entries stale, pointing at the key's own slot again.
            for k in 600..1_000 {
                let (key, _) = core
                    .remove(key_hash(k), |key| *key == 20_000 + k)
                    .expect("present");
                assert_eq!(key, 20_000 + k, "round {round}");
                assert_eq!(core.find(key_hash(k), |key| *key == 20_000 + k), None);
            }
            check(&core);
            for k in (600..1_000).rev() {
                core.push_absent(key_hash(k), 20_000 + k, k).expect("room");
            }
            check(&core);
        }
        assert_eq!(core.len(), 499 + 101 + 400);
    }

    #[test]
    fn stale_entries_left_by_compaction_are_purged_in_place() {
        // Removing the oldest half moves every live entry into the vacated
        // front; the index keeps its size, so the removed keys' entries now
        // point at moved keys.
        let mut core = fill(1_000);
        let buckets = core.index.num_buckets();
        for k in 0..501 {
            remove_key(&mut core, k);
        }
        assert_eq!(core.work.compactions, 1);
        assert_eq!(core.index.num_buckets(), buckets, "renumbered, not rebuilt");
        assert!(core.index.len() > core.len(), "stale entries remain");
        check(&core);
        for k in 501..501 + 5 {
            assert_eq!(core.find(key_hash(k - 501), |key| *key == k - 501), None);
        }
        // Live and stale entries together would overflow the index before
        // the live count reaches 1,300; it is purged in place instead.
        let stale = core.index.len() - core.len();
        assert!(stale + 1_300 > core.index.capacity());
        for k in 10_000..10_000 + (1_300 - core.len() as u64) {
            core.push_absent(key_hash(k), k, k).expect("room");
        }
        assert_eq!(core.len(), 1_300);
        assert_eq!(core.index.num_buckets(), buckets, "purged, not grown");
        check(&core);
    }
}
