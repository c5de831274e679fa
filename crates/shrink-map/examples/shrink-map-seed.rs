//! The seed experiment, measured by dhat: ShrinkMap beside hashbrown, and
//! a lazier policy (shrink below 1/16 full) for comparison.
//!
//! ```text
//! cargo run --release -p shrink-map --example shrink-map-seed [-- N]
//! ```
//!
//! Inserts keys 0..N (default 1,000,000) with `[u8; 128]` values, removes
//! keys until 1% remain, then removes the rest, with no explicit shrink
//! call. The workload and its measurement are map-bench's, the same code
//! as the report's: each map in a child process of its own, where dhat
//! counts every byte.

use map_bench::compare;
use map_bench::reference::HASHBROWN_RIGHT_SIZED_1PCT;
use map_bench::values::ValueKind;

#[global_allocator]
static ALLOC: map_bench::SwitchAlloc = map_bench::SwitchAlloc;

fn main() {
    map_bench::child::serve_if_child(map_registry::visit_named);
    let (n, _) = compare::cli_args(1_000_000, 0);
    let maps = ["hashbrown", "shrink-map", "shrink-map@1/16"];
    let seed = compare::seed(&maps, ValueKind::Bytes128, n);
    print!("{seed}");
    if n == 1_000_000
        && let (Some(ours), Some(theirs)) = (seed.record("shrink-map"), seed.record("hashbrown"))
    {
        // The targets: at most twice a right-sized table after the drain,
        // at most 64 KiB when empty, and no peak above hashbrown's.
        let met = ours.after_drain <= 2 * HASHBROWN_RIGHT_SIZED_1PCT
            && ours.after_delete <= 65_536
            && ours.peak <= theirs.peak;
        println!(
            "targets (after drain <= 2 x {HASHBROWN_RIGHT_SIZED_1PCT}, empty <= 65,536, peak <= hashbrown's) met: {met}"
        );
    }
}
