//! The seed experiment on the port, measured by dhat, beside the figures
//! recorded for the real Go runtime (`HeapAlloc` after a GC,
//! docs/reference.md): insert keys 0..1,000,000, drain to 1%, delete them
//! all, for Go's four map types.
//!
//! ```text
//! cargo run --release -p go-hmap --example go-hmap-seed
//! ```
//!
//! The seed workload is map-bench's, the report's, each case in a child
//! process where dhat counts. `scripts/go-reference` measures the real Go
//! side afresh; `map-report` runs it under every Go toolchain it finds.

use go_hmap::GoMap;
use map_bench::compare;
use map_bench::reference::{GO, GO_TYPES};
use map_bench::values::ValueKind;

#[global_allocator]
static ALLOC: map_bench::SwitchAlloc = map_bench::SwitchAlloc;

const N: u64 = 1_000_000;

/// `B` (log2 of the bucket count) and the overflow buckets in use with
/// `N` entries of `V`.
fn shape<V>(value: impl Fn(u64) -> V) -> (u8, usize) {
    let mut map: GoMap<u64, V> = GoMap::new();
    for k in 0..N {
        map.insert(k, value(k));
    }
    (map.bucket_shift(), map.overflow_bucket_count())
}

/// The port's difference from Go, in bytes and as a percentage.
fn diff(port: u64, go: u64) -> String {
    let bytes = port as i64 - go as i64;
    format!("{bytes:+} ({:+.4}%)", bytes as f64 / go as f64 * 100.0)
}

fn main() {
    map_bench::child::serve_if_child(map_registry::visit_named);
    let kinds = [
        ValueKind::Bytes128,
        ValueKind::Boxed128,
        ValueKind::Bytes256,
        ValueKind::U64,
    ];
    let shapes = [
        shape(|k| [k as u8; 128]),
        shape(|k| Box::new([k as u8; 128])),
        shape(|k| [k as u8; 256]),
        shape(|k| k),
    ];
    let classic = &GO[0];
    println!(
        "seed experiment, N = 1,000,000; the port measured by dhat, Go {} as recorded",
        classic.version
    );
    println!(
        "{:<20} {:>13} {:>13} {:>20} {:>13} {:>13} {:>20} {:>3} {:>8}",
        "Go map", "after insert", "Go", "diff", "after delete", "Go", "diff", "B", "overflow"
    );
    for (((go_type, _), kind), (b, overflow)) in GO_TYPES.iter().zip(kinds).zip(shapes) {
        let seed = compare::seed(&["go-hmap"], kind, N as usize);
        let recorded = classic
            .seed
            .iter()
            .find(|row| row.value == kind.type_name())
            .expect("every Go type is recorded");
        match seed.record("go-hmap") {
            Some(r) => println!(
                "{go_type:<20} {:>13} {:>13} {:>20} {:>13} {:>13} {:>20} {b:>3} {overflow:>8}",
                r.after_insert,
                recorded.after_insert,
                diff(r.after_insert, recorded.after_insert),
                r.after_delete,
                recorded.after_delete,
                diff(r.after_delete, recorded.after_delete),
            ),
            None => print!("{seed}"),
        }
    }
    println!(
        "B: bucket_shift() when full; overflow: overflow buckets in use when full. Go {} (Swiss \
         tables) keeps {} bytes of map[int][128]byte after deleting everything, as recorded.",
        GO[1].version, GO[1].seed[0].after_delete
    );
}
