//! What [`SplitMap::stats`](crate::SplitMap::stats) and
//! [`SplitMap::layout`](crate::SplitMap::layout) report.

use crate::raw::{MAX_DEPTH, Raw};

/// The deepest local depth a table can have, and so the last index of
/// [`Stats::depth_histogram`].
pub const MAX_LOCAL_DEPTH: usize = MAX_DEPTH as usize;

/// The shape of the directory and the structural work done so far, from
/// [`SplitMap::stats`](crate::SplitMap::stats).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Tables in the map.
    pub tables: usize,
    /// The directory has `2^global_depth` slots.
    pub global_depth: u32,
    /// `depth_histogram[d]` is the number of tables of local depth `d`.
    pub depth_histogram: [usize; MAX_LOCAL_DEPTH + 1],
    /// Tables split in two because they were full.
    pub splits: u64,
    /// Buddy pairs merged into one table because they had emptied.
    pub merges: u64,
    /// Tables doubled because they were full and below the maximum size
    /// (the first table included).
    pub grows: u64,
    /// Tables shrunk because a quarter of their capacity or less was in
    /// use and they had no buddy to merge with.
    pub shrinks: u64,
    /// Full tables rebuilt at their own size because tombstones, not
    /// entries, had used up their room.
    pub rebuilds: u64,
    /// Tables grown past the maximum size because splitting them would
    /// have left one side nearly empty: the hasher does not spread bits
    /// 32..57 of its hashes.
    pub oversize_grows: u64,
    /// Times the directory doubled.
    pub directory_doublings: u64,
    /// Times the directory halved.
    pub directory_halvings: u64,
    /// Entries moved by all of the above, in total.
    pub moved: u64,
}

impl Stats {
    pub(crate) fn of<T>(raw: &Raw<T>) -> Self {
        let c = raw.counters;
        let mut depth_histogram = [0; MAX_LOCAL_DEPTH + 1];
        for (slot, &count) in depth_histogram.iter_mut().zip(&raw.depth_count) {
            *slot = count as usize;
        }
        Self {
            tables: raw.tables.len(),
            global_depth: u32::from(raw.global_depth),
            depth_histogram,
            splits: c.splits,
            merges: c.merges,
            grows: c.grows,
            shrinks: c.shrinks,
            rebuilds: c.rebuilds,
            oversize_grows: c.oversize_grows,
            directory_doublings: c.directory_doublings,
            directory_halvings: c.directory_halvings,
            moved: c.moved,
        }
    }
}

/// A snapshot of the directory and its tables, from
/// [`SplitMap::layout`](crate::SplitMap::layout).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Layout {
    /// The directory has `2^global_depth` slots (none for a map that holds
    /// no memory).
    pub global_depth: u32,
    /// For each directory slot, the index into [`tables`](Self::tables) of
    /// the table it points to.
    pub directory: Vec<usize>,
    /// The tables.
    pub tables: Vec<TableLayout>,
    /// Heap bytes of the directory and of the vector of table headers.
    pub bookkeeping_bytes: usize,
    /// Buddy tables merge when a removal leaves them with this many
    /// entries or fewer between them.
    pub merge_at: usize,
    /// A full table of the maximum size splits if it holds at least this
    /// many entries; with fewer, its tombstones are cleared instead.
    pub split_at: usize,
    /// The merge in progress, as `(source, destination)` indexes into
    /// [`tables`](Self::tables). No slot points to the source; its entries
    /// belong to the destination's slots and move there over the next
    /// removals.
    pub merging: Option<(usize, usize)>,
}

/// One table of a [`Layout`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TableLayout {
    /// The table owns the directory slots whose low `local_depth` bits
    /// equal [`bits`](Self::bits).
    pub local_depth: u32,
    /// See [`local_depth`](Self::local_depth).
    pub bits: usize,
    /// Entries in the table.
    pub len: usize,
    /// Entries the table holds before it must grow, split or be rebuilt.
    pub capacity: usize,
    /// Buckets, 0 for a table without an allocation.
    pub buckets: usize,
    /// The bytes of the table's allocation.
    pub heap_bytes: usize,
}
