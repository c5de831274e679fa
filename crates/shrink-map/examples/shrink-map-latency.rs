//! Single-operation latency: the shrink pause beside hashbrown's resize
//! pause.
//!
//! ```text
//! cargo run --release -p shrink-map --example shrink-map-latency [-- N ROUNDS]
//! ```
//!
//! Grows a `u64 -> [u64; 4]` map to N (default 2,000,000) entries timing
//! every insert, then removes every entry timing every remove, in insertion
//! order and, from a fresh map, in a shuffled order; map-bench's latency
//! workload, the report's. hashbrown never shrinks on its own, so the one
//! explicit `shrink_to_fit` call after its drain is timed too.

use std::time::Instant;

use map_api::MapStrategy;
use map_baselines::HashbrownMap;
use map_bench::compare;
use map_bench::values::ValueKind;
use map_bench::workloads::xorshift_keys;

#[global_allocator]
static ALLOC: map_bench::SwitchAlloc = map_bench::SwitchAlloc;

fn main() {
    map_bench::child::serve_if_child(map_registry::visit_named);
    let (n, rounds) = compare::cli_args(2_000_000, 3);
    let maps = ["hashbrown", "shrink-map"];
    print!(
        "{}",
        compare::latency_comparison(&maps, ValueKind::Words4, n, rounds)
    );

    // What hashbrown's user would do instead: drain, then shrink by hand.
    let mut map: HashbrownMap<u64, [u64; 4]> = HashbrownMap::default();
    let keys = xorshift_keys(n);
    for &key in &keys {
        map.insert(key, [key; 4]);
    }
    for key in &keys {
        map.remove(key);
    }
    let start = Instant::now();
    map.shrink_to_fit();
    println!(
        "hashbrown shrink_to_fit() after the drain, one call: {:.3} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
}
