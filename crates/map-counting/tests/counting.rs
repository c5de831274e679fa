//! The counting allocator counts what the wrapped calls allocate and free,
//! and nothing else.

use map_counting::{CountingAlloc, assert_installed, counted, counted_bytes, uncounted};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

#[test]
fn counts_only_inside_counted() {
    assert_installed();
    let start = counted_bytes();
    let outside: Vec<u64> = Vec::with_capacity(100);
    assert_eq!(counted_bytes(), start);
    let mut inside: Vec<u64> = counted(|| Vec::with_capacity(10));
    assert_eq!(counted_bytes() - start, 80);
    counted(|| inside.reserve_exact(20));
    assert_eq!(counted_bytes() - start, 160);
    counted(|| drop(inside));
    assert_eq!(counted_bytes(), start);
    // Inside a counted call, an uncounted one is not counted.
    let aside = counted(|| uncounted(|| std::hint::black_box(vec![0u8; 50])));
    assert_eq!(counted_bytes(), start);
    drop(aside);
    // Freeing what was allocated outside shows up as a negative count.
    counted(|| drop(outside));
    assert_eq!(counted_bytes() - start, -800);
}

#[test]
fn each_thread_counts_its_own() {
    let start = counted_bytes();
    let theirs = std::thread::spawn(|| {
        let bytes = counted(|| std::hint::black_box(vec![0u8; 1000]));
        let count = counted_bytes();
        counted(|| drop(bytes));
        count
    })
    .join()
    .unwrap();
    assert_eq!(theirs, 1000);
    assert_eq!(counted_bytes(), start);
}
