//! Retention: the seed experiment, Go beside it, and the value-size sweep.

use map_bench::records::SeedRecord;
use map_bench::values::ValueKind;

use super::REFERENCE;
use crate::doc::{Block, Cell, Table, Tone};
use crate::format;
use crate::plan::{GO_PORT, SEED_VALUE};
use crate::reference;
use crate::results::{GoStatus, Results};

/// At or below this after deleting everything, a map has given its memory
/// back (the strategies' target).
const RELEASED: u64 = 64 * 1024;

pub fn blocks(results: &Results) -> Vec<Block> {
    let mut blocks = vec![Block::Heading(2, "Retention: the seed experiment".into())];
    let n = results.sizes.seed_n;
    let value = SEED_VALUE.type_name();
    blocks.push(Block::Paragraph(format!(
        "Insert keys 0..{} with `{value}` values into an empty map, remove all but the last 1%, then remove \
         the rest: the Go article's experiment, with a drain step added. **after delete** is what the map \
         keeps once it is empty. Green: 64 KiB or less; red: it kept more than half of its full size.",
        format::group(n as u64)
    )));
    let mut rows = Vec::new();
    for name in &results.strategies {
        rows.push(seed_row(results, name, name, value, n));
    }
    if matches!(results.go, GoStatus::Measured(_)) {
        rows.push(seed_row(
            results,
            "go",
            "real Go `map[int][128]byte`",
            value,
            n,
        ));
    }
    for recorded in [reference::SEED[0], reference::SEED[4]] {
        rows.push(vec![
            Cell::plain(format!("{} (recorded in REFERENCE.md)", recorded.map)),
            Cell::plain(format::bytes(recorded.after_insert)),
            Cell::toned("not recorded", Tone::Missing),
            Cell::toned(format::bytes(recorded.after_delete), Tone::Bad),
            recorded.peak.map_or_else(
                || Cell::toned("not recorded", Tone::Missing),
                |p| Cell::plain(format::bytes(p)),
            ),
            Cell::toned("n/a", Tone::Missing),
        ]);
    }
    blocks.push(Block::Table(Table {
        header: vec![
            "map".into(),
            "after insert".into(),
            "after drain to 1%".into(),
            "after delete".into(),
            "peak".into(),
            "`heap_bytes()` vs dhat".into(),
        ],
        rows,
        numeric_from: 1,
    }));
    blocks.extend(go_table(results));
    blocks.extend(sweep(results));
    blocks
}

fn seed_row(results: &Results, name: &str, label: &str, value: &str, n: usize) -> Vec<Cell> {
    let Some(r) = results.seed(name, value, n) else {
        let why = results.failure(name, "seed").map_or_else(
            || "not measured".to_string(),
            |f| format!("failed: {}", f.error),
        );
        let mut row = vec![
            Cell::plain(format!("`{label}`")),
            Cell::toned(why, Tone::Missing),
        ];
        row.extend((0..4).map(|_| Cell::toned("", Tone::Missing)));
        return row;
    };
    let tone = if r.after_delete <= RELEASED {
        Tone::Good
    } else if r.after_delete * 2 > r.after_insert {
        Tone::Bad
    } else {
        Tone::Near
    };
    let label = if name == label {
        format!("`{label}`")
    } else {
        label.to_string()
    };
    vec![
        Cell::plain(label),
        Cell::plain(format::bytes(r.after_insert)),
        Cell::plain(format::bytes(r.after_drain)),
        Cell::toned(format::bytes(r.after_delete), tone),
        Cell::plain(r.peak.map_or_else(|| "n/a".to_string(), format::bytes)),
        accounting_cell(r),
    ]
}

/// How far the map's own `heap_bytes()` was from dhat's figure, at worst.
fn accounting_cell(r: &SeedRecord) -> Cell {
    let Some(reported) = r.reported else {
        return Cell::toned("n/a", Tone::Missing);
    };
    let measured = [r.after_insert, r.after_drain, r.after_delete];
    let worst = measured
        .iter()
        .zip(reported)
        .map(|(&m, rep)| m.abs_diff(rep))
        .max()
        .unwrap_or(0);
    let within = measured
        .iter()
        .zip(reported)
        .all(|(&m, rep)| m.abs_diff(rep) <= (m / 100).max(4096));
    let text = if worst == 0 {
        "exact".to_string()
    } else {
        format!("off by ≤ {}", format::group(worst))
    };
    Cell::toned(text, if within { Tone::Good } else { Tone::Bad })
}

/// Go's four map types: the port, the real runtime when Go ran, and
/// REFERENCE.md's record.
fn go_table(results: &Results) -> Vec<Block> {
    let n = results.sizes.seed_n;
    let rows = reference::SEED
        .iter()
        .filter(|row| row.map.starts_with("Go "))
        .map(|row| {
            let go_type = row.map.trim_start_matches("Go ").trim_matches('`');
            let rust_value = rust_value_of(go_type);
            let go = rust_value.and_then(|v| results.seeds_of("go").find(|r| r.value == v));
            let port = rust_value.and_then(|v| results.seed(GO_PORT, v, n));
            let figure = |r: Option<&SeedRecord>, pick: fn(&SeedRecord) -> u64| {
                r.map_or_else(
                    || Cell::toned("not run", Tone::Missing),
                    |r| Cell::plain(format::bytes(pick(r))),
                )
            };
            // The port against Go measured in this run, else against the
            // record when the sizes match.
            let against = go
                .map(|g| (g.after_insert, g.after_delete))
                .or_else(|| (n == 1_000_000).then_some((row.after_insert, row.after_delete)));
            let diff = match (port, against) {
                (Some(p), Some((insert, delete))) => {
                    let (bytes, share) = [(p.after_insert, insert), (p.after_delete, delete)]
                        .iter()
                        .map(|&(ours, theirs)| {
                            let bytes = ours.abs_diff(theirs);
                            (bytes, bytes as f64 / theirs as f64)
                        })
                        .fold((0, 0.0), |a, b| if b.1 > a.1 { b } else { a });
                    let tone = if share <= 0.01 { Tone::Good } else { Tone::Bad };
                    Cell::toned(
                        format!("≤ {} B ({:.4}%)", format::group(bytes), share * 100.0),
                        tone,
                    )
                }
                _ => Cell::toned("n/a", Tone::Missing),
            };
            vec![
                Cell::plain(format!("`{go_type}`")),
                figure(port, |r| r.after_insert),
                figure(port, |r| r.after_delete),
                figure(go, |r| r.after_insert),
                figure(go, |r| r.after_delete),
                Cell::plain(format::bytes(row.after_insert)),
                Cell::plain(format::bytes(row.after_delete)),
                diff,
            ]
        })
        .collect();
    vec![
        Block::Heading(3, "Go's map, real and ported".into()),
        Block::Paragraph(format!(
            "Go's classic map never shrinks. Values over 128 bytes, and pointers, leave only small buckets \
             behind. `{GO_PORT}` is the Rust port, measured by dhat at N = {}; the real runtime's figures are \
             `HeapAlloc` after a GC, from this run when Go was available and as REFERENCE.md recorded them \
             on {} with N = 1,000,000. The last column is the port's largest difference from Go; the target is 1%.",
            format::group(n as u64),
            reference::GO_VERSION
        )),
        Block::Table(Table {
            header: vec![
                "Go map".into(),
                format!("`{GO_PORT}` after insert"),
                format!("`{GO_PORT}` after delete"),
                "Go after insert (this run)".into(),
                "Go after delete (this run)".into(),
                "Go after insert (recorded)".into(),
                "Go after delete (recorded)".into(),
                "port vs Go".into(),
            ],
            rows,
            numeric_from: 1,
        }),
    ]
}

/// The Rust value type that stands for a Go map's value type.
fn rust_value_of(go_type: &str) -> Option<&'static str> {
    let value = match go_type {
        "map[int][128]byte" => ValueKind::Bytes128,
        "map[int]*[128]byte" => ValueKind::Boxed128,
        "map[int][256]byte" => ValueKind::Bytes256,
        "map[int]int" => ValueKind::U64,
        _ => return None,
    };
    Some(value.type_name())
}

/// The seed experiment at several value sizes: bytes per entry when full,
/// and what stays after deleting everything.
fn sweep(results: &Results) -> Vec<Block> {
    let s = &results.sizes;
    let header: Vec<String> = std::iter::once("map".to_string())
        .chain(
            s.sweep_values
                .iter()
                .map(|v| format!("{} B values", v.size())),
        )
        .collect();
    let cell = |name: &str, kind: map_bench::values::ValueKind, full: bool| match results.seed(
        name,
        kind.type_name(),
        s.sweep_n,
    ) {
        Some(r) if full => {
            let overhead = r.after_insert as f64 / s.sweep_n as f64 - kind.size() as f64;
            Cell::plain(format!("{overhead:.1}"))
        }
        Some(r) => Cell::plain(format::mib(r.after_delete)),
        None => Cell::toned("n/a", Tone::Missing),
    };
    let table = |full: bool| {
        Block::Table(Table {
            header: header.clone(),
            rows: results
                .strategies
                .iter()
                .map(|name| {
                    std::iter::once(Cell::plain(format!("`{name}`")))
                        .chain(s.sweep_values.iter().map(|&kind| cell(name, kind, full)))
                        .collect()
                })
                .collect(),
            numeric_from: 1,
        })
    };
    vec![
        Block::Heading(3, "Value size".into()),
        Block::Paragraph(format!(
            "The seed experiment at N = {} for several value sizes. **Overhead per entry** is the heap when \
             full, divided by N, minus the value's own size: the table's empty slots, control bytes, keys and \
             indices. A table that stores values inline wastes a share of every value in its empty slots, \
             so its overhead grows with the value; an index over dense entries stays flat.",
            format::group(s.sweep_n as u64)
        )),
        Block::Paragraph("Overhead per entry when full (bytes):".into()),
        table(true),
        Block::Paragraph("Kept after deleting everything:".into()),
        table(false),
        Block::Paragraph(format!(
            "Ratios elsewhere in this report are to `{REFERENCE}`."
        )),
    ]
}
