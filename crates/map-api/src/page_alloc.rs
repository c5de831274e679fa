//! An allocator for large hash tables: the global allocator, plus
//! huge-page alignment and `MADV_HUGEPAGE` for blocks of 4 MiB and more.
//!
//! Giving memory back means taking fresh memory again. Every shrink or
//! compaction allocates a new, smaller table, and on Linux each 4 KiB page
//! of it is a page fault the first time it is written. Measured on the seed
//! workload (1M `u64` entries, a virtual machine), moving an entry into a
//! freshly allocated table cost 34 ns, and 7 ns into one whose pages were
//! already resident: the faults were most of a shrink's cost. Transparent
//! huge pages turn 512 faults into one and, as a side effect, spare the TLB
//! on every random probe into a large table. The kernel backs a huge page
//! only over a whole, aligned 2 MiB range, so large blocks are also aligned
//! to 2 MiB; otherwise an 18 MB table starts and ends in partial huge pages
//! of ordinary ones.
//!
//! Huge pages have a cost too, and it grows with the block: measured on
//! the same machine, a hashbrown table of 4M buckets of 40-byte entries
//! (170 MB) resized in 300 ms when advised against 100 ms when not, and a
//! shrink of it paused for 190–230 ms against 80 ms. So this allocator
//! suits tables of tens of megabytes that are reallocated often, such as
//! slab-map's index of 4-byte slots, and not a table of whole entries,
//! which is why shrink-map and gen-map do not use it.
//!
//! Every byte still comes from the global allocator, with the size the
//! caller asked for, so heap profilers and `heap_bytes()` see exactly the
//! same blocks. The advice is only advice: where transparent huge pages are
//! off, or on other systems, [`PageAlloc`] is the global allocator with a
//! larger alignment for large blocks.
//!
//! ```
//! use map_api::page_alloc::PageAlloc;
//!
//! let mut table = hashbrown::HashTable::new_in(PageAlloc);
//! table.insert_unique(7, 7u64, |&v| v);
//! assert_eq!(table.find(7, |&v| v == 7), Some(&7));
//! ```

use core::alloc::Layout;
use core::ptr::NonNull;

use allocator_api2::alloc::{AllocError, Allocator};

/// Tables from this size on are aligned to a huge page and advised to use
/// huge pages. The kernel backs huge pages only over whole, aligned 2 MiB
/// ranges; smaller tables would gain little and waste more alignment.
///
/// Miri takes the aligned path from 4 KiB, so that its tests reach it.
const HUGE_FROM: usize = if cfg!(miri) { 4 << 10 } else { 4 << 20 };

/// The size and alignment of a transparent huge page on x86-64 and the
/// common aarch64 configuration.
const HUGE_PAGE: usize = 2 << 20;

/// The global allocator, plus huge-page alignment and `MADV_HUGEPAGE` for
/// blocks of 4 MiB and more. See the [module docs](self) for why.
///
/// Alignment matters as much as the advice: an unaligned 18 MB table starts
/// and ends in partial huge pages, up to 1,022 ordinary pages whose faults
/// cost more than the rest of the table's.
#[derive(Clone, Copy, Debug, Default)]
pub struct PageAlloc;

impl PageAlloc {
    /// The layout asked of the global allocator for a table of `layout`:
    /// the same size, with a huge page's alignment if the table is large.
    /// A pure function of `layout`, so that `deallocate` finds the layout
    /// `allocate` used.
    fn global_layout(layout: Layout) -> Layout {
        if layout.size() >= HUGE_FROM && layout.align() < HUGE_PAGE {
            // A size this far below `isize::MAX` stays valid when padded to
            // a 2 MiB alignment, so this cannot fail.
            Layout::from_size_align(layout.size(), HUGE_PAGE).unwrap_or(layout)
        } else {
            layout
        }
    }
}

/// Allocates `layout` from the global allocator with
/// [`PageAlloc::global_layout`], advising huge pages if `advise` and the
/// block is large.
fn allocate_block(layout: Layout, advise: bool) -> Result<NonNull<[u8]>, AllocError> {
    if layout.size() == 0 {
        // An aligned dangling pointer is a valid empty block.
        let dangling = core::ptr::without_provenance_mut::<u8>(layout.align());
        let ptr = NonNull::new(dangling).ok_or(AllocError)?;
        return Ok(NonNull::slice_from_raw_parts(ptr, 0));
    }
    let global = PageAlloc::global_layout(layout);
    // SAFETY: the layout has a non-zero size.
    let ptr = NonNull::new(unsafe { std::alloc::alloc(global) }).ok_or(AllocError)?;
    if advise && layout.size() >= HUGE_FROM {
        advise_huge_pages(ptr, layout.size());
    }
    Ok(NonNull::slice_from_raw_parts(ptr, layout.size()))
}

/// Frees a block [`allocate_block`] returned for `layout`.
///
/// # Safety
///
/// `ptr` must have come from [`allocate_block`] with this `layout`, and not have
/// been freed since.
unsafe fn free_block(ptr: NonNull<u8>, layout: Layout) {
    if layout.size() != 0 {
        // SAFETY: non-empty blocks came from the global allocator with
        // `global_layout(layout)`, which does not depend on the advice.
        unsafe { std::alloc::dealloc(ptr.as_ptr(), PageAlloc::global_layout(layout)) }
    }
}

// SAFETY: empty blocks are aligned dangling pointers that are never
// freed. Every other block comes from the global allocator with
// `global_layout(layout)`, which is at least as aligned as `layout` and of
// the same size, and goes back to it with that same layout; the advice
// changes how pages are backed, never what they hold or where they are.
unsafe impl Allocator for PageAlloc {
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        allocate_block(layout, true)
    }

    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: the caller passes a block `allocate` returned for `layout`.
        unsafe { free_block(ptr, layout) }
    }
}

/// Asks for transparent huge pages over the whole, aligned 2 MiB pages of
/// the block. Only advice: the kernel may ignore it.
#[cfg(all(target_os = "linux", not(miri)))]
fn advise_huge_pages(ptr: NonNull<u8>, bytes: usize) {
    let start = ptr.addr().get().next_multiple_of(HUGE_PAGE);
    let end = (ptr.addr().get() + bytes) & !(HUGE_PAGE - 1);
    if start < end {
        // SAFETY: `start..end` lies inside the block just allocated, which
        // nothing else references yet; the advice never changes contents.
        unsafe {
            libc::madvise(
                ptr.as_ptr().with_addr(start).cast::<libc::c_void>(),
                end - start,
                libc::MADV_HUGEPAGE,
            );
        }
    }
}

#[cfg(not(all(target_os = "linux", not(miri))))]
fn advise_huge_pages(_ptr: NonNull<u8>, _bytes: usize) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(layout: Layout) -> usize {
        let block = PageAlloc.allocate(layout).expect("allocation");
        assert_eq!(block.len(), layout.size());
        let ptr = block.cast::<u8>();
        assert_eq!(ptr.addr().get() % layout.align(), 0);
        if layout.size() != 0 {
            // SAFETY: the block is `layout.size()` writable bytes.
            unsafe {
                ptr.write(7);
                ptr.add(layout.size() - 1).write(9);
                assert_eq!(ptr.read() + ptr.add(layout.size() - 1).read(), 16);
            }
        }
        // SAFETY: the block was allocated just above with `layout`.
        unsafe { PageAlloc.deallocate(ptr, layout) };
        ptr.addr().get()
    }

    #[test]
    fn small_blocks_keep_their_layout() {
        assert_eq!(
            PageAlloc::global_layout(Layout::new::<u64>()),
            Layout::new::<u64>()
        );
        round_trip(Layout::from_size_align(4096, 16).unwrap());
        round_trip(Layout::from_size_align(0, 16).unwrap());
    }

    #[test]
    fn large_blocks_are_huge_page_aligned() {
        let layout = Layout::from_size_align(HUGE_FROM + 17, 16).unwrap();
        let global = PageAlloc::global_layout(layout);
        assert_eq!((global.size(), global.align()), (layout.size(), HUGE_PAGE));
        assert_eq!(round_trip(layout) % HUGE_PAGE, 0);
    }

    #[test]
    fn tables_grow_and_shrink_through_it() {
        // Enough entries for tables on both sides of `HUGE_FROM` under Miri.
        let n: u64 = if cfg!(miri) { 600 } else { 400_000 };
        let hash = |&k: &u64| k.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut table = hashbrown::HashTable::new_in(PageAlloc);
        for k in 0..n {
            table.insert_unique(hash(&k), k, hash);
        }
        assert!(table.allocation_size() >= HUGE_FROM);
        for k in 0..n - 10 {
            let found = table.find_entry(hash(&k), |&v| v == k).expect("present");
            found.remove();
        }
        table.shrink_to_fit(hash);
        assert!(table.allocation_size() < HUGE_FROM);
        let mut rest: Vec<u64> = table.iter().copied().collect();
        rest.sort_unstable();
        assert_eq!(rest, (n - 10..n).collect::<Vec<_>>());
    }
}
