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
/// ```text
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Allocates, writes, grows, shrinks and frees through the allocator,
    /// checking the contents survive each step.
    fn exercise() {
        let layout = Layout::from_size_align(64, 16).expect("valid layout");
        // SAFETY: `layout` has a non-zero size; every pointer is checked for
        // null, used within its current size, and freed once with the
        // layout it was last given.
        unsafe {
            let ptr = SwitchAlloc.alloc(layout);
            assert!(!ptr.is_null());
            ptr.write_bytes(0xAB, 64);
            let grown = SwitchAlloc.realloc(ptr, layout, 4096);
            assert!(!grown.is_null());
            assert_eq!(*grown.add(63), 0xAB);
            let grown_layout = Layout::from_size_align(4096, 16).expect("valid layout");
            let shrunk = SwitchAlloc.realloc(grown, grown_layout, 32);
            assert!(!shrunk.is_null());
            assert_eq!(*shrunk.add(31), 0xAB);
            SwitchAlloc.dealloc(
                shrunk,
                Layout::from_size_align(32, 16).expect("valid layout"),
            );
            let zeroed = SwitchAlloc.alloc_zeroed(layout);
            assert!(!zeroed.is_null());
            assert!((0..64).all(|i| *zeroed.add(i) == 0));
            SwitchAlloc.dealloc(zeroed, layout);
        }
    }

    #[test]
    fn forwards_before_and_after_the_switch() {
        exercise();
        // A block from before the switch is freed after it, as happens in a
        // child process.
        let layout = Layout::from_size_align(128, 8).expect("valid layout");
        // SAFETY: non-zero size; freed once with its layout.
        let early = unsafe { SwitchAlloc.alloc(layout) };
        assert!(!early.is_null());
        SwitchAlloc::enable_dhat();
        exercise();
        // SAFETY: `early` came from this allocator with `layout`.
        unsafe { SwitchAlloc.dealloc(early, layout) };
    }
}
