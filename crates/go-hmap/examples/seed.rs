//! The seed experiment on the port, measured by dhat, beside the figures
//! REFERENCE.md records for the real Go runtime (`HeapAlloc` after a GC):
//! insert keys 0..1,000,000, then delete them all, for Go's four map types.
//!
//! ```text
//! cargo run --release -p go-hmap --example seed
//! ```
//!
//! dhat allows one profiler per process, so the example re-runs itself once
//! per map type. `scripts/go-reference` measures the real Go side afresh.

use go_hmap::GoMap;

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

const N: u64 = 1_000_000;

/// Go's map type, and REFERENCE.md's figures for it.
struct Row {
    go_type: &'static str,
    rust_type: &'static str,
    go_after_insert: u64,
    go_after_delete: u64,
}

const ROWS: [Row; 4] = [
    Row {
        go_type: "map[int][128]byte",
        rust_type: "GoMap<u64, [u8; 128]>",
        go_after_insert: 307_535_920,
        go_after_delete: 307_535_928,
    },
    Row {
        go_type: "map[int]*[128]byte",
        rust_type: "GoMap<u64, Box<[u8; 128]>>",
        go_after_insert: 168_107_504,
        go_after_delete: 40_107_504,
    },
    Row {
        go_type: "map[int][256]byte",
        rust_type: "GoMap<u64, [u8; 256]>",
        go_after_insert: 296_107_448,
        go_after_delete: 40_107_448,
    },
    Row {
        go_type: "map[int]int",
        rust_type: "GoMap<u64, u64>",
        go_after_insert: 40_148_488,
        go_after_delete: 40_148_488,
    },
];

/// Heap bytes after inserting and after deleting all, with `B` at each
/// point, and `heap_bytes()`'s own figures plus `owned` bytes per entry
/// that values hold themselves (the boxes of `Box<[u8; 128]>`).
fn measure<V>(owned: u64, value: impl Fn(u64) -> V) -> [u64; 7] {
    // ahash's random source and the port's seed generator allocate once per
    // process; do that before the count starts.
    drop(GoMap::<u64, u64>::from([(0, 0)]));
    let _profiler = dhat::Profiler::builder().testing().build();
    let base = dhat::HeapStats::get().curr_bytes;
    let now = || (dhat::HeapStats::get().curr_bytes - base) as u64;
    let mut map: GoMap<u64, V> = GoMap::new();
    for k in 0..N {
        map.insert(k, value(k));
    }
    let (full, full_b, overflow) = (now(), map.bucket_shift(), map.overflow_bucket_count());
    let full_reported = map.heap_bytes() as u64 + owned * map.len() as u64;
    for k in 0..N {
        map.remove(&k);
    }
    assert!(map.is_empty());
    let (empty, empty_b, empty_reported) = (now(), map.bucket_shift(), map.heap_bytes() as u64);
    drop(map);
    [
        full,
        empty,
        u64::from(full_b),
        u64::from(empty_b),
        full_reported,
        empty_reported,
        overflow as u64,
    ]
}

fn child(index: usize) -> [u64; 7] {
    match index {
        0 => measure(0, |k| [k as u8; 128]),
        1 => measure(128, |k| Box::new([k as u8; 128])),
        2 => measure(0, |k| [k as u8; 256]),
        _ => measure(0, |k| k),
    }
}

/// The port's difference from Go, in bytes and as a percentage.
fn diff(port: u64, go: u64) -> String {
    let bytes = port as i64 - go as i64;
    format!("{bytes:+} ({:+.4}%)", bytes as f64 / go as f64 * 100.0)
}

fn main() {
    if let Some(index) = std::env::args().nth(1) {
        let index: usize = index.parse().expect("a row index");
        let figures = child(index);
        println!("{}", figures.map(|f| f.to_string()).join(" "));
        return;
    }
    let exe = std::env::current_exe().expect("own path");
    println!(
        "seed experiment, N = 1,000,000; port measured by dhat, Go as recorded in REFERENCE.md"
    );
    println!(
        "{:<27} {:>13} {:>13} {:>18} {:>13} {:>13} {:>18} {:>7} {:>8}",
        "map", "after insert", "Go", "diff", "after delete", "Go", "diff", "B", "overflow"
    );
    for (index, row) in ROWS.iter().enumerate() {
        let out = std::process::Command::new(&exe)
            .arg(index.to_string())
            .output()
            .expect("re-run self");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let figures: Vec<u64> = String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .map(|f| f.parse().expect("a figure"))
            .collect();
        let [
            full,
            empty,
            full_b,
            empty_b,
            full_reported,
            empty_reported,
            overflow,
        ] = figures[..]
        else {
            panic!("seven figures expected");
        };
        println!(
            "{:<27} {:>13} {:>13} {:>18} {:>13} {:>13} {:>18} {:>3}/{:<3} {:>8}",
            row.rust_type,
            full,
            row.go_after_insert,
            diff(full, row.go_after_insert),
            empty,
            row.go_after_delete,
            diff(empty, row.go_after_delete),
            full_b,
            empty_b,
            overflow,
        );
        assert_eq!(
            (full, empty),
            (full_reported, empty_reported),
            "{}: heap_bytes() (plus the values' own boxes) disagrees with dhat",
            row.go_type
        );
    }
    println!(
        "B: bucket_shift() after insert / after delete; overflow: overflow buckets in use when full.\n\
         Go types, in order: {}",
        ROWS.map(|r| r.go_type).join(", ")
    );
}
