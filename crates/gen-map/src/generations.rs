//! The two generations, the migration between them, and the chores that
//! keep table setup and teardown off any single operation.
//!
//! Invariants:
//! - every key is in at most one of `current` and `previous`;
//! - inserts only ever go into `current`;
//! - every entry of `previous` sits at a bucket index `>= cursor`, because
//!   migration walks `previous` in bucket order and nothing is ever added
//!   to it, so its entries never move;
//! - when `previous` is empty it holds no allocation and `cursor` is 0:
//!   whatever empties it (the migration, or removals) retires it at once;
//! - a migration ends before `current` can fill up: each write migrates
//!   `batch` buckets, chosen at the rotation so that `previous` is scanned
//!   within fewer writes than `current` has room for (see `try_rotate`);
//! - `next`, if any, is an allocation no table uses yet, and every block in
//!   `retiring` one that no table uses any more: nothing reads their bytes.

use core::alloc::Layout;
use core::mem;

use hashbrown::HashTable;
use map_api::TryReserveError;
use map_api::layout::{GROUP_WIDTH, bucket_capacity, buckets_for_capacity, raw_table_bytes};

use crate::policy::ShrinkPolicy;
use crate::table_alloc::{
    Block, LARGE, PAGE, PREFAULT_PAGES, RELEASE_BYTES, TableAlloc, offering, retire_table,
};

/// The fewest buckets of `previous` a write migrates (scanned, whether
/// empty or full). A rotation raises it when the new table has little room
/// for the writes the migration takes, or when `previous` is sparse
/// (`try_rotate`); growth always migrates 32.
pub(crate) const MIGRATE_BUCKETS: usize = 32;

/// The fewest entries a migration moves per write, on average: the batch
/// is widened so that a sparse `previous` (a shrink's, or a rotation's on
/// request) is gone within a quarter as many writes as it has entries.
/// Scanning an empty bucket reads one control byte, so the wider batch
/// costs little, and both tables are live for less of the drain.
pub(crate) const MIGRATE_PACE: usize = 4;

/// One generation's table.
pub(crate) type Table<K, V> = HashTable<(K, V), TableAlloc>;

/// What the generations have done, for [`Stats`](crate::Stats).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Counters {
    pub(crate) grow_rotations: u64,
    pub(crate) shrink_rotations: u64,
    pub(crate) manual_rotations: u64,
    pub(crate) migrated: u64,
    /// Rotations that found a migration still under way and had to finish
    /// it at once: only `rotate()` and `reserve` during a migration, since
    /// every migration ends before its table can fill.
    pub(crate) forced_finishes: u64,
    /// New generations whose allocation was made and faulted in ahead.
    pub(crate) prepared_hits: u64,
    /// Blocks freed before their release ended, because two more were
    /// waiting.
    pub(crate) forced_frees: u64,
}

pub(crate) struct Generations<K, V> {
    pub(crate) current: Table<K, V>,
    pub(crate) previous: Table<K, V>,
    pub(crate) cursor: usize,
    /// Buckets of `previous` each write migrates, for this migration.
    batch: usize,
    pub(crate) policy: ShrinkPolicy,
    /// Blocks whose pages are being released, oldest first: retired tables
    /// and prepared blocks given up.
    retiring: Retiring,
    /// The next generation's allocation, made and faulted in ahead of need.
    next: Option<Block>,
    /// Writes left before an unused `next` is given up.
    next_ttl: usize,
    /// `current.len()` at which to prepare the next, larger generation.
    grow_watermark: Option<usize>,
    /// `current.len()` at which to prepare the next, smaller generation.
    shrink_watermark: Option<usize>,
    /// A removal that leaves `current.len()` above this has nothing else to
    /// do: no migration, no chores, and `current` above both its shrink
    /// watermark and its low-water mark. `usize::MAX` whenever any of that
    /// may be pending; everything that creates pending work sets it so, and
    /// [`settle`](Self::settle) recomputes it. It lets a removal skip the
    /// per-write bookkeeping with one comparison, which matters more than
    /// its instruction count suggests: fewer instructions per removal let
    /// the CPU overlap more removals' cache misses.
    pub(crate) quiet_above: usize,
    pub(crate) counters: Counters,
}

impl<K: Clone, V: Clone> Clone for Generations<K, V> {
    /// Clones the entries; the clone's chores start afresh.
    fn clone(&self) -> Self {
        let mut clone = Self {
            current: self.current.clone(),
            previous: self.previous.clone(),
            cursor: self.cursor,
            batch: self.batch,
            counters: self.counters,
            ..Self::new(self.policy)
        };
        clone.set_watermarks();
        clone
    }
}

impl<K, V> Generations<K, V> {
    pub(crate) const fn new(policy: ShrinkPolicy) -> Self {
        Self {
            current: HashTable::new_in(TableAlloc::new()),
            previous: HashTable::new_in(TableAlloc::new()),
            cursor: 0,
            batch: MIGRATE_BUCKETS,
            policy,
            retiring: Retiring::new(),
            next: None,
            next_ttl: 0,
            grow_watermark: None,
            shrink_watermark: None,
            quiet_above: usize::MAX,
            counters: Counters {
                grow_rotations: 0,
                shrink_rotations: 0,
                manual_rotations: 0,
                migrated: 0,
                forced_finishes: 0,
                prepared_hits: 0,
                forced_frees: 0,
            },
        }
    }

    /// Generations whose current table holds `capacity` entries.
    pub(crate) fn try_with_capacity(
        capacity: usize,
        policy: ShrinkPolicy,
    ) -> Result<Self, TryReserveError> {
        let mut generations = Self::new(policy);
        generations.current.try_reserve(capacity, |_: &(K, V)| {
            unreachable!("an empty table rehashes nothing")
        })?;
        generations.set_watermarks();
        Ok(generations)
    }

    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.current.len() + self.previous.len()
    }

    #[inline]
    pub(crate) fn migrating(&self) -> bool {
        !self.previous.is_empty()
    }

    /// Buckets of `previous` each write migrates, for this migration.
    pub(crate) fn batch(&self) -> usize {
        self.batch
    }

    /// Whether a key hashed to `hash` is more likely still in `previous`
    /// than already in `current`, during a migration: whether its home
    /// bucket in `previous` lies at or past the migration cursor. Only
    /// entries displaced from their home by probing make it guess wrong.
    /// It relies on hashbrown placing a hash at `hash & (buckets - 1)`; if
    /// that changed, lookups would only probe in a worse order.
    #[inline]
    pub(crate) fn previous_first(&self, hash: u64) -> bool {
        (hash as usize & (self.previous.num_buckets() - 1)) >= self.cursor
    }

    /// Recomputes [`quiet_above`](Self::quiet_above) after the slow path of
    /// a write.
    pub(crate) fn settle(&mut self) {
        self.quiet_above = if self.migrating() || self.next.is_some() || !self.retiring.is_empty() {
            usize::MAX
        } else {
            self.low_water().max(self.shrink_watermark.unwrap_or(0))
        };
    }

    /// Whether `quiet_above` tells the truth: checked by debug builds on
    /// every removal that relies on it.
    pub(crate) fn quiet_holds(&self) -> bool {
        self.quiet_above == usize::MAX
            || (!self.migrating()
                && self.next.is_none()
                && self.retiring.is_empty()
                && self.quiet_above >= self.low_water()
                && self.quiet_above >= self.shrink_watermark.unwrap_or(0))
    }

    /// The entries `current` holds when full: its capacity before any
    /// tombstones.
    #[inline]
    pub(crate) fn full(&self) -> usize {
        bucket_capacity(self.current.num_buckets())
    }

    /// The length at or below which a removal shrinks `current`.
    fn low_water(&self) -> usize {
        self.policy.shrink_below.of(self.full())
    }

    /// Bytes held by the tables and by the blocks made ahead or not yet
    /// freed: everything the global allocator has given this map.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.current.allocation_size()
            + self.previous.allocation_size()
            + self.retiring_bytes()
            + self.prepared_bytes()
    }

    pub(crate) fn retiring_bytes(&self) -> usize {
        self.retiring
            .iter()
            .map(|block| block.layout().size())
            .sum()
    }

    pub(crate) fn prepared_bytes(&self) -> usize {
        self.next.as_ref().map_or(0, |block| block.layout().size())
    }

    /// Bytes of retiring blocks a write releases: at least twice what a
    /// write migrates, so that retiring keeps pace with migration whatever
    /// the entry size.
    fn release_budget(&self) -> usize {
        RELEASE_BYTES.max(2 * self.batch * size_of::<(K, V)>())
    }

    /// Writes until the map holds nothing but its current table, if
    /// nothing else changes: the rest of the migration, then releasing the
    /// emptied previous table, every retiring block, and a prepared block
    /// once it is given up. An upper bound: a write migrates and releases
    /// at once.
    pub(crate) fn settle_writes(&self) -> usize {
        let budget = self.release_budget();
        let release = |bytes: usize| bytes.div_ceil(budget).max(1);
        let migration = if self.migrating() {
            let buckets = self.previous.num_buckets() - self.cursor;
            let table = self.previous.allocation_size();
            buckets.div_ceil(self.batch) + if table >= LARGE { release(table) } else { 0 }
        } else {
            0
        };
        let retiring: usize = self
            .retiring
            .iter()
            .map(|block| release(block.unreleased()))
            .sum();
        let prepared = self
            .next
            .as_ref()
            .map_or(0, |block| self.next_ttl + release(block.layout().size()));
        migration + retiring + prepared
    }

    /// The per-write housekeeping: a batch of migration, then a slice of
    /// preparing or retiring blocks.
    #[inline]
    pub(crate) fn step(&mut self, hash_of: impl Fn(&K) -> u64) {
        if self.migrating() {
            self.migrate(self.batch, &hash_of);
        }
        if self.next.is_some() || !self.retiring.is_empty() {
            self.chores(1);
        }
    }

    /// The page work of `writes` writes: faulting in the prepared block,
    /// releasing retiring ones. A block whose release completes is freed.
    #[cold]
    pub(crate) fn chores(&mut self, writes: usize) {
        if let Some(block) = &mut self.next {
            block.prefault(PREFAULT_PAGES.saturating_mul(writes));
            self.next_ttl = self.next_ttl.saturating_sub(writes);
            if self.next_ttl == 0 {
                // The map turned back before it needed the block.
                self.give_up_next();
            }
        }
        let mut budget = self.release_budget().saturating_mul(writes);
        while let Some(block) = self.retiring.front() {
            let before = block.unreleased();
            let done = block.release(budget);
            budget -= before - block.unreleased();
            if !done {
                break;
            }
            // The final free: only the allocator's own pages are left.
            drop(self.retiring.pop());
            if budget == 0 {
                break;
            }
        }
    }

    /// Moves an unused prepared block to the blocks being released.
    fn give_up_next(&mut self) {
        if let Some(block) = self.next.take() {
            self.retire(block);
        }
    }

    /// Queues `block` for release. Should both places be taken, the oldest
    /// block is released and freed now (counted in `forced_frees`): it
    /// takes more retirements than growth and shrinkage make before a
    /// release ends.
    fn retire(&mut self, block: Block) {
        if let Some(oldest) = self.retiring.push(block) {
            self.counters.forced_frees += 1;
            drop(oldest);
        }
        self.quiet_above = usize::MAX;
    }

    /// Frees every prepared and retiring block now: for the O(n)
    /// operations, which owe the memory back when they return.
    pub(crate) fn free_blocks(&mut self) {
        self.next = None;
        self.retiring = Retiring::new();
    }

    /// After an insert: prepares the next generation when `current` is
    /// as many writes from full as faulting it in takes.
    #[inline]
    pub(crate) fn after_insert(&mut self) {
        if self
            .grow_watermark
            .is_some_and(|mark| self.current.len() >= mark)
            && !self.migrating()
        {
            self.grow_watermark = None;
            self.prepare(bucket_capacity(self.current.num_buckets() * 2));
        }
    }

    /// After a removal: retires `previous` if the removal emptied it, then
    /// prepares the next generation when `current` is a few writes from
    /// shrinking, and shrinks it at its low-water mark.
    pub(crate) fn after_remove(&mut self, hash_of: &impl Fn(&K) -> u64) {
        self.retire_previous_if_empty();
        // During a migration `current` holds only part of the entries, and
        // the shrink rule waits for the migration to end.
        if !self.migrating() {
            if self
                .shrink_watermark
                .is_some_and(|mark| self.current.len() <= mark)
            {
                self.shrink_watermark = None;
                self.prepare(self.policy.target(self.low_water()));
            }
            self.maybe_shrink(hash_of);
        }
        self.settle();
    }

    /// Starts a smaller generation once the live entries fall to the
    /// policy's low-water mark, and no migration is under way.
    pub(crate) fn maybe_shrink(&mut self, hash_of: &impl Fn(&K) -> u64) {
        if self.migrating() || self.policy.is_never() || self.current.allocation_size() == 0 {
            return;
        }
        let len = self.current.len();
        if len > self.low_water() {
            return;
        }
        let target = self.policy.target(len);
        if buckets_for(target).is_none_or(|buckets| buckets >= self.current.num_buckets()) {
            // `min_capacity` keeps this table.
            return;
        }
        self.rotate(target, hash_of);
        self.counters.shrink_rotations += 1;
    }

    /// The layout hashbrown asks for when it creates a table for
    /// `capacity` entries; `None` if no table can hold that many (the
    /// allocation itself then reports the overflow).
    fn table_layout(capacity: usize) -> Option<Layout> {
        Self::buckets_layout(buckets_for(capacity)?)
    }

    /// The layout of a table of `buckets` buckets, as
    /// [`raw_table_bytes`] computes it, but checked for overflow; `None`
    /// for no buckets, since hashbrown's empty table allocates nothing
    /// (and so there is nothing to prepare, nor a block it would take).
    fn buckets_layout(buckets: usize) -> Option<Layout> {
        if buckets == 0 {
            return None;
        }
        let align = align_of::<(K, V)>().max(GROUP_WIDTH);
        let data = size_of::<(K, V)>()
            .checked_mul(buckets)?
            .checked_next_multiple_of(align)?;
        let size = data.checked_add(buckets)?.checked_add(GROUP_WIDTH)?;
        let layout = Layout::from_size_align(size, align).ok()?;
        debug_assert_eq!(layout.size(), raw_table_bytes::<(K, V)>(buckets));
        Some(layout)
    }

    /// Allocates, ahead of need, what hashbrown will ask for when a table
    /// for `capacity` entries is created, for [`chores`](Self::chores) to
    /// fault in. Not during a migration: three tables would be live.
    fn prepare(&mut self, capacity: usize) {
        if self.migrating() || self.next.is_some() {
            return;
        }
        let Some(layout) = Self::table_layout(capacity) else {
            return;
        };
        self.next = Block::new(layout);
        self.next_ttl = 4 * prefault_writes(layout.size()) + 64;
        self.quiet_above = usize::MAX;
    }

    /// Where to prepare for the next rotation either way: as many inserts
    /// before full, or removals before the shrink, as faulting in the next
    /// table takes. Small tables need no preparing.
    pub(crate) fn set_watermarks(&mut self) {
        self.quiet_above = usize::MAX;
        let buckets = self.current.num_buckets();
        let full = self.full();
        // The next table up has twice the buckets (make_room); none if
        // that would overflow, and then neither would growth succeed.
        let larger = buckets
            .checked_mul(2)
            .and_then(Self::buckets_layout)
            .map_or(0, |layout| layout.size());
        self.grow_watermark =
            (larger >= LARGE).then(|| full.saturating_sub(prefault_writes(larger)));
        self.shrink_watermark = if self.policy.is_never() {
            None
        } else {
            let at = self.low_water();
            buckets_for(self.policy.target(at))
                .filter(|&smaller| smaller < buckets)
                .map(raw_table_bytes::<(K, V)>)
                .filter(|&bytes| bytes >= LARGE)
                .map(|bytes| at + prefault_writes(bytes))
        };
    }

    /// Moves up to `buckets` buckets' worth of `previous` into `current`,
    /// and retires `previous` if that empties it.
    ///
    /// Each moved key is hashed, and room made in `current`, before the
    /// entry leaves `previous`: a panicking `Hash` leaves the entry where it
    /// was, never lost between the two.
    pub(crate) fn migrate(&mut self, buckets: usize, hash_of: impl Fn(&K) -> u64) {
        // The batch ends at `end`, even if `previous` empties sooner: the
        // rest are empty buckets, a control byte each.
        let end = self
            .cursor
            .saturating_add(buckets)
            .min(self.previous.num_buckets());
        let before = self.previous.len();
        // A panicking `Hash` unwinds past these two stores: the cursor then
        // stays where the batch began, before every entry still to move,
        // and the counter misses the batch's moves (a statistic only).
        self.cursor = migrate_batch(
            &mut self.previous,
            &mut self.current,
            self.cursor,
            end,
            hash_of,
        );
        self.counters.migrated += (before - self.previous.len()) as u64;
        self.retire_previous_if_empty();
    }

    /// Retires `previous` once it is empty, whatever emptied it: a large
    /// table's pages are then released a slice per write, a small one is
    /// freed at once.
    fn retire_previous_if_empty(&mut self) {
        if !self.previous.is_empty() || self.previous.allocation_size() == 0 {
            return;
        }
        let emptied = mem::take(&mut self.previous);
        self.cursor = 0;
        self.batch = MIGRATE_BUCKETS;
        if let Some(block) = retire_table(emptied) {
            self.retire(block);
        }
    }

    /// Restores what a panic in user code (a `retain` predicate, say) may
    /// have left undone: an emptied `previous` is retired. Calls no user
    /// code, so it is safe during an unwind.
    pub(crate) fn after_panic(&mut self) {
        self.retire_previous_if_empty();
        self.settle();
    }

    /// Completes the migration now: O(entries left).
    pub(crate) fn finish_migration(&mut self, hash_of: &impl Fn(&K) -> u64) {
        while self.migrating() {
            self.migrate(usize::MAX, hash_of);
        }
        self.retire_previous_if_empty();
    }

    /// Starts a new generation sized for `capacity` entries; the old one
    /// becomes `previous` and drains into it. Any migration in progress is
    /// finished first.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if no table holds `capacity`.
    #[track_caller]
    pub(crate) fn rotate(&mut self, capacity: usize, hash_of: &impl Fn(&K) -> u64) {
        if let Err(error) = self.try_rotate(capacity, hash_of) {
            map_api::__private::reserve_failed(error);
        }
    }

    /// [`rotate`](Self::rotate), reporting a failed allocation instead; the
    /// map is unchanged then, apart from a finished migration.
    pub(crate) fn try_rotate(
        &mut self,
        capacity: usize,
        hash_of: &impl Fn(&K) -> u64,
    ) -> Result<(), TryReserveError> {
        if self.migrating() {
            self.counters.forced_finishes += 1;
            self.finish_migration(hash_of);
        }
        // Hand hashbrown the prepared block only if it is what it will ask
        // for; a block that does not fit is released like a retired table.
        let fits = self
            .next
            .as_ref()
            .is_some_and(|block| Some(block.layout()) == Self::table_layout(capacity));
        if !fits {
            self.give_up_next();
        }
        let mut fresh = HashTable::new_in(TableAlloc::new());
        // An empty table never calls the hasher, so no user code runs while
        // the block is on offer; the one allocation is the new table's.
        let (reserved, took) = offering(self.next.take(), || {
            fresh.try_reserve(capacity, |(k, _)| hash_of(k))
        });
        reserved?;
        if took {
            self.counters.prepared_hits += 1;
        }
        self.previous = mem::replace(&mut self.current, fresh);
        self.cursor = 0;
        // The migration must scan `previous` within the writes `current`
        // has room for: the write that finds `current` full checks after
        // its own batch, having added at most one entry per earlier write
        // besides the migrated ones. So `room` writes of `batch` buckets
        // must cover every bucket. And a sparse `previous` is scanned
        // faster, MIGRATE_PACE entries per write on average.
        let live = self.previous.len();
        let room = self.current.capacity().saturating_sub(live);
        let buckets = self.previous.num_buckets();
        self.batch = if room == 0 {
            buckets
        } else {
            let paced = buckets.saturating_mul(MIGRATE_PACE).div_ceil(live.max(1));
            MIGRATE_BUCKETS
                .max(buckets.div_ceil(room))
                .max(paced.min(buckets))
        };
        self.set_watermarks();
        // An empty old generation is retired at once.
        self.retire_previous_if_empty();
        Ok(())
    }

    /// Completes any migration, and moves the entries into a table for
    /// `max(len, min_capacity)` entries if that is smaller than the current
    /// one, freeing everything else at once: O(n).
    pub(crate) fn shrink_to(&mut self, min_capacity: usize, hash_of: &impl Fn(&K) -> u64) {
        self.finish_migration(hash_of);
        let capacity = self.len().max(min_capacity);
        if buckets_for(capacity).is_some_and(|buckets| buckets < self.current.num_buckets()) {
            self.next = None;
            self.rotate(capacity, hash_of);
            self.counters.manual_rotations += 1;
            self.finish_migration(hash_of);
        }
        self.free_blocks();
        self.settle();
    }

    /// What the O(n) operations end with: the migration finished, the
    /// shrink rule applied at once rather than a batch per write, and every
    /// block freed, so the map holds no more than its entries need.
    pub(crate) fn settle_now(&mut self, hash_of: &impl Fn(&K) -> u64) {
        self.finish_migration(hash_of);
        self.maybe_shrink(hash_of);
        self.finish_migration(hash_of);
        self.free_blocks();
        self.settle();
    }

    /// Empties both generations and frees everything. Both are detached
    /// before any value is dropped, so a panicking `Drop` leaves an empty
    /// map; and, as a slice's drop does, the other entries are still
    /// dropped and the tables freed while that panic unwinds.
    pub(crate) fn clear(&mut self) {
        let (current, previous) = self.take_tables();
        drop_entries(current.into_iter().chain(previous));
    }

    /// Detaches both tables, leaving empty generations that hold nothing,
    /// for `clear` and `drain`.
    pub(crate) fn take_tables(&mut self) -> (Table<K, V>, Table<K, V>) {
        let current = mem::take(&mut self.current);
        let previous = mem::take(&mut self.previous);
        self.cursor = 0;
        self.batch = MIGRATE_BUCKETS;
        self.free_blocks();
        self.set_watermarks();
        (current, previous)
    }
}

/// Moves the entries of `previous` at bucket indexes `cursor..end` into
/// `current`, and returns `end`.
///
/// Each moved key is hashed, and room made in `current`, before the entry
/// leaves `previous`: a panicking `Hash` leaves the entry where it was,
/// never lost between the two, and the caller's cursor at or before it.
///
/// A free function with the cursor in a local, not a method on
/// `Generations`: with the two tables as distinct `&mut` arguments, LLVM
/// knows that the control-byte stores cannot change the cursor or
/// `previous`'s control pointer, and keeps them in registers. As a method
/// that also tested `previous.is_empty()` and counted each move, the loop
/// stored the cursor and the counter and reloaded `previous`'s header on
/// every bucket. The change took 12 instructions off each insert of a 1M
/// fill and 17 off each removal of a full drain (docs/gen-map.md,
/// "Costs").
#[inline(never)]
fn migrate_batch<K, V>(
    previous: &mut Table<K, V>,
    current: &mut Table<K, V>,
    mut cursor: usize,
    end: usize,
    hash_of: impl Fn(&K) -> u64,
) -> usize {
    // The hasher comes by value (a closure holding one reference): taken by
    // reference, every write stored the closure on the stack to call this.
    // The caller's `end` is already in range; clamping it here again lets
    // LLVM drop the bounds check from every bucket the loop scans (two of
    // the seven instructions an empty bucket costs).
    let end = end.min(previous.num_buckets());
    while cursor < end {
        if let Ok(occupied) = previous.get_bucket_entry(cursor) {
            let hash = hash_of(&occupied.get().0);
            // Never grows `current`: the batch was chosen so that the
            // migration ends before `current` fills (`try_rotate`).
            current.reserve(1, |(k, _)| hash_of(k));
            let entry = occupied.remove().0;
            current.insert_unique(hash, entry, |(k, _)| hash_of(k));
        }
        cursor += 1;
    }
    cursor
}

/// The bucket count of a table for `capacity` entries, as hashbrown picks
/// it; `None` past hashbrown's own limit (it scales the capacity by 8/7).
fn buckets_for(capacity: usize) -> Option<usize> {
    (capacity <= usize::MAX / 8).then(|| buckets_for_capacity(capacity))
}

/// The blocks being released, oldest first, in two places inside the map:
/// a queue on the heap would be counted in `heap_bytes()`, and allocated at
/// the very moment a table retires, when two tables are live, so it would
/// raise the peak above hashbrown's.
struct Retiring([Option<Block>; 2]);

impl Retiring {
    const fn new() -> Self {
        Self([None, None])
    }

    fn is_empty(&self) -> bool {
        self.0[0].is_none()
    }

    fn iter(&self) -> impl Iterator<Item = &Block> {
        self.0.iter().flatten()
    }

    fn front(&mut self) -> Option<&mut Block> {
        self.0[0].as_mut()
    }

    /// Removes the oldest block.
    fn pop(&mut self) -> Option<Block> {
        let oldest = self.0[0].take();
        self.0.swap(0, 1);
        oldest
    }

    /// Appends `block`; returns the oldest block if there was no room.
    fn push(&mut self, block: Block) -> Option<Block> {
        let evicted = if self.0[1].is_some() {
            self.pop()
        } else {
            None
        };
        let slot = if self.0[0].is_none() { 0 } else { 1 };
        self.0[slot] = Some(block);
        evicted
    }
}

/// Writes it takes to fault in a block of `bytes`, with a little slack.
fn prefault_writes(bytes: usize) -> usize {
    bytes.div_ceil(PAGE).div_ceil(PREFAULT_PAGES) + 2
}

/// Drops every entry `entries` yields, and, if one's `Drop` panics, the
/// rest during the unwind (a second panic aborts, as in a slice's drop).
fn drop_entries<I: Iterator>(entries: I) {
    struct Rest<I: Iterator>(I);
    impl<I: Iterator> Drop for Rest<I> {
        fn drop(&mut self) {
            self.0.by_ref().for_each(drop);
        }
    }
    let mut rest = Rest(entries);
    rest.0.by_ref().for_each(drop);
}
