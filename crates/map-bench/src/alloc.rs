use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once, before a child process measures anything, and never cleared.
static DHAT_ENABLED: AtomicBool = AtomicBool::new(false);

/// A global allocator that is the system allocator until
/// [`enable_dhat`](SwitchAlloc::enable_dhat) is called, and dhat's after.
///
/// dhat's allocator takes a lock on every allocation even while no
/// profiler runs. A binary that both times operations and, in child
/// processes, counts bytes should pay for dhat only in the children that
/// count, so it installs this instead:
///
/// ```ignore
/// #[global_allocator]
/// static ALLOC: map_bench::SwitchAlloc = map_bench::SwitchAlloc;
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct SwitchAlloc;

impl SwitchAlloc {
    /// Routes every later allocation through dhat. Blocks allocated before
    /// the switch are freed through dhat too, which ignores blocks it never
    /// saw and hands them to the system allocator, so the switch is safe at
    /// any time; it is meant for the start of a child process.
    pub fn enable_dhat() {
        DHAT_ENABLED.store(true, Ordering::SeqCst);
    }

    fn dhat() -> bool {
        DHAT_ENABLED.load(Ordering::Relaxed)
    }
}

// SAFETY: every method forwards to either `System` or `dhat::Alloc`, both
// sound global allocators. Mixing them is sound because dhat's allocator
// allocates and frees through `System` itself and only adds bookkeeping,
// which tolerates frees of blocks it did not record.
unsafe impl GlobalAlloc for SwitchAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if Self::dhat() {
            // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
            unsafe { dhat::Alloc.alloc(layout) }
        } else {
            // SAFETY: as above.
            unsafe { System.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if Self::dhat() {
            // SAFETY: the caller upholds `GlobalAlloc::alloc_zeroed`'s contract.
            unsafe { dhat::Alloc.alloc_zeroed(layout) }
        } else {
            // SAFETY: as above.
            unsafe { System.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if Self::dhat() {
            // SAFETY: `ptr` came from this allocator, hence from `System`
            // directly or through dhat, and dhat frees through `System`.
            unsafe { dhat::Alloc.dealloc(ptr, layout) }
        } else {
            // SAFETY: as above; before the switch every block is `System`'s.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if Self::dhat() {
            // SAFETY: as for `dealloc`; the caller upholds `realloc`'s contract.
            unsafe { dhat::Alloc.realloc(ptr, layout, new_size) }
        } else {
            // SAFETY: as above.
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }
}
