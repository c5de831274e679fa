//! The reference throughput workload for slab-map beside hashbrown, over
//! paired, interleaved rounds: insert into an empty map, get hit, get
//! miss, iterate, remove, and churn (remove the oldest, insert a new key)
//! over N (default 1,000,000) xorshift keys.
//!
//! ```text
//! cargo run --release -p slab-map --example slab-map-throughput [-- N ROUNDS]
//! ```
//!
//! Each round runs both maps once, each in a child process, in rotating
//! order; the table gives medians and ranges and slab-map's per-round
//! ratio to hashbrown (tied when its range holds 1). The code is
//! map-bench's, the same as the report's.

use map_bench::compare;
use map_bench::values::ValueKind;

#[global_allocator]
static ALLOC: map_bench::SwitchAlloc = map_bench::SwitchAlloc;

fn main() {
    map_bench::child::serve_if_child(map_registry::visit_named);
    let (n, rounds) = compare::cli_args(1_000_000, compare::MIN_ROUNDS);
    print!(
        "{}",
        compare::throughput(&["hashbrown", "slab-map"], ValueKind::U64, n, rounds)
    );
}
