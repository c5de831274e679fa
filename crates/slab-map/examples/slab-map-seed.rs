//! The seed experiment for slab-map and hashbrown, measured by dhat:
//! insert keys 0..N (default 1,000,000) with `[u8; 128]` values, drain to
//! 1%, delete all. Then the index's size as values grow from 8 to 4,096
//! bytes.
//!
//! ```text
//! cargo run --release -p slab-map --example slab-map-seed [-- N]
//! ```
//!
//! The seed workload and its measurement are map-bench's, the report's:
//! each map in a child process of its own, where dhat counts every byte.

use map_bench::compare;
use map_bench::values::ValueKind;
use slab_map::SlabMap;

#[global_allocator]
static ALLOC: map_bench::SwitchAlloc = map_bench::SwitchAlloc;

/// The index's and the slab's bytes with 100,000 entries of `V`-byte
/// values.
fn index_and_slab<const V: usize>() -> (usize, usize) {
    let map: SlabMap<u64, [u8; V]> = (0..100_000u64).map(|k| (k, [0; V])).collect();
    let stats = map.stats();
    (stats.index_bytes, stats.slab_bytes)
}

fn main() {
    map_bench::child::serve_if_child(map_registry::visit_named);
    let (n, _) = compare::cli_args(1_000_000, 0);
    print!(
        "{}",
        compare::seed(&["hashbrown", "slab-map"], ValueKind::Bytes128, n)
    );
    println!("\nindex and slab bytes at 100,000 entries, by value size");
    for (size, (index, slab)) in [
        (8, index_and_slab::<8>()),
        (128, index_and_slab::<128>()),
        (512, index_and_slab::<512>()),
        (4096, index_and_slab::<4096>()),
    ] {
        println!("{size:>5}-byte values: index {index:>9} bytes, slab {slab:>11} bytes");
    }
}
