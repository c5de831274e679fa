//! The reference throughput workload on the port beside hashbrown, `u64 ->
//! u64` over N (default 1,000,000) xorshift keys, over paired, interleaved
//! rounds: insert into an empty map, get every key, get every key plus
//! one, iterate, remove every key, churn.
//!
//! ```text
//! cargo run --release -p go-hmap --example go-hmap-throughput [-- N ROUNDS]
//! (cd scripts/go-reference && go run . -mode throughput -n 1000000)
//! ```
//!
//! The second command times the real Go map on the same keys; `map-report`
//! runs it under every Go toolchain it finds and sets them side by side.

use map_bench::compare;
use map_bench::values::ValueKind;

#[global_allocator]
static ALLOC: map_bench::SwitchAlloc = map_bench::SwitchAlloc;

fn main() {
    map_bench::child::serve_if_child(map_registry::visit_named);
    let (n, rounds) = compare::cli_args(1_000_000, compare::MIN_ROUNDS);
    print!(
        "{}",
        compare::throughput(&["hashbrown", "go-hmap"], ValueKind::U64, n, rounds)
    );
}
