#![doc = include_str!("../README.md")]
//!
//! A model test wraps every call on the map under test in [`counted`], and
//! nothing else: then [`counted_bytes`] is what the map holds, measured by
//! the allocator rather than by the map, and `heap_bytes()` can be checked
//! against it after every step, whatever else the test allocates.
#![warn(missing_docs)]

use core::cell::Cell;
use std::alloc::{GlobalAlloc, Layout, System};

thread_local! {
    /// Whether this thread is inside [`counted`].
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    /// Bytes allocated minus bytes freed inside [`counted`] on this thread.
    static BYTES: Cell<isize> = const { Cell::new(0) };
}

/// The system allocator, counting what the current thread allocates and
/// frees inside [`counted`]. Install it with `#[global_allocator]` in the
/// test binary that uses [`counted_bytes`].
#[derive(Debug, Clone, Copy, Default)]
pub struct CountingAlloc;

/// Adds `delta` bytes to this thread's count if it is counting. The cells
/// are const-initialized and have no destructor, so they are usable at any
/// point of a thread's life, teardown included, and touching them never
/// allocates.
fn record(delta: isize) {
    if COUNTING.with(Cell::get) {
        BYTES.with(|bytes| bytes.set(bytes.get() + delta));
    }
}

// SAFETY: every call is forwarded unchanged to `System`, which upholds the
// `GlobalAlloc` contract; the counting on the side never allocates.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            record(layout.size() as isize);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc_zeroed`'s contract.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            record(layout.size() as isize);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller upholds `GlobalAlloc::dealloc`'s contract.
        unsafe { System.dealloc(ptr, layout) };
        record(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::realloc`'s contract.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            record(new_size as isize - layout.size() as isize);
        }
        new
    }
}

/// Runs `f`, counting the bytes it allocates and frees on this thread.
/// Nested calls count once; the count carries on across calls.
pub fn counted<R>(f: impl FnOnce() -> R) -> R {
    counting(true, f)
}

/// Runs `f` without counting, even inside [`counted`]: for what a counted
/// call does that is not the map's, such as the message and backtrace of a
/// panic a test provokes inside it.
pub fn uncounted<R>(f: impl FnOnce() -> R) -> R {
    counting(false, f)
}

fn counting<R>(on: bool, f: impl FnOnce() -> R) -> R {
    /// Restores the previous state on the way out, unwinding or not.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            COUNTING.with(|counting| counting.set(self.0));
        }
    }
    let _restore = Restore(COUNTING.with(|counting| counting.replace(on)));
    f()
}

/// Bytes allocated minus bytes freed inside [`counted`] on this thread so
/// far. Negative when a counted call freed memory allocated outside one:
/// a test that leaves part of the map's life uncounted.
pub fn counted_bytes() -> isize {
    BYTES.with(Cell::get)
}

/// Panics unless [`CountingAlloc`] is the global allocator: without it,
/// every count stays at zero and a check against an empty map would pass.
pub fn assert_installed() {
    let before = counted_bytes();
    let probe = counted(|| std::hint::black_box(Box::new([0u8; 64])));
    let after = counted_bytes();
    counted(|| drop(probe));
    assert_eq!(
        after - before,
        64,
        "map_testkit::counting::CountingAlloc is not the global allocator"
    );
}
