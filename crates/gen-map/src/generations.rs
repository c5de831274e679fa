//! The two generations, the migration between them, and the chores that
//! keep table setup and teardown off any single operation.
//!
//! Invariants:
//! - every key is in at most one of `current` and `previous`;
//! - inserts only ever go into `current`;
//! - every entry of `previous` sits at a bucket index `>= cursor`, because
//!   migration walks `previous` in bucket order and nothing is ever added
//!   to it, so its entries never move;
//! - when `previous` is empty it holds no allocation and `cursor` is 0;
//! - `retiring`, if any, is an empty table that nothing reads: only its
//!   pages are being released.

use core::alloc::Layout;
use core::mem;

use hashbrown::{HashTable, TryReserveError};
use map_api::layout::{GROUP_WIDTH, bucket_capacity, buckets_for_capacity, raw_table_bytes};

use crate::table_alloc::{Block, LARGE, PAGE, PREFAULT_PAGES, RELEASE_BYTES, TableAlloc};

/// Buckets of `previous` each write operation migrates (scanned, whether
/// empty or full). `docs/gen-map.md` shows why 32 finishes every migration
/// before `current` can need the next one.
pub(crate) const MIGRATE_BUCKETS: usize = 32;

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
    /// it at once: the O(n) step the batch size exists to rule out for
    /// growth and removal. Only `rotate()` on request and bulk operations
    /// may cause one.
    pub(crate) forced_finishes: u64,
    /// New generations whose allocation was made and faulted in ahead.
    pub(crate) prepared_hits: u64,
    /// Retired tables freed before their pages were all released, because
    /// another table retired first.
    pub(crate) forced_frees: u64,
}

pub(crate) struct Generations<K, V> {
    pub(crate) current: Table<K, V>,
    pub(crate) previous: Table<K, V>,
    pub(crate) cursor: usize,
    /// An emptied large generation whose pages are being released.
    retiring: Option<Table<K, V>>,
    /// The next generation's allocation, made a few writes ahead of need.
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
            counters: self.counters,
            ..Self::new()
        };
        clone.set_watermarks();
        clone
    }
}

impl<K, V> Generations<K, V> {
    pub(crate) const fn new() -> Self {
        Self {
            current: HashTable::new_in(TableAlloc::new()),
            previous: HashTable::new_in(TableAlloc::new()),
            cursor: 0,
            retiring: None,
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

    pub(crate) fn with_capacity(capacity: usize) -> Self {
        let mut generations = Self {
            current: HashTable::with_capacity_in(capacity, TableAlloc::new()),
            ..Self::new()
        };
        generations.set_watermarks();
        generations
    }

    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.current.len() + self.previous.len()
    }

    #[inline]
    pub(crate) fn migrating(&self) -> bool {
        !self.previous.is_empty()
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
        self.quiet_above = if self.migrating() || self.next.is_some() || self.retiring.is_some() {
            usize::MAX
        } else {
            (self.full() / 4).max(self.shrink_watermark.unwrap_or(0))
        };
    }

    /// Whether `quiet_above` tells the truth: checked by debug builds on
    /// every removal that relies on it.
    pub(crate) fn quiet_holds(&self) -> bool {
        self.quiet_above == usize::MAX
            || (!self.migrating()
                && self.next.is_none()
                && self.retiring.is_none()
                && self.quiet_above >= self.full() / 4
                && self.quiet_above >= self.shrink_watermark.unwrap_or(0))
    }

    /// The entries `current` holds when full: its capacity before any
    /// tombstones.
    #[inline]
    pub(crate) fn full(&self) -> usize {
        bucket_capacity(self.current.num_buckets())
    }

    /// Bytes held by the tables and by allocations made ahead or not yet
    /// freed: everything the global allocator has given this map.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.current.allocation_size()
            + self.previous.allocation_size()
            + self.retiring_bytes()
            + self.prepared_bytes()
    }

    pub(crate) fn retiring_bytes(&self) -> usize {
        self.retiring.as_ref().map_or(0, HashTable::allocation_size)
    }

    pub(crate) fn prepared_bytes(&self) -> usize {
        self.next.as_ref().map_or(0, |block| block.layout().size())
    }

    /// The per-write housekeeping: a batch of migration, then a slice of
    /// preparing or retiring tables.
    #[inline]
    pub(crate) fn step(&mut self, hash_of: &impl Fn(&K) -> u64) {
        if self.migrating() {
            self.migrate(MIGRATE_BUCKETS, hash_of);
        }
        if self.next.is_some() || self.retiring.is_some() {
            self.chores();
        }
    }

    #[cold]
    fn chores(&mut self) {
        if let Some(block) = &mut self.next {
            block.prefault(PREFAULT_PAGES);
            self.next_ttl = self.next_ttl.saturating_sub(1);
            if self.next_ttl == 0 {
                // The map turned back before it needed the block.
                self.next = None;
            }
        }
        if let Some(table) = &self.retiring {
            let data = table.allocation_size() - table.num_buckets() - GROUP_WIDTH;
            let budget = RELEASE_BYTES.max(2 * MIGRATE_BUCKETS * size_of::<(K, V)>());
            if table.allocator().release_data(data, budget) {
                self.retiring = None;
            }
        }
    }

    /// After an insert: prepares the next generation when `current` is
    /// a few writes from full.
    #[inline]
    pub(crate) fn after_insert(&mut self) {
        if self
            .grow_watermark
            .is_some_and(|mark| self.current.len() >= mark)
        {
            self.grow_watermark = None;
            self.prepare(bucket_capacity(self.current.num_buckets() * 2));
        }
    }

    /// After a removal: prepares the next generation when `current` is a
    /// few writes from shrinking.
    #[inline]
    pub(crate) fn after_remove(&mut self) {
        // During a migration `current` holds only part of the entries, and
        // the shrink rule waits for the migration to end anyway.
        if !self.migrating()
            && self
                .shrink_watermark
                .is_some_and(|mark| self.current.len() <= mark)
        {
            self.shrink_watermark = None;
            self.prepare(shrink_target(self.full()));
        }
    }

    /// Allocates, ahead of need, what hashbrown will ask for when a table
    /// for `capacity` entries is created, and starts faulting in the pages
    /// its control bytes will occupy.
    fn prepare(&mut self, capacity: usize) {
        let buckets = buckets_for_capacity(capacity);
        let size = raw_table_bytes::<(K, V)>(buckets);
        let align = align_of::<(K, V)>().max(GROUP_WIDTH);
        let Ok(layout) = Layout::from_size_align(size, align) else {
            return;
        };
        self.next = Block::new(layout, size - buckets - GROUP_WIDTH);
        self.next_ttl = 4 * prefault_writes(buckets) + 64;
        self.quiet_above = usize::MAX;
    }

    /// Where to prepare for the next rotation either way: as many inserts
    /// before full, or removals before the shrink, as faulting in the next
    /// table's control bytes takes. Small tables need no preparing.
    fn set_watermarks(&mut self) {
        self.quiet_above = usize::MAX;
        let buckets = self.current.num_buckets();
        let full = self.full();
        let larger = buckets_for_capacity(bucket_capacity(buckets * 2));
        self.grow_watermark = (raw_table_bytes::<(K, V)>(larger) >= LARGE)
            .then(|| full.saturating_sub(prefault_writes(larger)));
        let smaller = buckets_for_capacity(shrink_target(full));
        self.shrink_watermark = (raw_table_bytes::<(K, V)>(smaller) >= LARGE)
            .then(|| full / 4 + prefault_writes(smaller));
    }

    /// Moves up to `buckets` buckets' worth of `previous` into `current`.
    ///
    /// Each moved key is hashed, and room made in `current`, before the
    /// entry leaves `previous`: a panicking `Hash` leaves the entry where it
    /// was, never lost between the two.
    pub(crate) fn migrate(&mut self, mut buckets: usize, hash_of: &impl Fn(&K) -> u64) {
        while buckets > 0 && !self.previous.is_empty() {
            buckets -= 1;
            let index = self.cursor;
            let Some((key, _)) = self.previous.get_bucket(index) else {
                self.cursor += 1;
                continue;
            };
            let hash = hash_of(key);
            self.current.reserve(1, |(k, _)| hash_of(k));
            let entry = match self.previous.get_bucket_entry(index) {
                Ok(occupied) => occupied.remove().0,
                Err(_) => unreachable!("bucket {index} was full a moment ago"),
            };
            // Room was reserved, so this never rehashes.
            self.current.insert_unique(hash, entry, |(k, _)| hash_of(k));
            self.counters.migrated += 1;
            self.cursor += 1;
        }
        if self.previous.is_empty() && self.previous.allocation_size() > 0 {
            let emptied = mem::take(&mut self.previous);
            self.cursor = 0;
            self.retire(emptied);
        }
    }

    /// Frees an emptied table: at once if small, else a slice per write.
    fn retire(&mut self, table: Table<K, V>) {
        if table.allocation_size() < LARGE {
            return;
        }
        self.quiet_above = usize::MAX;
        if self.retiring.replace(table).is_some() {
            self.counters.forced_frees += 1;
        }
    }

    /// Completes the migration now: O(entries left).
    pub(crate) fn finish_migration(&mut self, hash_of: &impl Fn(&K) -> u64) {
        while self.migrating() {
            self.migrate(usize::MAX, hash_of);
        }
    }

    /// Starts a new generation sized for `capacity` entries; the old one
    /// becomes `previous` and drains into it. Any migration in progress is
    /// finished first.
    ///
    /// # Panics
    ///
    /// Panics with "capacity overflow" if no table holds `capacity`.
    pub(crate) fn rotate(&mut self, capacity: usize, hash_of: &impl Fn(&K) -> u64) {
        if let Err(error) = self.try_rotate(capacity, hash_of) {
            fail(error);
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
        let mut fresh = HashTable::new_in(TableAlloc::with_prepared(self.next.take()));
        // An empty table never calls the hasher.
        fresh.try_reserve(capacity, |(k, _)| hash_of(k))?;
        if fresh.allocator().took_prepared() {
            self.counters.prepared_hits += 1;
        }
        self.previous = mem::replace(&mut self.current, fresh);
        self.cursor = 0;
        self.set_watermarks();
        // An empty old generation is retired at once.
        self.migrate(0, hash_of);
        Ok(())
    }

    /// Empties both generations and frees everything. Both are detached
    /// before any value is dropped, so a panicking `Drop` leaves an empty
    /// map; and, as a slice's drop does, the other entries are still
    /// dropped and the tables freed while that panic unwinds.
    pub(crate) fn clear(&mut self) {
        let current = mem::take(&mut self.current);
        let previous = mem::take(&mut self.previous);
        self.reset();
        drop_entries(current.into_iter().chain(previous));
    }

    /// Forgets migration and chores, for a map whose tables were taken.
    pub(crate) fn reset(&mut self) {
        self.cursor = 0;
        self.retiring = None;
        self.next = None;
        self.grow_watermark = None;
        self.shrink_watermark = None;
        self.quiet_above = usize::MAX;
    }
}

/// The capacity a shrink rotation asks for, from a table that holds `full`
/// entries: twice the live entries at the moment it fires.
#[inline]
pub(crate) fn shrink_target(full: usize) -> usize {
    full / 4 * 2
}

/// Writes it takes to fault in the control bytes of a `buckets` table,
/// with a little slack.
fn prefault_writes(buckets: usize) -> usize {
    (buckets + GROUP_WIDTH).div_ceil(PAGE) / PREFAULT_PAGES + 2
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

/// Reports a failed reservation the way std's collections do: a panic for
/// an impossible size, the allocation-error handler for a failed allocation.
#[cold]
pub(crate) fn fail(error: TryReserveError) -> ! {
    match error {
        TryReserveError::CapacityOverflow => panic!("capacity overflow"),
        TryReserveError::AllocError { layout } => std::alloc::handle_alloc_error(layout),
    }
}
