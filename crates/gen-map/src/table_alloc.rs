//! The allocator behind every generation's table, and the blocks it hands
//! over and takes back: how the map spreads the two O(n) steps that
//! migration alone cannot, setting up a new table and freeing an old one.
//!
//! Both costs are paid per page, and they are the kernel's, not ours:
//! - every page of a fresh allocation is a page fault the first time it is
//!   written: hashbrown's memset of the control bytes when the table is
//!   created, then the entries as they arrive. A batch of migrated entries
//!   lands on as many fresh pages, and on a virtual machine a fault costs
//!   microseconds.
//! - freeing a table hands every resident page back to the kernel at once,
//!   and then the page tables that mapped them.
//!
//! So a large table's successor is allocated ahead of need as a [`Block`],
//! and its pages are faulted in a few per write, in address order, so the
//! control bytes come last and are still in cache for hashbrown's memset.
//! At rotation, [`TableAlloc`] hands hashbrown that block. A retired table
//! gives its allocation back as a [`Block`] ([`retire_table`]); its pages,
//! and the page tables under them, are released a slice per write with
//! `madvise(MADV_DONTNEED)`, and freeing what is left is then cheap.
//!
//! Every byte still comes from the global allocator, so heap profilers (and
//! [`GenMap::heap_bytes`](crate::GenMap::heap_bytes)) see all of it. Pages
//! are only ever released inside a block this module owns and whose bytes
//! nothing reads: a block is either waiting for a table (nothing in it is
//! initialised yet) or taken back from an empty table that no longer exists.
//! Only whole pages inside the block are released; the allocator's own
//! bookkeeping lies outside it.

use core::alloc::Layout;
use core::cell::Cell;
use core::mem;
use core::ptr::NonNull;

use allocator_api2::alloc::{AllocError, Allocator};
use hashbrown::HashTable;

/// Tables smaller than this are allocated and freed at once: faulting or
/// freeing 256 pages costs well under a tenth of a millisecond. Miri runs
/// the page-by-page paths at small sizes.
pub(crate) const LARGE: usize = if cfg!(miri) { 512 } else { 1 << 20 };

/// The granule of faulting and releasing.
pub(crate) const PAGE: usize = if cfg!(miri) { 64 } else { 4096 };

/// Pages a write faults into a prepared block: on the project's VM a fault
/// costs 1-4 µs, so this keeps a write's share near 10-30 µs.
pub(crate) const PREFAULT_PAGES: usize = 8;

/// Bytes of a retiring block a write releases, at the least (64 pages).
/// Writes also release at least twice the bytes they migrate, so
/// retiring keeps pace with migration whatever the entry size.
pub(crate) const RELEASE_BYTES: usize = if cfg!(miri) { 256 } else { 256 << 10 };

/// The memory one last-level page table maps on x86-64 and aarch64 with
/// 4 KiB pages. Releasing a whole aligned span of it at once lets the
/// kernel free that page table too (Linux's `PT_RECLAIM`), so the final
/// free has no empty page tables left to walk: measured on the project's
/// VM, unmapping a released 172 MB block took 160-340 µs with its page
/// tables and 30-60 µs without.
const RECLAIM_SPAN: usize = if cfg!(miri) { 512 } else { 2 << 20 };

/// An allocation owned by the map outside any table: the next
/// generation's, faulted in ahead of need, or a retired one's, being
/// released. Nothing reads its bytes.
pub(crate) struct Block {
    ptr: NonNull<u8>,
    layout: Layout,
    /// The next offset to fault in; done at `layout.size()`. Nothing past
    /// it was ever written, so nothing past it is resident.
    faulted: usize,
    /// The offset up to which pages are released; at most `faulted`.
    released: usize,
}

// SAFETY: a `Block` owns its allocation exclusively and exposes no access to
// its bytes, so moving or sharing it between threads cannot race.
unsafe impl Send for Block {}
// SAFETY: as above; `&Block` only reads the pointer and offsets.
unsafe impl Sync for Block {}

impl Block {
    /// Allocates `layout` from the global allocator, for
    /// [`prefault`](Block::prefault) to fault in. `None` if the allocation
    /// fails: the table's own allocation will then report it.
    pub(crate) fn new(layout: Layout) -> Option<Self> {
        if layout.size() == 0 {
            return None;
        }
        // SAFETY: the layout has a non-zero size.
        let ptr = NonNull::new(unsafe { std::alloc::alloc(layout) })?;
        Some(Self {
            ptr,
            layout,
            faulted: 0,
            released: 0,
        })
    }

    /// The layout this block was allocated with.
    pub(crate) fn layout(&self) -> Layout {
        self.layout
    }

    /// Bytes that may be resident and are not yet released.
    pub(crate) fn unreleased(&self) -> usize {
        self.faulted - self.released
    }

    /// Faults in up to `pages` more pages, in address order; `true` once
    /// all are resident.
    pub(crate) fn prefault(&mut self, pages: usize) -> bool {
        let base = self.ptr.as_ptr() as usize;
        for _ in 0..pages {
            if self.faulted >= self.layout.size() {
                break;
            }
            // SAFETY: `faulted < size`, so the byte is inside the block,
            // which this `Block` owns and nothing else has seen; writing an
            // uninitialised byte of our own allocation is sound.
            unsafe { self.ptr.as_ptr().add(self.faulted).write_volatile(0) };
            let next_page = ((base + self.faulted) / PAGE + 1) * PAGE;
            self.faulted = (next_page - base).min(self.layout.size());
        }
        self.faulted >= self.layout.size()
    }

    /// Releases up to `budget` more bytes of the block's pages back to the
    /// kernel, in address order; `true` once every page that may be
    /// resident is.
    ///
    /// A block's bytes are never read, so losing them is harmless. A
    /// prepared block that is released is not handed to a table
    /// afterwards: [`Generations`](crate::generations) only releases
    /// blocks it has given up.
    pub(crate) fn release(&mut self, budget: usize) -> bool {
        let end = self.faulted;
        let from = self.released;
        let to = end.min(from.saturating_add(budget.max(1)));
        let base = self.ptr.as_ptr() as usize;
        // SAFETY: `[from, to)` lies inside the block, which this `Block`
        // owns exclusively and whose bytes nothing reads (see the type's
        // invariant).
        unsafe { discard(self.ptr, from, to) };
        // Page tables: every aligned span that this step completed is
        // released again as a whole, now that all its pages are gone, so
        // the kernel can free the page table that mapped it.
        let first = (base + from) / RECLAIM_SPAN;
        let last = (base + to) / RECLAIM_SPAN;
        for span in first..last {
            let start = span * RECLAIM_SPAN;
            if start >= base {
                // SAFETY: the span `[start, start + RECLAIM_SPAN)` ends at
                // or before `base + to` and starts at or after `base`, so it
                // lies inside the block, owned as above.
                unsafe { discard(self.ptr, start - base, start - base + RECLAIM_SPAN) };
            }
        }
        self.released = to;
        to >= end
    }

    /// Gives up ownership without freeing.
    fn into_raw(self) -> NonNull<u8> {
        let ptr = self.ptr;
        mem::forget(self);
        ptr
    }
}

impl Drop for Block {
    fn drop(&mut self) {
        // SAFETY: allocated by the global allocator with exactly this layout
        // (in `Block::new`, or by `TableAlloc::allocate` for a block taken
        // back from a table), and not handed to anyone (`into_raw` forgets).
        unsafe { std::alloc::dealloc(self.ptr.as_ptr(), self.layout) }
    }
}

/// Returns the whole pages inside `[from, to)` of the block at `ptr` to
/// the kernel. Their contents are lost; the range stays mapped and reads
/// as zeros.
///
/// # Safety
///
/// `[from, to)` must lie inside an allocation the caller owns exclusively,
/// and nothing may read the bytes in it as anything but zeros afterwards:
/// no live object may be stored there. `MADV_DONTNEED` zeroes the pages
/// under any reference into them.
#[cfg(all(target_os = "linux", not(miri)))]
unsafe fn discard(ptr: NonNull<u8>, from: usize, to: usize) {
    let base = ptr.as_ptr() as usize;
    let start = (base + from).next_multiple_of(PAGE);
    let end = (base + to) / PAGE * PAGE;
    if end > start {
        // SAFETY: `[start, end)` is made of whole pages inside `[from, to)`,
        // which the caller owns and will not read (this function's
        // contract); whole pages inside an allocation hold none of the
        // allocator's metadata. MADV_DONTNEED only drops those pages'
        // contents. Its failure is harmless: the pages are then freed with
        // the allocation.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED);
        }
    }
}

/// Elsewhere the pages are simply freed with the allocation.
///
/// # Safety
///
/// As on Linux: the range must be the caller's, and unread.
#[cfg(not(all(target_os = "linux", not(miri))))]
unsafe fn discard(_ptr: NonNull<u8>, _from: usize, _to: usize) {}

/// What the map is about to hand to, or take from, the allocator of one
/// table, on this thread. The allocator holds no state of its own: state
/// inside it would be interior mutability (the `Allocator` trait takes
/// `&self`) inline in every map, which makes `&GenMap` no longer
/// read-only to the optimiser, so a loop of lookups reloads the table's
/// fields and the hasher's keys from the map on every iteration (measured
/// with callgrind: 46 instructions per hit against hashbrown's 37).
///
/// Invariant: the slot is `Idle` outside [`offering`] and
/// [`retire_table`], which set it, run only hashbrown code that allocates
/// or frees the one table concerned (no user code: the table is empty),
/// and reset it before they return.
enum Handover {
    Idle,
    /// A prepared block, for the next allocation of exactly its layout.
    Offer(Block),
    /// An allocation took the offered block.
    Took,
    /// The next large deallocation is to be kept, not freed.
    Catch,
    /// What that deallocation handed back.
    Caught(NonNull<u8>, Layout),
}

thread_local! {
    static HANDOVER: Cell<Handover> = const { Cell::new(Handover::Idle) };
}

/// Puts `state` in this thread's slot, returning what was there. During
/// thread teardown, once the slot is gone, reads as `Idle`: the allocator
/// then allocates and frees plainly (a `Catch` or `Offer` could not have
/// been set either, so nothing is lost).
fn handover(state: Handover) -> Handover {
    HANDOVER
        .try_with(|slot| slot.replace(state))
        .unwrap_or(Handover::Idle)
}

/// Runs `allocate`, which creates one table, with `block` offered to its
/// allocation; returns what `allocate` returned, and whether it took the
/// block. A block that was not taken is freed.
pub(crate) fn offering<R>(block: Option<Block>, allocate: impl FnOnce() -> R) -> (R, bool) {
    let Some(block) = block else {
        return (allocate(), false);
    };
    drop(handover(Handover::Offer(block)));
    let result = allocate();
    // Anything but `Took` is the block, untaken (freed here), or `Idle`.
    let took = matches!(handover(Handover::Idle), Handover::Took);
    (result, took)
}

/// Takes back the allocation of an empty table, as a [`Block`] the map
/// releases page by page, if it is a large one; a small table, or one that
/// still holds entries, is simply dropped.
pub(crate) fn retire_table<T>(table: HashTable<T, TableAlloc>) -> Option<Block> {
    if !table.is_empty() || table.allocation_size() < LARGE {
        drop(table);
        return None;
    }
    let size = table.allocation_size();
    drop(handover(Handover::Catch));
    // The table is empty, so dropping it drops no entry and runs no user
    // code; its one deallocation, of its whole allocation, is caught.
    drop(table);
    match handover(Handover::Idle) {
        Handover::Caught(ptr, layout) => {
            debug_assert_eq!(layout.size(), size);
            Some(Block {
                ptr,
                layout,
                faulted: layout.size(),
                released: 0,
            })
        }
        _ => None,
    }
}

/// The allocator of every table: the global allocator, except that a
/// table's large allocation may take the block [`offering`] offers, and a
/// large deallocation inside [`retire_table`] is kept as a block instead
/// of freed.
///
/// It holds no state (see [`Handover`]): any instance may free any
/// allocation, with the global allocator, as the `Allocator` contract
/// requires of clones.
#[derive(Clone, Copy, Default, Debug)]
pub(crate) struct TableAlloc;

impl TableAlloc {
    pub(crate) const fn new() -> Self {
        Self
    }
}

// SAFETY: memory comes from the global allocator (directly, or through a
// `Block` that did), is returned with the layout it was allocated with, and
// stays valid until `deallocate`; a deallocation caught by `retire_table`
// is not freed but owned by the `Block` made from it, which frees it with
// the same layout. Every instance frees through the global allocator, so
// any may free any block.
unsafe impl Allocator for TableAlloc {
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        if layout.size() == 0 {
            // SAFETY: alignments are non-zero, so this is a non-null,
            // suitably aligned dangling pointer, fine for zero bytes.
            let ptr = unsafe { NonNull::new_unchecked(layout.align() as *mut u8) };
            return Ok(NonNull::slice_from_raw_parts(ptr, 0));
        }
        if layout.size() >= LARGE {
            match handover(Handover::Idle) {
                Handover::Offer(block) if block.layout == layout => {
                    drop(handover(Handover::Took));
                    let ptr = block.into_raw();
                    return Ok(NonNull::slice_from_raw_parts(ptr, layout.size()));
                }
                // A block that does not fit is freed before allocating, so
                // the two never coexist. `Generations` offers only blocks
                // that match, so this is a fallback.
                Handover::Offer(stale) => drop(stale),
                // Not ours to change: put it back.
                other => drop(handover(other)),
            }
        }
        // SAFETY: the layout has a non-zero size.
        let ptr = NonNull::new(unsafe { std::alloc::alloc(layout) }).ok_or(AllocError)?;
        Ok(NonNull::slice_from_raw_parts(ptr, layout.size()))
    }

    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        if layout.size() == 0 {
            return;
        }
        if layout.size() >= LARGE {
            match handover(Handover::Idle) {
                // Kept: `retire_table` makes it a `Block`.
                Handover::Catch => {
                    drop(handover(Handover::Caught(ptr, layout)));
                    return;
                }
                other => drop(handover(other)),
            }
        }
        // SAFETY: the caller guarantees `ptr` came from `allocate` with
        // this layout, which allocated it from the global allocator with
        // this layout (directly or as a `Block`).
        unsafe { std::alloc::dealloc(ptr.as_ptr(), layout) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(size: usize) -> Layout {
        Layout::from_size_align(size, 16).unwrap()
    }

    #[test]
    fn prepared_block_is_handed_over_only_on_an_exact_match() {
        let wanted = layout(LARGE * 2);
        let block = Block::new(wanted).unwrap();
        let expected = block.ptr;
        let (ptr, took) = offering(Some(block), || TableAlloc.allocate(wanted).unwrap());
        assert!(took);
        assert_eq!(ptr.cast::<u8>(), expected);
        // SAFETY: allocated just above with `wanted`.
        unsafe { TableAlloc.deallocate(ptr.cast(), wanted) };

        let stale = Block::new(layout(LARGE)).unwrap();
        let (ptr, took) = offering(Some(stale), || TableAlloc.allocate(wanted).unwrap());
        assert!(!took);
        assert!(
            matches!(handover(Handover::Idle), Handover::Idle),
            "a stale block is freed, and the slot left idle"
        );
        // SAFETY: allocated just above with `wanted`.
        unsafe { TableAlloc.deallocate(ptr.cast(), wanted) };
    }

    #[test]
    fn prefault_touches_every_page_to_the_end() {
        let size = PAGE * 10 + 3;
        let paged = Layout::from_size_align(size, PAGE).unwrap();
        let mut block = Block::new(paged).unwrap();
        let mut calls = 0;
        while !block.prefault(2) {
            calls += 1;
            assert!(calls < 10, "prefault does not finish");
        }
        // Eleven pages or part-pages: five calls of two, the sixth finishing.
        assert_eq!(calls, 5);
        assert!(block.prefault(2), "stays done");
    }

    #[test]
    fn release_walks_the_block_in_budgeted_steps() {
        let mut block = Block::new(layout(LARGE * 4)).unwrap();
        assert!(block.prefault(usize::MAX));
        let mut steps = 1;
        while !block.release(LARGE) {
            steps += 1;
            assert_eq!(block.unreleased(), LARGE * (4 - steps + 1));
        }
        assert_eq!(steps, 4);
        assert_eq!(block.unreleased(), 0);
        assert!(block.release(LARGE), "nothing left to release");
    }

    #[test]
    fn an_empty_large_table_gives_its_allocation_back() {
        let hash = |x: &u64| *x;
        let mut full: HashTable<u64, TableAlloc> =
            HashTable::with_capacity_in(LARGE, TableAlloc::new());
        full.insert_unique(1, 1, hash);
        let size = full.allocation_size();
        assert!(size >= LARGE);
        assert!(
            retire_table(full).is_none(),
            "a table with entries is dropped"
        );

        let mut emptied: HashTable<u64, TableAlloc> =
            HashTable::with_capacity_in(LARGE, TableAlloc::new());
        emptied.insert_unique(1, 1, hash);
        assert!(emptied.find_entry(1, |&x| x == 1).unwrap().remove().0 == 1);
        let mut block = retire_table(emptied).expect("a large empty table");
        assert_eq!(block.layout().size(), size);
        while !block.release(LARGE) {}
        drop(block);

        let small: HashTable<u64, TableAlloc> = HashTable::with_capacity_in(4, TableAlloc::new());
        assert!(retire_table(small).is_none(), "a small table is dropped");
    }

    #[test]
    fn small_and_zero_sized_allocations_are_plain() {
        for size in [0, 8, LARGE - 1] {
            let block = Block::new(layout(LARGE)).unwrap();
            let (ptr, took) = offering(Some(block), || TableAlloc.allocate(layout(size)).unwrap());
            assert_eq!(ptr.len(), size);
            assert!(!took, "only a large allocation takes a block");
            // SAFETY: allocated just above with this layout.
            unsafe { TableAlloc.deallocate(ptr.cast(), layout(size)) };
        }
        assert!(matches!(handover(Handover::Idle), Handover::Idle));
    }
}
