//! The directory and its tables: extendible hashing over hashbrown tables.
//!
//! # Layout
//!
//! The map is a *directory* of `2^global_depth` slots and a vector of
//! *tables*, each a `hashbrown::HashTable`. A slot holds the index of a
//! table. A table of local depth `d` and bits `b` (`b < 2^d`) owns every
//! slot whose low `d` bits equal `b`, so `2^(global_depth - d)` slots point
//! to it. The slot of a key is `(hash >> DIR_SHIFT) & (2^global_depth - 1)`:
//! bits 32 and up of the hash. hashbrown takes a key's home bucket from the
//! low bits of the hash and its tag from the top 7, so the directory bits
//! are bits the tables themselves never look at, and the keys of one table,
//! which share their low `d` directory bits, still spread over all of its
//! buckets.
//!
//! # Invariants
//!
//! - `dir.len() == 2^global_depth`, or, for the unallocated map, `dir`,
//!   `tables` and `len` are all empty.
//! - Every table `t` has `t.depth <= global_depth` and `t.bits < 2^t.depth`;
//!   slot `s` points to `t` exactly when `s & (2^t.depth - 1) == t.bits`.
//! - `depth_count[d]` is the number of tables of local depth `d`; some
//!   table has depth `global_depth` (otherwise the directory halves).
//! - `len` is the sum of the tables' lengths.
//! - `t.low_water` is the length at or below which a removal from `t` runs
//!   the merge and shrink checks ([`Raw::after_remove`]).
//! - At most one merge is in progress ([`Raw::merge`]). Its source table
//!   stays in `tables`, where iteration and `len` see it, but no slot
//!   points to it and `depth_count` does not count it; its destination
//!   already owns the pair's slots at the merged depth. Every entry sits in
//!   the table its slot points to, or, if that table is the destination,
//!   possibly still in the source. Nothing but the merge itself resizes
//!   either table while it runs.
//!
//! # Growth and shrinkage
//!
//! Write `B` for a table's buckets, `cap(B)` for hashbrown's capacity
//! (`7B/8`, or `B - 1` below 8 buckets), `Bmax` for the largest bucket count
//! the map lets a table reach by doubling and `C = cap(Bmax)`.
//!
//! - An insert that finds its table without room (`growth_left == 0`):
//!   - below `Bmax`: the table doubles (hashbrown's resize);
//!   - at `Bmax` with fewer than `SPLIT_NUM/SPLIT_DEN * C` entries, the room
//!     is locked up in tombstones: the table is rebuilt at its own size;
//!   - otherwise the table splits on its next directory bit into two
//!     tables of local depth `d + 1`. The directory doubles first if
//!     `d == global_depth`. A split that would leave one side with a
//!     quarter of the entries or less (a hasher that does not mix bits
//!     32..57) grows the table past `Bmax` instead.
//! - A removal that leaves a table and its buddy (the table of the same
//!   local depth whose bits differ only in bit `d - 1`) with
//!   `MERGE_NUM/MERGE_DEN * C` entries or fewer between them merges them:
//!   the one with fewer buckets (or fewer entries) moves into the other's
//!   allocation. The directory halves when no table has local depth
//!   `global_depth` any more. The move is incremental: the directory
//!   changes at once, and each later removal (from any table) moves the
//!   entries of the next [`MERGE_STEP`] buckets of the source, so that no
//!   removal pays for a whole table. A second pair that becomes mergeable
//!   meanwhile waits; its own removals speed up the running merge.
//! - A removal that leaves a table with a quarter of its capacity or less,
//!   and no buddy to merge with, shrinks it to the table that fits twice
//!   its entries, as shrink-map does. A lone table (depth 0) that empties
//!   frees everything.
//!
//! The gaps between the split, merge and shrink points are the hysteresis:
//! docs/split-map.md proves that every operation is amortized O(1) and
//! that no operation moves more than one table's entries.

use core::mem;

use hashbrown::HashTable;
use map_api::TryReserveError;

/// The directory index of a hash starts at this bit.
pub(crate) const DIR_SHIFT: u32 = 32;

/// The deepest directory: bits 32..57 of the hash. hashbrown's tag is bits
/// 57..64 (bits 25..32 on 32-bit targets, where the home bucket also comes
/// from the low 32 bits), so the directory never shares a bit with either.
pub(crate) const MAX_DEPTH: u8 = 25;

/// A table at the maximum size splits when it fills with at least this
/// share of its capacity in live entries; with fewer, its room is locked up
/// in tombstones and it is rebuilt at its size instead.
const SPLIT_NUM: usize = 7;
const SPLIT_DEN: usize = 8;

/// Buddies merge when together they hold at most this share of a maximum
/// table's capacity.
const MERGE_NUM: usize = 3;
const MERGE_DEN: usize = 4;

/// Source buckets a merge moves per removal. A removal then moves about
/// `MERGE_STEP * load` entries into a table that is warm by the second
/// step, well under a microsecond, and a merge of a 4,096-bucket table
/// spans 128 removals (docs/split-map.md, "Incremental merges").
pub(crate) const MERGE_STEP: usize = 32;

/// The default largest table holds this many bytes of entries: the worst
/// single operation moves one such table, and on fresh memory faults in
/// its pages. It is the size at which both latency targets hold at once
/// (docs/split-map.md, "The window the two targets leave"): a split faults
/// about 1/1000 of what hashbrown's last resize does, and splits are rare
/// enough (under one insert in 2,000 for 40-byte entries) to stay out of
/// the 0.1% tail. 128 KiB halved the split and put p99.9 at 17-26x
/// hashbrown's.
pub(crate) const TABLE_BYTES: usize = 256 << 10;

/// The default largest table is never smaller than this (for very large
/// entries)...
pub(crate) const MIN_DEFAULT_BUCKETS: usize = 64;

/// ... nor larger than this (for small or zero-sized entries). 16-byte
/// entries fill the byte budget at this size; 8,192 left them half of it
/// and iterated 1.20x hashbrown's time against 1.13x here, with lookups,
/// inserts and removals unchanged (docs/split-map.md, "The cap for small
/// entries").
pub(crate) const MAX_DEFAULT_BUCKETS: usize = 16384;

/// The default largest table for entries of type `T`, in buckets: the
/// largest power of two whose entries fit [`TABLE_BYTES`], within
/// [`MIN_DEFAULT_BUCKETS`]..=[`MAX_DEFAULT_BUCKETS`].
pub(crate) const fn default_max_buckets<T>() -> usize {
    let size = if mem::size_of::<T>() == 0 {
        1
    } else {
        mem::size_of::<T>()
    };
    let fit = TABLE_BYTES / size;
    let pow = if fit == 0 {
        1
    } else {
        1 << (usize::BITS - 1 - fit.leading_zeros())
    };
    if pow < MIN_DEFAULT_BUCKETS {
        MIN_DEFAULT_BUCKETS
    } else if pow > MAX_DEFAULT_BUCKETS {
        MAX_DEFAULT_BUCKETS
    } else {
        pow
    }
}

/// The smallest largest table a map accepts, in buckets.
pub(crate) const MIN_MAX_BUCKETS: usize = 16;

/// The largest largest table a map accepts, in buckets.
pub(crate) const MAX_MAX_BUCKETS: usize = 1 << 20;

/// hashbrown's capacity for a table of `buckets` buckets (a power of two,
/// or 0 for an unallocated table).
#[inline]
pub(crate) const fn bucket_capacity(buckets: usize) -> usize {
    if buckets < 8 {
        buckets.saturating_sub(1)
    } else {
        buckets / 8 * 7
    }
}

/// One hash table of the directory.
///
/// Aligned to a cache line: a lookup finds its header at `index << 6`
/// (one shift, where 48 bytes took two instructions), and no header
/// straddles two lines.
#[derive(Clone)]
#[repr(align(64))]
pub(crate) struct Table<T> {
    pub(crate) raw: HashTable<T>,
    /// The directory bits this table owns: the slots whose low `depth` bits
    /// equal `bits`.
    pub(crate) bits: u32,
    /// The local depth.
    pub(crate) depth: u8,
    /// A removal that leaves `raw.len() <= low_water` runs
    /// [`Raw::after_remove`].
    pub(crate) low_water: u32,
}

/// The thresholds that follow from the largest table size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Limits {
    /// The largest table reached by doubling, in buckets.
    pub(crate) max_buckets: usize,
    /// A table at `max_buckets` or above splits when full with at least
    /// this share (scaled to its capacity) of live entries.
    split_num: usize,
    split_den: usize,
    /// Buddies merge at or below this many entries together.
    pub(crate) merge_at: usize,
}

impl Limits {
    pub(crate) fn new(max_buckets: usize) -> Self {
        assert!(
            max_buckets.is_power_of_two()
                && (MIN_MAX_BUCKETS..=MAX_MAX_BUCKETS).contains(&max_buckets),
            "split-map: the largest table must be a power of two between {MIN_MAX_BUCKETS} \
             and {MAX_MAX_BUCKETS} buckets, not {max_buckets}"
        );
        Self {
            max_buckets,
            split_num: SPLIT_NUM,
            split_den: SPLIT_DEN,
            merge_at: bucket_capacity(max_buckets) * MERGE_NUM / MERGE_DEN,
        }
    }

    /// The default limits for entries of type `T`.
    pub(crate) const fn default_for<T>() -> Self {
        let max_buckets = default_max_buckets::<T>();
        Self {
            max_buckets,
            split_num: SPLIT_NUM,
            split_den: SPLIT_DEN,
            merge_at: bucket_capacity(max_buckets) * MERGE_NUM / MERGE_DEN,
        }
    }

    /// The fewest live entries with which a full table of `buckets`
    /// buckets splits rather than being rebuilt.
    #[inline]
    pub(crate) fn split_at(&self, buckets: usize) -> usize {
        bucket_capacity(buckets) * self.split_num / self.split_den
    }
}

/// Structural counters, reported through [`crate::Stats`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Counters {
    pub(crate) splits: u64,
    pub(crate) merges: u64,
    pub(crate) grows: u64,
    pub(crate) shrinks: u64,
    pub(crate) rebuilds: u64,
    pub(crate) oversize_grows: u64,
    pub(crate) directory_doublings: u64,
    pub(crate) directory_halvings: u64,
    pub(crate) moved: u64,
}

/// A merge in progress: the entries of `tables[src]` move into
/// `tables[dst]`, bucket by bucket from `cursor`.
///
/// Invariant: `dst` has room for every entry left in `src` and for one
/// insert per step left (`dst.capacity() - dst.len() >= src.len() +
/// steps`, where `steps` is the source's buckets past the cursor over
/// [`MERGE_STEP`], rounded up), so a move never resizes it. Every write
/// (insert, `entry` or removal) takes one step, an insert uses at most one
/// slot of the room and a move one, so the room lasts until the source is
/// empty: no insert has to finish a merge. (One that finds too little
/// room, which only a source laid out anew by `Clone` could cause, still
/// finishes it first.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Merge {
    pub(crate) src: u32,
    pub(crate) dst: u32,
    cursor: u32,
}

/// The directory, the tables and the bookkeeping; everything but the
/// hasher. Operations that move entries take the hasher as a closure.
#[derive(Clone)]
pub(crate) struct Raw<T> {
    /// Slot -> index into `tables`.
    pub(crate) dir: Vec<u32>,
    pub(crate) tables: Vec<Table<T>>,
    pub(crate) len: usize,
    pub(crate) global_depth: u8,
    /// Tables per local depth, so that the directory knows in O(1) when it
    /// can halve.
    pub(crate) depth_count: [u32; MAX_DEPTH as usize + 1],
    pub(crate) limits: Limits,
    pub(crate) counters: Counters,
    /// The merge in progress, if any.
    pub(crate) merge: Option<Merge>,
}

pub(crate) use map_api::__private::reserve_failed as capacity_failure;

/// Moves the entries of `from` at bucket indexes `start..end` into
/// `into`, which has room for them (the merge invariant), each hashed
/// before it leaves `from`.
///
/// A function of its own, not a loop in [`Raw::step_merge`]: as two
/// distinct `&mut` arguments the tables are known not to alias (LLVM keeps
/// that when it inlines the call), so both headers stay in registers
/// across the control-byte stores and, with `end` clamped here, the scan
/// drops its bounds check: an empty bucket costs 5 instructions instead
/// of 8. For the two tables taken out of the `tables` vector in
/// `step_merge` it could prove neither (docs/split-map.md, "Codegen").
#[inline]
fn pour_range<T>(
    from: &mut HashTable<T>,
    into: &mut HashTable<T>,
    start: usize,
    end: usize,
    hasher: &impl Fn(&T) -> u64,
) {
    let end = end.min(from.num_buckets());
    for bucket in start..end {
        if let Ok(entry) = from.get_bucket_entry(bucket) {
            let hash = hasher(entry.get());
            let (item, _) = entry.remove();
            // No resize: the merge invariant keeps the room.
            into.insert_unique(hash, item, hasher);
        }
    }
}

/// A table with room for `capacity` entries, or none for 0.
#[track_caller]
fn table_with_capacity<T>(capacity: usize) -> HashTable<T> {
    let mut table = HashTable::new();
    // An empty table never calls the hasher.
    if let Err(error) = table.try_reserve(capacity, |_| 0) {
        capacity_failure(error);
    }
    table
}

/// Converts a `Vec` reservation failure into hashbrown's error type.
fn vec_failure<E>(_: E) -> TryReserveError {
    TryReserveError::CapacityOverflow
}

impl<T> Raw<T> {
    pub(crate) const fn new(limits: Limits) -> Self {
        Self {
            dir: Vec::new(),
            tables: Vec::new(),
            len: 0,
            global_depth: 0,
            depth_count: [0; MAX_DEPTH as usize + 1],
            limits,
            counters: Counters {
                splits: 0,
                merges: 0,
                grows: 0,
                shrinks: 0,
                rebuilds: 0,
                oversize_grows: 0,
                directory_doublings: 0,
                directory_halvings: 0,
                moved: 0,
            },
            merge: None,
        }
    }

    /// The slot of `hash` in the directory.
    #[inline]
    pub(crate) fn slot(&self, hash: u64) -> usize {
        // For the unallocated map the mask is all ones and the slot is out
        // of range of the empty directory.
        (hash >> DIR_SHIFT) as usize & self.dir.len().wrapping_sub(1)
    }

    /// The index of the table that holds `hash`, or `None` for the
    /// unallocated map.
    #[inline]
    pub(crate) fn table_index(&self, hash: u64) -> Option<usize> {
        self.dir.get(self.slot(hash)).map(|&index| index as usize)
    }

    /// The table that holds `hash`.
    #[inline]
    pub(crate) fn table(&self, hash: u64) -> Option<&Table<T>> {
        if self.dir.is_empty() {
            return None;
        }
        // In range: the mask is `len - 1` of a non-empty directory, and
        // every slot names a table. Indexing (a cold panic) rather than
        // `tables.get(..)?` keeps the lookup loop branch-free on the way
        // to the probe: with the early return, LLVM rotated a dozen
        // registers through every tag match of a caller's loop, which cost
        // get-hit a third of its time (docs/split-map.md, "Codegen").
        let index = self.dir[(hash >> DIR_SHIFT) as usize & (self.dir.len() - 1)];
        Some(&self.tables[index as usize])
    }

    /// The bytes held on the heap: the tables, the directory and the table
    /// headers.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.tables
            .iter()
            .map(|t| t.raw.allocation_size())
            .sum::<usize>()
            + self.bookkeeping_bytes()
    }

    /// The bytes of the directory and of the vector of table headers.
    pub(crate) fn bookkeeping_bytes(&self) -> usize {
        self.dir.capacity() * mem::size_of::<u32>()
            + self.tables.capacity() * mem::size_of::<Table<T>>()
    }

    /// The sum of the tables' capacities.
    pub(crate) fn capacity(&self) -> usize {
        self.tables.iter().map(|t| t.raw.capacity()).sum()
    }

    /// Frees every table and the directory.
    pub(crate) fn reset(&mut self) -> Vec<Table<T>> {
        let tables = mem::take(&mut self.tables);
        self.dir = Vec::new();
        self.len = 0;
        self.global_depth = 0;
        self.depth_count = [0; MAX_DEPTH as usize + 1];
        self.merge = None;
        tables
    }

    /// The table that may still hold entries of the slots of
    /// `tables[index]`: the source of a merge into it. Only lookups that
    /// missed in `tables[index]` ask.
    #[cold]
    #[inline(never)]
    pub(crate) fn source_of(&self, index: usize) -> Option<usize> {
        self.merge
            .filter(|m| m.dst as usize == index)
            .map(|m| m.src as usize)
    }

    /// Whether an insert of one new entry into `tables[index]` keeps the
    /// room a merge into it needs.
    pub(crate) fn room_beside_merge(&self, index: usize) -> bool {
        match self.merge {
            Some(m) if m.dst as usize == index => {
                let (src, dst) = (&self.tables[m.src as usize].raw, &self.tables[index].raw);
                dst.capacity() - dst.len() > src.len()
            }
            _ => true,
        }
    }

    /// The low-water mark of a table of `depth` and `buckets`.
    fn low_water(&self, depth: u8, buckets: usize) -> u32 {
        let shrink_at = bucket_capacity(buckets) / 4;
        let mark = if depth == 0 {
            shrink_at
        } else {
            shrink_at.max(self.limits.merge_at)
        };
        u32::try_from(mark).unwrap_or(u32::MAX)
    }

    /// Sets the low-water marks of table `index` and of its buddy after
    /// either changed size, depth or length in bulk.
    ///
    /// A table of depth 0, or one whose buddy's half of the hash space is
    /// split further, only watches for its shrink point. Otherwise the pair
    /// is `gap = len + buddy_len - merge_at` entries above merging, and each
    /// table watches for having lost half of the gap, net of inserts: the
    /// removals that close the gap must take at least half of it from one of
    /// the two, so that one checks again by the time the pair can merge. A
    /// pair already at the merge point merges at the next removal from
    /// either, however many inserts come first.
    pub(crate) fn arm(&mut self, index: usize) {
        let t = &self.tables[index];
        let shrink_at = shrink_point(&t.raw);
        let Some(buddy) = self.buddy(index) else {
            self.tables[index].low_water = saturate(shrink_at);
            return;
        };
        let b = &self.tables[buddy];
        let (len, buddy_len) = (t.raw.len(), b.raw.len());
        let sum = len + buddy_len;
        if sum <= self.limits.merge_at {
            // Mergeable now: the next removal from either merges, however
            // many inserts come first.
            self.tables[index].low_water = u32::MAX;
            self.tables[buddy].low_water = u32::MAX;
            return;
        }
        let half_gap = (sum - self.limits.merge_at).div_ceil(2);
        let buddy_shrink_at = shrink_point(&b.raw);
        self.tables[index].low_water = saturate(shrink_at.max(len.saturating_sub(half_gap)));
        self.tables[buddy].low_water =
            saturate(buddy_shrink_at.max(buddy_len.saturating_sub(half_gap)));
    }

    /// The buddy of table `index`: the table of the same depth whose bits
    /// differ only in the top one. `None` at depth 0, or when that half of
    /// the hash space is split deeper.
    #[inline]
    fn buddy(&self, index: usize) -> Option<usize> {
        let t = &self.tables[index];
        if t.depth == 0 {
            return None;
        }
        let buddy = self.dir[(t.bits ^ (1 << (t.depth - 1))) as usize] as usize;
        (self.tables[buddy].depth == t.depth).then_some(buddy)
    }

    /// Sets the largest table size and recomputes every low-water mark.
    pub(crate) fn set_limits(&mut self, limits: Limits, hasher: &impl Fn(&T) -> u64) {
        self.finish_merge(hasher);
        self.limits = limits;
        for index in 0..self.tables.len() {
            self.arm(index);
        }
    }

    /// Points every slot owned by `(bits, depth)` at `index`.
    fn point(&mut self, bits: u32, depth: u8, index: usize) {
        let step = 1usize << depth;
        let index = index as u32;
        let mut slot = bits as usize;
        while slot < self.dir.len() {
            self.dir[slot] = index;
            slot += step;
        }
    }

    /// Creates the first table, with room for `capacity` entries.
    #[track_caller]
    fn first_table(&mut self, capacity: usize) {
        debug_assert!(self.tables.is_empty() && self.dir.is_empty());
        let raw = table_with_capacity(capacity);
        let low_water = self.low_water(0, raw.num_buckets_allocated());
        self.tables.push(Table {
            raw,
            bits: 0,
            depth: 0,
            low_water,
        });
        self.dir.push(0);
        self.global_depth = 0;
        self.depth_count[0] = 1;
    }

    /// Doubles the directory: slot `s + 2^g` points where slot `s` does.
    #[track_caller]
    fn double_directory(&mut self) {
        self.dir.extend_from_within(..);
        self.global_depth += 1;
        self.counters.directory_doublings += 1;
    }

    /// Halves the directory while no table needs its top bit.
    fn halve_directory(&mut self) {
        while self.global_depth > 0 && self.depth_count[self.global_depth as usize] == 0 {
            // Every table has depth < global_depth, so the upper half of the
            // directory repeats the lower half.
            let half = self.dir.len() / 2;
            self.dir.truncate(half);
            self.global_depth -= 1;
            self.counters.directory_halvings += 1;
        }
        if self.dir.capacity() >= 4 * self.dir.len() {
            self.dir.shrink_to(2 * self.dir.len());
        }
    }
}

/// `num_buckets` for a table that may be unallocated (hashbrown reports one
/// bucket, its empty singleton, for those).
trait Buckets {
    fn num_buckets_allocated(&self) -> usize;
}

impl<T> Buckets for HashTable<T> {
    #[inline]
    fn num_buckets_allocated(&self) -> usize {
        if self.allocation_size() == 0 {
            0
        } else {
            self.num_buckets()
        }
    }
}

/// The length at or below which `table` shrinks: a quarter of its
/// capacity.
fn shrink_point<T>(table: &HashTable<T>) -> usize {
    bucket_capacity(buckets_of(table)) / 4
}

/// The buckets hashbrown allocates for `capacity` entries.
fn buckets_for(capacity: usize) -> usize {
    match capacity {
        0 => 0,
        1..=3 => 4,
        4..=7 => 8,
        _ => (capacity.saturating_mul(8) / 7).next_power_of_two(),
    }
}

/// `n` as a low-water mark.
fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The buckets of `table`, 0 if it has no allocation.
pub(crate) fn buckets_of<T>(table: &HashTable<T>) -> usize {
    table.num_buckets_allocated()
}

/// What [`Raw::make_room`] did.
enum Split {
    Done,
    Degenerate,
}

impl<T> Raw<T> {
    /// The index of the table for `hash`, with room for one more entry.
    #[inline]
    #[track_caller]
    pub(crate) fn room_for(&mut self, hash: u64, hasher: &impl Fn(&T) -> u64) -> usize {
        if let Some(index) = self.table_index(hash) {
            let t = &self.tables[index].raw;
            if t.len() < t.capacity() {
                return index;
            }
        }
        self.make_room(hash, hasher)
    }

    /// [`room_for`](Self::room_for), returning the table itself. The fast
    /// path indexes `tables` once: with the index coming back from the
    /// slow path as well, the caller's later `tables[index]` kept a bounds
    /// check and reloaded the vector on every insert.
    #[inline]
    #[track_caller]
    pub(crate) fn room_in(&mut self, hash: u64, hasher: impl Fn(&T) -> u64) -> &mut HashTable<T> {
        if let Some(index) = self.table_index(hash) {
            let t = &self.tables[index].raw;
            if t.len() < t.capacity() {
                return &mut self.tables[index].raw;
            }
        }
        self.room_in_slow(hash, hasher)
    }

    /// The slow path of [`room_in`](Self::room_in). It takes the hasher by
    /// value: a reference would make every insert store the closure on
    /// the stack before its probe, in case it came here.
    #[cold]
    #[inline(never)]
    #[track_caller]
    fn room_in_slow(&mut self, hash: u64, hasher: impl Fn(&T) -> u64) -> &mut HashTable<T> {
        let index = self.make_room(hash, &hasher);
        &mut self.tables[index].raw
    }

    /// The slow path of [`room_for`](Self::room_for): the table for `hash`
    /// is full (or there is none). At most one table changes.
    #[cold]
    #[inline(never)]
    #[track_caller]
    fn make_room(&mut self, hash: u64, hasher: &impl Fn(&T) -> u64) -> usize {
        if self.tables.is_empty() {
            // hashbrown's first allocation for one entry.
            self.first_table(3);
            self.counters.grows += 1;
            return 0;
        }
        loop {
            let index = self.dir[self.slot(hash)] as usize;
            if self.merge.is_some_and(|m| m.dst as usize == index) {
                // Nothing but the merge resizes its tables.
                self.finish_merge(hasher);
                continue;
            }
            let t = &self.tables[index];
            let (len, buckets) = (t.raw.len(), buckets_of(&t.raw));
            if len < t.raw.capacity() {
                return index;
            }
            if buckets < self.limits.max_buckets {
                if len < bucket_capacity(buckets) / 2 {
                    // Tombstones: hashbrown would rehash in place, which drops
                    // entries if the hasher panics; rebuild instead.
                    self.rebuild(index, bucket_capacity(buckets), hasher);
                    self.counters.rebuilds += 1;
                } else {
                    self.grow(index, hasher);
                }
                return index;
            }
            if len < self.limits.split_at(buckets) {
                self.rebuild(index, bucket_capacity(buckets), hasher);
                self.counters.rebuilds += 1;
                return index;
            }
            if t.depth == MAX_DEPTH {
                self.grow(index, hasher);
                self.counters.oversize_grows += 1;
                return index;
            }
            match self.try_split(index, hasher, false) {
                Ok(Split::Done) => continue,
                Err(error) => capacity_failure(error),
                Ok(Split::Degenerate) => {
                    self.grow(index, hasher);
                    self.counters.oversize_grows += 1;
                    return index;
                }
            }
        }
    }

    /// Doubles table `index` with hashbrown's resize, which leaves the table
    /// as it was if the hasher panics.
    #[track_caller]
    fn grow(&mut self, index: usize, hasher: &impl Fn(&T) -> u64) {
        let t = &mut self.tables[index].raw;
        let before = buckets_of(t);
        let target = bucket_capacity((2 * before).max(4));
        if let Err(error) = t.try_reserve(target - t.len(), hasher) {
            capacity_failure(error);
        }
        self.counters.grows += 1;
        self.counters.moved += self.tables[index].raw.len() as u64;
        self.arm(index);
    }

    /// Hashes every entry of `table`, in iteration order. Nothing has moved
    /// yet if the hasher panics.
    fn hashes(table: &HashTable<T>, hasher: &impl Fn(&T) -> u64) -> Vec<u64> {
        table.iter().map(hasher).collect()
    }

    /// Moves every entry of `from` into `into`, which has room for them,
    /// given their hashes in `from`'s iteration order. No user code runs.
    fn pour(
        from: HashTable<T>,
        hashes: &[u64],
        into: &mut HashTable<T>,
        hasher: &impl Fn(&T) -> u64,
    ) {
        debug_assert_eq!(from.len(), hashes.len());
        debug_assert!(into.capacity() - into.len() >= from.len());
        // `iter` and `into_iter` walk the same buckets in the same order.
        for (item, &hash) in from.into_iter().zip(hashes) {
            debug_assert_eq!(hasher(&item), hash, "iteration orders differ");
            into.insert_unique(hash, item, hasher);
        }
    }

    /// Rebuilds table `index` into a fresh table with room for `capacity`
    /// entries, to clear its tombstones. Panic-safe: the hashes are taken
    /// before anything moves.
    #[track_caller]
    fn rebuild(&mut self, index: usize, capacity: usize, hasher: &impl Fn(&T) -> u64) {
        if let Err(error) = self.try_rebuild(index, capacity, hasher) {
            capacity_failure(error);
        }
    }

    fn try_rebuild(
        &mut self,
        index: usize,
        capacity: usize,
        hasher: &impl Fn(&T) -> u64,
    ) -> Result<(), TryReserveError> {
        // The table first, then the hashes: see `try_split`.
        let mut fresh = HashTable::new();
        fresh.try_reserve(capacity.max(self.tables[index].raw.len()), |_| 0)?;
        let hashes = Self::hashes(&self.tables[index].raw, hasher);
        let old = mem::replace(&mut self.tables[index].raw, HashTable::new());
        Self::pour(old, &hashes, &mut fresh, hasher);
        self.tables[index].raw = fresh;
        self.counters.moved += hashes.len() as u64;
        self.arm(index);
        Ok(())
    }

    /// Splits table `index` on its next directory bit. With `force`, splits
    /// even when one side would be nearly empty (`reserve`'s pre-splitting).
    /// Every allocation is made before anything moves, so an error leaves
    /// the map as it was.
    fn try_split(
        &mut self,
        index: usize,
        hasher: &impl Fn(&T) -> u64,
        force: bool,
    ) -> Result<Split, TryReserveError> {
        let (bits, depth) = (self.tables[index].bits, self.tables[index].depth);
        debug_assert!(depth < MAX_DEPTH);
        let bit = 1u64 << (DIR_SHIFT + u32::from(depth));
        // Each side gets a maximum table, or more if its entries need it.
        let max = bucket_capacity(self.limits.max_buckets);
        let room = |count: usize| max.max(count + count / 7);
        let table = |count: usize| -> Result<HashTable<T>, TryReserveError> {
            let mut table = HashTable::new();
            table.try_reserve(room(count), |_| 0)?;
            Ok(table)
        };
        // A split that is not refused below leaves each side at most three
        // quarters of the entries, so up to `7 max / 6` entries both sides
        // get exactly a maximum table, known before hashing. Allocating them
        // first lets the allocator hand the first one the block the last
        // split freed, whose pages are resident, before the hash pass takes
        // an allocation of its own: one table of page faults per split, not
        // two.
        let len = self.tables[index].raw.len();
        let early = if !force && 6 * len <= 7 * max {
            Some((table(0)?, table(0)?))
        } else {
            None
        };
        let hashes = Self::hashes(&self.tables[index].raw, hasher);
        let high = hashes.iter().filter(|&&h| h & bit != 0).count();
        let low = hashes.len() - high;
        // A split that would leave one side with a quarter or less of the
        // entries gains too little to be worth its cost: the hasher does not
        // spread this bit (for a hasher that does, a split of a thousand
        // entries is skewed 3:1 with odds below 10^-50).
        if !force && low.min(high) * 4 <= hashes.len() {
            return Ok(Split::Degenerate);
        }
        let (lows, highs) = match early {
            Some(tables) => tables,
            None => (table(low)?, table(high)?),
        };
        self.tables.try_reserve(1).map_err(vec_failure)?;
        if depth == self.global_depth {
            self.dir.try_reserve(self.dir.len()).map_err(vec_failure)?;
            self.double_directory();
        }
        let old = mem::replace(&mut self.tables[index].raw, HashTable::new());
        // Indexed rather than branched on: the side is a coin toss.
        let mut sides = [lows, highs];
        let shift = DIR_SHIFT + u32::from(depth);
        for (item, &hash) in old.into_iter().zip(&hashes) {
            debug_assert_eq!(hasher(&item), hash, "iteration orders differ");
            sides[(hash >> shift) as usize & 1].insert_unique(hash, item, hasher);
        }
        let [lows, highs] = sides;
        let depth = depth + 1;
        let high_bits = bits | (1 << (depth - 1));
        let low_water = self.low_water(depth, buckets_of(&lows));
        self.tables[index] = Table {
            raw: lows,
            bits,
            depth,
            low_water,
        };
        let high_index = self.tables.len();
        let low_water = self.low_water(depth, buckets_of(&highs));
        self.tables.push(Table {
            raw: highs,
            bits: high_bits,
            depth,
            low_water,
        });
        self.point(high_bits, depth, high_index);
        self.depth_count[usize::from(depth) - 1] -= 1;
        self.depth_count[usize::from(depth)] += 2;
        self.arm(index);
        self.counters.splits += 1;
        self.counters.moved += hashes.len() as u64;
        Ok(Split::Done)
    }

    /// Bookkeeping after a removal from `tables[index]`: the merge and
    /// shrink checks if the table is at or below its low-water mark, and a
    /// step of the merge in progress, if any.
    #[inline(always)]
    #[track_caller]
    pub(crate) fn removed(&mut self, index: usize, hasher: &impl Fn(&T) -> u64) {
        self.len -= 1;
        let t = &self.tables[index];
        if t.raw.len() <= t.low_water as usize || self.merge.is_some() {
            self.after_remove(index, hasher);
        }
    }

    /// The slow path of [`removed`](Self::removed): an empty map frees
    /// everything; a merge in progress moves its next step; table `index`
    /// merges with its buddy (unless a merge runs), or shrinks, or re-arms
    /// its marks.
    #[cold]
    #[inline(never)]
    #[track_caller]
    pub(crate) fn after_remove(&mut self, index: usize, hasher: &impl Fn(&T) -> u64) {
        if self.len == 0 {
            drop(self.reset());
            return;
        }
        match self.merge {
            None => self.settle(index, true, hasher),
            Some(m) => {
                let (src, dst, last) = (m.src as usize, m.dst as usize, self.tables.len() - 1);
                let t = &self.tables[index];
                let at_mark = t.raw.len() <= t.low_water as usize;
                self.step_merge(MERGE_STEP, hasher);
                if self.merge.is_some() {
                    // While a merge runs, a pair that could merge waits
                    // (its marks stay armed, so it asks again at its next
                    // removal). A table above its mark has nothing to ask.
                    if at_mark && index != src && index != dst {
                        self.settle(index, false, hasher);
                    }
                    return;
                }
                // The merge ended: the source is gone, and the last table
                // took its place. Whatever `index` needs now (a merge of its
                // own, a shrink) waits for its next removal, which its
                // re-armed marks ask for, so that no removal both ends a
                // merge and starts the next, each on cold tables.
                let index = if index == src { dst } else { index };
                let index = if index == last { src } else { index };
                self.arm(index);
            }
        }
    }

    /// Merge with the buddy (if `may_merge`), or shrink, or re-arm the
    /// marks of table `index`, which is not part of a merge in progress.
    fn settle(&mut self, index: usize, may_merge: bool, hasher: &impl Fn(&T) -> u64) {
        let len = self.tables[index].raw.len();
        if let Some(buddy) = self.buddy(index)
            && len + self.tables[buddy].raw.len() <= self.limits.merge_at
        {
            if !may_merge {
                self.arm(index);
                return;
            }
            if self.merge(index, buddy, hasher) {
                return;
            }
        }
        let t = &self.tables[index];
        if len <= shrink_point(&t.raw) && buckets_of(&t.raw) > 4 {
            self.shrink(index, hasher);
            return;
        }
        self.arm(index);
    }

    /// Shrinks table `index` to the table that fits twice its entries, with
    /// hashbrown's resize (which leaves the table as it was if the hasher
    /// panics).
    #[cold]
    #[inline(never)]
    #[track_caller]
    fn shrink(&mut self, index: usize, hasher: &impl Fn(&T) -> u64) {
        let t = &mut self.tables[index].raw;
        let len = t.len();
        t.shrink_to(2 * len, hasher);
        self.counters.shrinks += 1;
        self.counters.moved += len as u64;
        self.arm(index);
    }

    /// Merges the buddies `a` and `b` (same depth `d >= 1`) into one table
    /// of depth `d - 1`. The one with fewer buckets, or else fewer entries,
    /// moves into the other's allocation when it fits there: the directory
    /// changes now and the entries move over the next removals
    /// ([`step_merge`](Self::step_merge)). Otherwise (tombstones took the
    /// room) both move into a fresh table at once, unless that table would
    /// be larger than the two together: then the merge waits, and `false`
    /// is returned.
    #[cold]
    #[inline(never)]
    #[track_caller]
    fn merge(&mut self, a: usize, b: usize, hasher: &impl Fn(&T) -> u64) -> bool {
        debug_assert!(self.merge.is_none());
        let key = |t: &Table<T>| (buckets_of(&t.raw), t.raw.len());
        let (keep, gone) = if key(&self.tables[a]) >= key(&self.tables[b]) {
            (a, b)
        } else {
            (b, a)
        };
        let (k, g) = (&self.tables[keep].raw, &self.tables[gone].raw);
        // Room for the source's entries, and for one insert per step the
        // merge can take (every write steps it), so that no insert has to
        // finish it: see `Merge`.
        let fits = k.capacity() - k.len() >= g.len() + buckets_of(g).div_ceil(MERGE_STEP);
        let total = k.len() + g.len();
        if !fits && buckets_for(total) > buckets_of(k) + buckets_of(g) {
            return false;
        }
        if !fits {
            // Both hash passes before anything moves: see `try_split`.
            let gone_hashes = Self::hashes(&self.tables[gone].raw, hasher);
            let keep_hashes = Self::hashes(&self.tables[keep].raw, hasher);
            // The smallest table that holds both.
            let mut fresh = table_with_capacity(total);
            let from = mem::replace(&mut self.tables[keep].raw, HashTable::new());
            Self::pour(from, &keep_hashes, &mut fresh, hasher);
            let from = mem::replace(&mut self.tables[gone].raw, HashTable::new());
            Self::pour(from, &gone_hashes, &mut fresh, hasher);
            self.tables[keep].raw = fresh;
            self.counters.moved += total as u64;
        }
        let depth = self.tables[keep].depth - 1;
        let bits = self.tables[keep].bits & ((1 << depth) - 1);
        let gone_bits = self.tables[gone].bits;
        for index in [keep, gone] {
            let t = &mut self.tables[index];
            t.depth = depth;
            t.bits = bits;
        }
        // The gone table's slots now belong to the kept one.
        self.point(gone_bits, depth + 1, keep);
        self.depth_count[usize::from(depth) + 1] -= 2;
        self.depth_count[usize::from(depth)] += 1;
        self.counters.merges += 1;
        self.halve_directory();
        if fits {
            self.merge = Some(Merge {
                src: gone as u32,
                dst: keep as u32,
                cursor: 0,
            });
            self.step_merge(MERGE_STEP, hasher);
        } else {
            let keep = self.remove_table(gone, keep);
            self.arm(keep);
        }
        true
    }

    /// Moves the entries of up to `buckets` more buckets of the merge in
    /// progress from its source into its destination, and ends the merge
    /// when the source is empty. Panic-safe: an entry is hashed before it
    /// leaves the source, and the cursor never passes an entry not moved.
    pub(crate) fn step_merge(&mut self, buckets: usize, hasher: &impl Fn(&T) -> u64) {
        let Some(m) = self.merge else {
            return;
        };
        let (src, dst) = (m.src as usize, m.dst as usize);
        let [from, into] = self
            .tables
            .get_disjoint_mut([src, dst])
            .expect("a merge's tables are distinct and in range");
        let (from, into) = (&mut from.raw, &mut into.raw);
        let size = buckets_of(from);
        let start = m.cursor as usize;
        let end = start.saturating_add(buckets).min(size);
        let before = from.len();
        pour_range(from, into, start, end, hasher);
        self.counters.moved += (before - from.len()) as u64;
        if !from.is_empty() {
            // Past the end with entries left (only if a clone laid the
            // source out anew): start over.
            let cursor = if end == size { 0 } else { end };
            self.merge = Some(Merge {
                cursor: cursor as u32,
                ..m
            });
            return;
        }
        self.merge = None;
        let dst = self.remove_table(src, dst);
        self.arm(dst);
    }

    /// Completes the merge in progress, if any: at most one table's
    /// entries.
    pub(crate) fn finish_merge(&mut self, hasher: &impl Fn(&T) -> u64) {
        while self.merge.is_some() {
            self.step_merge(usize::MAX, hasher);
        }
    }

    /// Removes the (emptied, unreferenced) table `gone` from the vector by
    /// moving the last table into its place. Returns where `keep` is now.
    fn remove_table(&mut self, gone: usize, keep: usize) -> usize {
        let last = self.tables.len() - 1;
        let removed = self.tables.swap_remove(gone);
        debug_assert!(removed.raw.is_empty());
        drop(removed);
        let keep = if keep == last { gone } else { keep };
        if gone != last {
            let (bits, depth) = (self.tables[gone].bits, self.tables[gone].depth);
            self.point(bits, depth, gone);
        }
        if self.tables.capacity() >= 4 * self.tables.len() && self.tables.capacity() > 4 {
            self.tables.shrink_to(2 * self.tables.len());
        }
        keep
    }

    /// Merges and shrinks wherever the rules allow, after a bulk removal
    /// (`retain`, `extract_if`). O(tables + entries moved).
    #[track_caller]
    pub(crate) fn rebalance(&mut self, hasher: &impl Fn(&T) -> u64) {
        if self.len == 0 {
            drop(self.reset());
            return;
        }
        self.finish_merge(hasher);
        loop {
            let merges = self.counters.merges;
            let mut index = 0;
            while index < self.tables.len() {
                self.settle(index, true, hasher);
                // In bulk, each merge completes at once.
                self.finish_merge(hasher);
                index += 1;
            }
            if self.counters.merges == merges {
                break;
            }
        }
    }
}

impl<T> Raw<T> {
    /// Makes the map ready for `additional` more entries: grows the lone
    /// table, or splits every table until there are enough tables for
    /// `len + additional` entries at three quarters of a maximum table
    /// each, with every table at the maximum size. O(entries moved).
    pub(crate) fn try_reserve(
        &mut self,
        additional: usize,
        hasher: &impl Fn(&T) -> u64,
    ) -> Result<(), TryReserveError> {
        let target = self
            .len
            .checked_add(additional)
            .ok_or(TryReserveError::CapacityOverflow)?;
        if target <= self.capacity() {
            return Ok(());
        }
        self.finish_merge(hasher);
        // Reject sizes no allocation could hold before allocating anything.
        let bytes = target
            .checked_mul(8)
            .map(|b| b / 7)
            .and_then(|b| b.checked_next_power_of_two())
            .and_then(|b| b.checked_mul(mem::size_of::<T>().max(1)));
        if bytes.is_none_or(|b| b > isize::MAX as usize) {
            return Err(TryReserveError::CapacityOverflow);
        }
        let max = bucket_capacity(self.limits.max_buckets);
        if self.tables.is_empty() {
            if target <= max {
                let mut raw = HashTable::new();
                raw.try_reserve(target, |_| 0)?;
                self.tables.try_reserve(1).map_err(vec_failure)?;
                self.dir.try_reserve(1).map_err(vec_failure)?;
                let low_water = self.low_water(0, buckets_of(&raw));
                self.tables.push(Table {
                    raw,
                    bits: 0,
                    depth: 0,
                    low_water,
                });
                self.dir.push(0);
                self.depth_count[0] = 1;
                return Ok(());
            }
            self.first_table(0);
        }
        if self.tables.len() == 1 && target <= max {
            let t = &mut self.tables[0].raw;
            t.try_reserve(target - t.len(), hasher)?;
            self.arm(0);
            return Ok(());
        }
        // Tables needed at three quarters of the maximum each.
        let per_table = (max * 3 / 4).max(1);
        let wanted = target.div_ceil(per_table).next_power_of_two();
        let depth = wanted.trailing_zeros().min(u32::from(MAX_DEPTH)) as u8;
        self.dir
            .try_reserve((1usize << depth).saturating_sub(self.dir.len()))
            .map_err(vec_failure)?;
        self.tables
            .try_reserve((1usize << depth).saturating_sub(self.tables.len()))
            .map_err(vec_failure)?;
        let mut index = 0;
        while index < self.tables.len() {
            let t = &self.tables[index];
            if t.depth < depth {
                self.try_split(index, hasher, true)?;
                // The table at `index` has one more bit now; look again.
                continue;
            }
            let buckets = buckets_of(&t.raw);
            if buckets < self.limits.max_buckets {
                let t = &mut self.tables[index].raw;
                t.try_reserve(max - t.len().min(max), hasher)?;
                self.arm(index);
            } else if t.raw.capacity() < bucket_capacity(buckets) {
                // Tombstones hold room back.
                self.try_rebuild(index, bucket_capacity(buckets), hasher)?;
            }
            index += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hasher with fixed seeds, so that table layouts are reproducible.
    fn hasher() -> impl Fn(&u64) -> u64 {
        let state = ahash::RandomState::with_seeds(1, 2, 3, 4);
        move |k: &u64| state.hash_one(k)
    }

    fn raw(max_buckets: usize) -> Raw<u64> {
        Raw::new(Limits::new(max_buckets))
    }

    fn insert(raw: &mut Raw<u64>, key: u64) {
        let h = hasher();
        let hash = h(&key);
        if contains(raw, key) {
            return;
        }
        raw.step_merge(MERGE_STEP, &h);
        let mut index = raw.room_for(hash, &h);
        if !raw.room_beside_merge(index) {
            raw.finish_merge(&h);
            index = raw.room_for(hash, &h);
        }
        raw.tables[index].raw.insert_unique(hash, key, &h);
        raw.len += 1;
    }

    fn remove(raw: &mut Raw<u64>, key: u64) -> bool {
        let h = hasher();
        let hash = h(&key);
        let Some(home) = raw.table_index(hash) else {
            return false;
        };
        for index in [Some(home), raw.source_of(home)].into_iter().flatten() {
            if let Ok(entry) = raw.tables[index].raw.find_entry(hash, |&k| k == key) {
                entry.remove();
                raw.removed(index, &h);
                return true;
            }
        }
        false
    }

    fn contains(raw: &Raw<u64>, key: u64) -> bool {
        let hash = hasher()(&key);
        let Some(home) = raw.table_index(hash) else {
            return false;
        };
        [Some(home), raw.source_of(home)]
            .into_iter()
            .flatten()
            .any(|index| raw.tables[index].raw.find(hash, |&k| k == key).is_some())
    }

    /// Every invariant the module documents.
    fn check(raw: &Raw<u64>) {
        if raw.tables.is_empty() {
            assert!(raw.dir.is_empty() && raw.len == 0);
            return;
        }
        assert_eq!(raw.dir.len(), 1 << raw.global_depth);
        let mut depth_count = [0u32; MAX_DEPTH as usize + 1];
        let mut owned = vec![0usize; raw.tables.len()];
        for (slot, &index) in raw.dir.iter().enumerate() {
            let t = &raw.tables[index as usize];
            assert!(t.depth <= raw.global_depth);
            assert_eq!(slot & ((1 << t.depth) - 1), t.bits as usize, "slot {slot}");
            owned[index as usize] += 1;
        }
        if let Some(m) = raw.merge {
            let (src, dst) = (&raw.tables[m.src as usize], &raw.tables[m.dst as usize]);
            assert_ne!(m.src, m.dst);
            assert!(!src.raw.is_empty(), "an empty source ends its merge");
            let steps = (buckets_of(&src.raw) - m.cursor as usize).div_ceil(MERGE_STEP);
            assert!(
                dst.raw.capacity() - dst.raw.len() >= src.raw.len() + steps,
                "room for the source and an insert per step"
            );
        }
        for (index, t) in raw.tables.iter().enumerate() {
            // A merge's source is named by no slot; its entries belong to
            // the destination's slots.
            let home = match raw.merge {
                Some(m) if m.src as usize == index => {
                    assert_eq!(owned[index], 0);
                    m.dst as usize
                }
                _ => {
                    depth_count[usize::from(t.depth)] += 1;
                    assert_eq!(owned[index], 1 << (raw.global_depth - t.depth));
                    index
                }
            };
            let h = hasher();
            for k in t.raw.iter() {
                let slot = (h(k) >> DIR_SHIFT) as usize & (raw.dir.len() - 1);
                assert_eq!(raw.dir[slot] as usize, home, "key {k} in the wrong table");
            }
        }
        assert_eq!(depth_count, raw.depth_count);
        if raw.global_depth > 0 {
            assert!(
                raw.depth_count[usize::from(raw.global_depth)] > 0,
                "directory could halve"
            );
        }
        assert_eq!(
            raw.len,
            raw.tables.iter().map(|t| t.raw.len()).sum::<usize>()
        );
    }

    #[test]
    fn the_default_table_size_is_the_byte_budget() {
        // docs/split-map.md's table: 16,384 buckets for `u64 -> u64`, 4,096
        // for `u64 -> [u64; 4]`, 1,024 for `u64 -> [u8; 128]`, and the
        // bounds for zero-sized and huge entries.
        assert_eq!(default_max_buckets::<(u64, u64)>(), 16384);
        assert_eq!(default_max_buckets::<(u64, [u64; 4])>(), 4096);
        assert_eq!(default_max_buckets::<(u64, [u8; 128])>(), 1024);
        assert_eq!(default_max_buckets::<()>(), MAX_DEFAULT_BUCKETS);
        assert_eq!(default_max_buckets::<[u8; 1 << 16]>(), MIN_DEFAULT_BUCKETS);
    }

    #[test]
    fn the_directory_doubles_when_a_table_at_global_depth_splits() {
        let mut raw = raw(16);
        let mut key = 0;
        while raw.global_depth == 0 {
            insert(&mut raw, key);
            key += 1;
        }
        check(&raw);
        assert_eq!(
            (raw.global_depth, raw.tables.len(), raw.dir.len()),
            (1, 2, 2)
        );
        assert_eq!(raw.counters.directory_doublings, 1);
        // One full table at depth 1 splits next: the directory doubles
        // again, and the other table now owns two slots.
        while raw.tables.len() == 2 {
            insert(&mut raw, key);
            key += 1;
        }
        check(&raw);
        assert_eq!((raw.global_depth, raw.tables.len()), (2, 3));
        assert_eq!(raw.depth_count[1..3], [1, 2]);
    }

    #[test]
    fn a_split_below_global_depth_leaves_the_directory_alone() {
        let mut raw = raw(16);
        let mut key = 0;
        while raw.tables.len() < 3 {
            insert(&mut raw, key);
            key += 1;
        }
        // Three tables at depths 1, 2, 2: filling the depth-1 one splits it
        // without doubling.
        let shallow = raw
            .tables
            .iter()
            .position(|t| t.depth == 1)
            .expect("a depth-1 table");
        let doublings = raw.counters.directory_doublings;
        let bits = raw.tables[shallow].bits;
        while raw.tables.iter().any(|t| t.depth == 1) {
            if (hasher()(&key) >> DIR_SHIFT) as u32 & 1 == bits {
                insert(&mut raw, key);
            }
            key += 1;
        }
        check(&raw);
        assert_eq!(raw.counters.directory_doublings, doublings);
        assert_eq!(raw.tables.len(), 4);
    }

    #[test]
    fn splits_keep_every_entry_and_merges_give_the_tables_back() {
        let mut raw = raw(64);
        let n = 20_000;
        for key in 0..n {
            insert(&mut raw, key);
        }
        check(&raw);
        assert!(raw.counters.splits > 100);
        assert!((0..n).all(|k| contains(&raw, k)));
        let grown = raw.global_depth;
        for key in 0..n - 50 {
            assert!(remove(&mut raw, key));
            if key % 997 == 0 {
                check(&raw);
            }
        }
        check(&raw);
        assert!(raw.counters.merges > 100);
        assert!(raw.counters.directory_halvings >= u64::from(grown) - 1);
        assert!(raw.global_depth <= 1);
        assert!((n - 50..n).all(|k| contains(&raw, k)));
        for key in n - 50..n {
            assert!(remove(&mut raw, key));
        }
        assert!(raw.tables.is_empty() && raw.heap_bytes() == 0);
    }

    #[test]
    fn a_merge_moves_the_smaller_table_into_the_larger_allocation() {
        let mut raw = raw(64);
        let mut key = 0;
        while raw.tables.len() < 2 {
            insert(&mut raw, key);
            key += 1;
        }
        // Two buddies at depth 1, of the same size. Remove from side 1 only:
        // side 0 stays the larger, and side 1 must move into it.
        let h = hasher();
        let ones: Vec<u64> = (0..key).filter(|k| (h(k) >> DIR_SHIFT) & 1 == 1).collect();
        let (mut buckets, mut bytes) = (0, 0);
        for &k in &ones {
            let larger = &raw.tables[raw.dir[0] as usize].raw;
            (buckets, bytes) = (larger.num_buckets(), larger.allocation_size());
            remove(&mut raw, k);
            if raw.tables.len() == 1 {
                break;
            }
        }
        check(&raw);
        assert_eq!(raw.tables.len(), 1, "the buddies merged");
        assert_eq!(raw.counters.merges, 1);
        let merged = &raw.tables[0].raw;
        assert_eq!(merged.num_buckets(), buckets);
        assert_eq!(merged.allocation_size(), bytes);
        // Nothing else is held: the smaller table's allocation is gone.
        assert_eq!(raw.heap_bytes(), bytes + raw.bookkeeping_bytes());
        let gone: Vec<u64> = ones
            .iter()
            .copied()
            .take_while(|&k| !contains(&raw, k))
            .collect();
        assert!(
            (0..key)
                .filter(|k| !gone.contains(k))
                .all(|k| contains(&raw, k))
        );
    }

    #[test]
    fn a_lone_table_shrinks_as_it_empties_and_frees_itself() {
        let mut raw = raw(4096);
        for key in 0..2_000 {
            insert(&mut raw, key);
        }
        assert_eq!(raw.tables.len(), 1);
        let full = raw.heap_bytes();
        for key in 0..1_900 {
            remove(&mut raw, key);
        }
        check(&raw);
        assert!(raw.counters.shrinks >= 2);
        assert!(raw.heap_bytes() * 8 < full);
        for key in 1_900..2_000 {
            remove(&mut raw, key);
        }
        assert_eq!(raw.heap_bytes(), 0);
    }

    #[test]
    fn a_hasher_that_ignores_the_directory_bits_grows_past_the_maximum() {
        // Every hash has the same bits 32..57: a split could only ever fill
        // one side, so the table grows instead of deepening the directory.
        let state = ahash::RandomState::with_seeds(5, 6, 7, 8);
        let h = move |k: &u64| state.hash_one(k) & 0xFE00_0000_FFFF_FFFF;
        let mut raw: Raw<u64> = Raw::new(Limits::new(16));
        for key in 0..1_000u64 {
            let hash = h(&key);
            let index = raw.room_for(hash, &h);
            raw.tables[index].raw.insert_unique(hash, key, &h);
            raw.len += 1;
        }
        assert_eq!(raw.tables.len(), 1);
        assert_eq!(raw.global_depth, 0);
        assert!(raw.counters.oversize_grows > 0);
        assert!(buckets_of(&raw.tables[0].raw) >= 1024);
    }

    #[test]
    fn a_panicking_hasher_during_a_split_loses_nothing() {
        use std::cell::Cell;
        let fuse = Cell::new(u32::MAX);
        let state = ahash::RandomState::with_seeds(1, 2, 3, 4);
        let h = |k: &u64| {
            let left = fuse.get();
            if left == 0 {
                fuse.set(u32::MAX);
                panic!("planted");
            }
            fuse.set(left - 1);
            state.hash_one(k)
        };
        let mut raw: Raw<u64> = Raw::new(Limits::new(64));
        let mut key = 0u64;
        let mut panics = 0;
        while panics < 20 {
            let hash = h(&key);
            // Arm the fuse to go off inside the split's hashing pass.
            fuse.set(7);
            let result =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| raw.room_for(hash, &h)));
            fuse.set(u32::MAX);
            match result {
                Ok(index) => {
                    raw.tables[index].raw.insert_unique(hash, key, h);
                    raw.len += 1;
                    key += 1;
                }
                Err(_) => panics += 1,
            }
        }
        check(&raw);
        assert!((0..key).all(|k| contains(&raw, k)));
        assert_eq!(raw.len, key as usize);
    }

    #[test]
    fn reserve_presplits_to_maximum_tables() {
        let mut raw = raw(64);
        raw.try_reserve(10_000, &hasher()).expect("room");
        check(&raw);
        assert!(raw.capacity() >= 10_000);
        assert!(raw.tables.iter().all(|t| buckets_of(&t.raw) == 64));
        let splits = raw.counters.splits;
        for key in 0..5_000 {
            insert(&mut raw, key);
        }
        assert_eq!(raw.counters.splits, splits, "reserved room was enough");
        assert!(raw.try_reserve(usize::MAX, &hasher()).is_err());
        check(&raw);
    }

    #[test]
    fn inserts_step_a_merge_and_never_finish_it_at_once() {
        // Start a merge by draining one side of a two-table map, then only
        // insert: each insert moves one step, and the merge ends within the
        // steps its margin allows, with no insert moving more than a step.
        let mut raw = raw(1024);
        let mut key = 0;
        while raw.tables.len() < 2 {
            insert(&mut raw, key);
            key += 1;
        }
        let h = hasher();
        let ones: Vec<u64> = (0..key).filter(|k| (h(k) >> DIR_SHIFT) & 1 == 1).collect();
        for k in ones {
            remove(&mut raw, k);
            if raw.merge.is_some() {
                break;
            }
        }
        let m = raw.merge.expect("a merge started");
        let steps = buckets_of(&raw.tables[m.src as usize].raw).div_ceil(MERGE_STEP);
        let mut inserts = 0;
        while raw.merge.is_some() {
            let (moved, splits) = (raw.counters.moved, raw.counters.splits);
            insert(&mut raw, key);
            key += 1;
            inserts += 1;
            check(&raw);
            assert!(raw.counters.moved - moved <= MERGE_STEP as u64, "one step");
            assert_eq!(raw.counters.splits, splits);
            assert!(inserts <= steps, "the merge outlasted its steps");
        }
        assert_eq!(raw.tables.len(), 1);
    }

    #[test]
    fn merge_marks_fire_when_the_pair_reaches_the_merge_point() {
        // Drain a two-table map from one side only: the pair must merge at
        // the removal that brings it to the merge point, not later.
        let mut raw = raw(64);
        let mut key = 0;
        while raw.tables.len() < 2 {
            insert(&mut raw, key);
            key += 1;
        }
        let h = hasher();
        let zeros: Vec<u64> = (0..key).filter(|k| (h(k) >> DIR_SHIFT) & 1 == 0).collect();
        for k in zeros {
            let sum = raw.len;
            remove(&mut raw, k);
            if raw.counters.merges == 1 {
                assert_eq!(sum - 1, raw.limits.merge_at, "merged late");
                return;
            }
        }
        panic!("never merged");
    }
}
