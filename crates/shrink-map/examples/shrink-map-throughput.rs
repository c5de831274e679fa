//! ns/op of ShrinkMap beside hashbrown + ahash on the reference throughput
//! workload, over paired, interleaved rounds.
//!
//! ```text
//! cargo run --release -p shrink-map --example shrink-map-throughput [-- N ROUNDS]
//! ```
//!
//! N (default 1,000,000) xorshift64 keys, values equal to the keys: insert,
//! get hit, get miss, iterate, remove, then churn in a full map. Each round
//! runs every map once in a child process, in rotating order; the table
//! gives medians and ranges, and each map's per-round ratio to hashbrown
//! (tied when the range holds 1). Besides the default policy: `never` (the
//! governor's bookkeeping alone, no shrinks) and a lazier low-water mark
//! of 1/16. The code is map-bench's, the same as the report's.

use map_bench::compare;
use map_bench::values::ValueKind;

#[global_allocator]
static ALLOC: map_bench::SwitchAlloc = map_bench::SwitchAlloc;

fn main() {
    map_bench::child::serve_if_child(map_registry::visit_named);
    let (n, rounds) = compare::cli_args(1_000_000, compare::MIN_ROUNDS);
    let maps = [
        "hashbrown",
        "shrink-map",
        "shrink-map@never",
        "shrink-map@1/16",
    ];
    print!("{}", compare::throughput(&maps, ValueKind::U64, n, rounds));
}
