//! The allocator behind every generation's table, which spreads the two
//! O(n) steps that migration alone cannot: setting up a new table and
//! freeing an old one.
//!
//! Both costs are paid per page, and they are the kernel's, not ours:
//! - hashbrown writes every control byte of a table as it allocates it, and
//!   on fresh memory each of those pages is a page fault. A table of 4M
//!   buckets faults 1,024 pages in one call, about 2 ms.
//! - Freeing a table hands every resident page back to the kernel at once:
//!   about 8 ms for an 86 MB table.
//!
//! So a large table's successor is allocated a few writes ahead of need (a
//! [`Block`]), and the pages its control bytes will occupy are faulted in a
//! few per write; at rotation, [`TableAlloc`] hands hashbrown that block,
//! and the memset runs over resident memory. A retired table is kept, empty,
//! while its data pages are released a slice per write with
//! `madvise(MADV_DONTNEED)`; freeing what is left is then cheap.
//!
//! Every byte still comes from the global allocator, so heap profilers (and
//! [`GenMap::heap_bytes`](crate::GenMap::heap_bytes)) see all of it. Pages
//! are only ever released inside a block this module owns and that no table
//! reads any more: the data region of an empty table, which hashbrown never
//! reads because every control byte says empty. Allocator metadata lives
//! outside the block, so the allocator finds its own bookkeeping intact.

use core::alloc::Layout;
use core::ptr::NonNull;
use std::sync::{Mutex, MutexGuard, PoisonError};

use allocator_api2::alloc::{AllocError, Allocator};

/// Tables smaller than this are allocated and freed at once: faulting or
/// freeing 256 pages costs well under a tenth of a millisecond. Miri runs
/// the page-by-page paths at small sizes.
pub(crate) const LARGE: usize = if cfg!(miri) { 512 } else { 1 << 20 };

/// The granule of faulting and releasing.
pub(crate) const PAGE: usize = if cfg!(miri) { 64 } else { 4096 };

/// Control pages a write faults into a prepared block: about 60 µs.
pub(crate) const PREFAULT_PAGES: usize = 32;

/// Bytes of a retired table a write releases, at the least. Writes also
/// release at least twice the bytes they migrate, so retiring keeps pace
/// with migration whatever the entry size.
pub(crate) const RELEASE_BYTES: usize = if cfg!(miri) { 256 } else { 256 << 10 };

/// An allocation made ahead of need, owned until a table takes it.
pub(crate) struct Block {
    ptr: NonNull<u8>,
    layout: Layout,
    /// The next offset to fault in; done at `layout.size()`.
    fault_next: usize,
}

// SAFETY: a `Block` owns its allocation exclusively and exposes no access to
// its bytes, so moving or sharing it between threads cannot race.
unsafe impl Send for Block {}
// SAFETY: as above; `&Block` only reads the pointer and layout.
unsafe impl Sync for Block {}

impl Block {
    /// Allocates `layout` from the global allocator; the bytes from
    /// `fault_from` on will be faulted in by [`Block::prefault`]. `None` if
    /// the allocation fails: the table's own allocation will then report it.
    pub(crate) fn new(layout: Layout, fault_from: usize) -> Option<Self> {
        if layout.size() == 0 {
            return None;
        }
        // SAFETY: the layout has a non-zero size.
        let ptr = NonNull::new(unsafe { std::alloc::alloc(layout) })?;
        Some(Self {
            ptr,
            layout,
            fault_next: fault_from.min(layout.size()),
        })
    }

    /// The layout this block was allocated with.
    pub(crate) fn layout(&self) -> Layout {
        self.layout
    }

    /// Faults in up to `pages` more pages; `true` once all are resident.
    pub(crate) fn prefault(&mut self, pages: usize) -> bool {
        let base = self.ptr.as_ptr() as usize;
        for _ in 0..pages {
            if self.fault_next >= self.layout.size() {
                break;
            }
            // SAFETY: `fault_next < size`, so the byte is inside the block,
            // which this `Block` owns and nothing else has seen; writing an
            // uninitialised byte of our own allocation is sound.
            unsafe { self.ptr.as_ptr().add(self.fault_next).write_volatile(0) };
            let next_page = ((base + self.fault_next) / PAGE + 1) * PAGE;
            self.fault_next = next_page - base;
        }
        self.fault_next >= self.layout.size()
    }

    /// Gives up ownership without freeing.
    fn into_raw(self) -> NonNull<u8> {
        let ptr = self.ptr;
        core::mem::forget(self);
        ptr
    }
}

impl Drop for Block {
    fn drop(&mut self) {
        // SAFETY: allocated by the global allocator with exactly this layout
        // in `Block::new`, and not handed to anyone (`into_raw` forgets).
        unsafe { std::alloc::dealloc(self.ptr.as_ptr(), self.layout) }
    }
}

/// The allocator of one table: the global allocator, plus a prepared block
/// to hand over and a record of the table's large block to release later.
///
/// Clones start with no state; blocks are freed with the global allocator
/// whichever clone frees them, as the `Allocator` contract requires.
#[derive(Default)]
pub(crate) struct TableAlloc {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Handed to the first allocation whose layout it matches exactly.
    prepared: Option<Block>,
    /// Whether an allocation took the prepared block.
    took_prepared: bool,
    /// The live large allocation, and how far into it pages are released.
    live: Option<Live>,
}

struct Live {
    ptr: NonNull<u8>,
    size: usize,
    released: usize,
}

// SAFETY: `State` refers to allocations its table owns; the pointers are
// only dereferenced (by `madvise`) by the owner of the table, through the
// mutex.
unsafe impl Send for State {}

impl Clone for TableAlloc {
    fn clone(&self) -> Self {
        Self::new()
    }
}

impl TableAlloc {
    pub(crate) const fn new() -> Self {
        Self {
            state: Mutex::new(State {
                prepared: None,
                took_prepared: false,
                live: None,
            }),
        }
    }

    /// An allocator whose first allocation takes `block` if the layouts
    /// match; otherwise the block is freed then.
    pub(crate) fn with_prepared(block: Option<Block>) -> Self {
        let alloc = Self::new();
        alloc.lock().prepared = block;
        alloc
    }

    /// Whether this table's allocation came from the prepared block.
    pub(crate) fn took_prepared(&self) -> bool {
        self.lock().took_prepared
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is consistent between statements, so a panic elsewhere
        // while it was locked leaves nothing to repair.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Releases up to `budget` more bytes of the first `data_len` bytes of
    /// this table's allocation back to the kernel; `true` once all are.
    ///
    /// The caller must own the table and guarantee it is empty and will not
    /// be written again: its data region is discarded, not preserved.
    pub(crate) fn release_data(&self, data_len: usize, budget: usize) -> bool {
        let mut state = self.lock();
        let Some(live) = state.live.as_mut() else {
            return true;
        };
        let end = data_len.min(live.size);
        if live.released >= end {
            return true;
        }
        let upto = end.min(live.released.saturating_add(budget));
        discard(live.ptr, live.released, upto);
        live.released = upto;
        upto >= end
    }
}

/// Returns the whole pages inside `[from, to)` of the block at `ptr` to
/// the kernel. Their contents are lost; the range stays mapped and reads
/// as zeros.
#[cfg(all(target_os = "linux", not(miri)))]
fn discard(ptr: NonNull<u8>, from: usize, to: usize) {
    let base = ptr.as_ptr() as usize;
    let start = (base + from).next_multiple_of(PAGE);
    let end = (base + to) / PAGE * PAGE;
    if end > start {
        // SAFETY: `[start, end)` lies inside the block, which belongs to an
        // empty table that nothing reads or writes any more, and whole pages
        // in it hold no allocator metadata. MADV_DONTNEED only drops those
        // pages' contents. Its failure is harmless: the pages are then
        // freed with the block.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED);
        }
    }
}

/// Elsewhere the pages are simply freed with the block.
#[cfg(not(all(target_os = "linux", not(miri))))]
fn discard(_ptr: NonNull<u8>, _from: usize, _to: usize) {}

// SAFETY: memory comes from the global allocator (directly, or through a
// `Block` that did), is returned with the layout it was allocated with, and
// stays valid until `deallocate`; clones free through the same global
// allocator, so any clone may free any block.
unsafe impl Allocator for TableAlloc {
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        let mut state = self.lock();
        let ptr = match state.prepared.take() {
            Some(block) if block.layout == layout => {
                state.took_prepared = true;
                block.into_raw()
            }
            stale => {
                // Free a block that does not fit before allocating, so the
                // two never coexist.
                drop(stale);
                if layout.size() == 0 {
                    // SAFETY: alignments are non-zero, so this is a non-null,
                    // suitably aligned dangling pointer, fine for zero bytes.
                    unsafe { NonNull::new_unchecked(layout.align() as *mut u8) }
                } else {
                    // SAFETY: the layout has a non-zero size.
                    NonNull::new(unsafe { std::alloc::alloc(layout) }).ok_or(AllocError)?
                }
            }
        };
        if layout.size() >= LARGE {
            state.live = Some(Live {
                ptr,
                size: layout.size(),
                released: 0,
            });
        }
        Ok(NonNull::slice_from_raw_parts(ptr, layout.size()))
    }

    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        let mut state = self.lock();
        if state.live.as_ref().is_some_and(|live| live.ptr == ptr) {
            state.live = None;
        }
        drop(state);
        if layout.size() != 0 {
            // SAFETY: the caller guarantees `ptr` came from `allocate` with
            // this layout, which allocated it from the global allocator with
            // this layout (directly or as a `Block`).
            unsafe { std::alloc::dealloc(ptr.as_ptr(), layout) }
        }
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
        let block = Block::new(wanted, LARGE).unwrap();
        let alloc = TableAlloc::with_prepared(Some(block));
        let ptr = alloc.allocate(wanted).unwrap();
        assert!(alloc.took_prepared());
        // SAFETY: allocated just above with `wanted`.
        unsafe { alloc.deallocate(ptr.cast(), wanted) };

        let stale = Block::new(layout(LARGE), 0).unwrap();
        let alloc = TableAlloc::with_prepared(Some(stale));
        let ptr = alloc.allocate(wanted).unwrap();
        assert!(!alloc.took_prepared());
        assert!(alloc.lock().prepared.is_none(), "a stale block is freed");
        // SAFETY: allocated just above with `wanted`.
        unsafe { alloc.deallocate(ptr.cast(), wanted) };
    }

    #[test]
    fn prefault_touches_every_page_from_the_offset_to_the_end() {
        let size = PAGE * 10 + 3;
        let paged = Layout::from_size_align(size, PAGE).unwrap();
        let mut block = Block::new(paged, PAGE * 4 + 5).unwrap();
        let mut calls = 0;
        while !block.prefault(2) {
            calls += 1;
            assert!(calls < 10, "prefault does not finish");
        }
        // Seven pages or part-pages from the offset to the end: four calls
        // of two, the last finishing.
        assert_eq!(calls, 3);
        assert!(block.prefault(2), "stays done");
    }

    #[test]
    fn release_walks_the_data_region_in_budgeted_steps() {
        let wanted = layout(LARGE * 4);
        let alloc = TableAlloc::new();
        let ptr = alloc.allocate(wanted).unwrap();
        let data_len = LARGE * 3;
        let mut steps = 1;
        while !alloc.release_data(data_len, LARGE) {
            steps += 1;
        }
        assert_eq!(steps, 3);
        // SAFETY: allocated above with `wanted`.
        unsafe { alloc.deallocate(ptr.cast(), wanted) };
        assert!(alloc.lock().live.is_none());
        assert!(
            alloc.release_data(data_len, LARGE),
            "nothing left to release"
        );
    }

    #[test]
    fn small_and_zero_sized_allocations_are_plain() {
        let alloc = TableAlloc::new();
        for size in [0, 8, LARGE - 1] {
            let ptr = alloc.allocate(layout(size)).unwrap();
            assert_eq!(ptr.len(), size);
            assert!(alloc.lock().live.is_none());
            // SAFETY: allocated just above with this layout.
            unsafe { alloc.deallocate(ptr.cast(), layout(size)) };
        }
    }
}
