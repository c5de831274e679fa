//! Retention: the seed experiment, Go beside it, and the value-size sweep.

use map_bench::records::SeedRecord;
use map_bench::reference::{self, GO_TYPES, GoMapImpl};

use crate::doc::{Block, Cell, Table, Tone};
use crate::format;
use crate::plan::{GO_PORT, SEED_VALUE};
use crate::results::{REFERENCE, go_label};

use super::Ctx;

/// At or below this after deleting everything, a map has given its memory
/// back (the strategies' target).
const RELEASED: u64 = 64 * 1024;

pub fn blocks(ctx: &Ctx<'_>) -> Vec<Block> {
    let results = ctx.results;
    let n = results.sizes.seed_n;
    let value = SEED_VALUE.type_name();
    let mut blocks = vec![
        Block::Heading(2, "Retention: the seed experiment".into()),
        Block::Paragraph(format!(
            "Insert keys 0..{} with `{value}` values into an empty map, remove all but the last 1%, then \
             remove the rest: the Go article's experiment, with a drain step added. **after delete** is what \
             the map keeps once it is empty. Green: 64 KiB or less; red: it kept more than half of its full \
             size. Bytes are exact (dhat), so this table has no ranges.",
            format::group(n as u64)
        )),
    ];
    let mut rows: Vec<Vec<Cell>> = results
        .main_maps()
        .map(|m| {
            seed_row(
                ctx,
                &m.name,
                ctx.map_link(&m.name),
                results.seed(&m.name, value, n),
            )
        })
        .collect();
    for go in results.go_measured() {
        let record = results.go_seed(go, value);
        rows.push(seed_row(
            ctx,
            &go.version,
            format!("{} `map[int][128]byte`", go.label()),
            record,
        ));
    }
    let measured: Vec<&str> = results.go_measured().map(|g| g.version.as_str()).collect();
    for go in reference::GO
        .iter()
        .filter(|g| !measured.contains(&g.version))
    {
        rows.push(recorded_row(
            &format!(
                "{} `map[int][128]byte`",
                go_label(go.version, Some(go.implementation))
            ),
            go.seed[0].after_insert,
            go.seed[0].after_delete,
            None,
        ));
    }
    let hb = reference::HASHBROWN_SEED;
    rows.push(recorded_row(
        &format!("{} `{}`", hb.map, hb.value),
        hb.after_insert,
        hb.after_delete,
        hb.peak,
    ));
    if n == 1_000_000 {
        rows.push(vec![
            Cell::plain(format!(
                "`{REFERENCE}` reserved for exactly 10,000 entries: right-sized for the 1% (recorded)"
            )),
            Cell::plain(format::bytes(reference::HASHBROWN_RIGHT_SIZED_1PCT)),
            Cell::plain(format::bytes(reference::HASHBROWN_RIGHT_SIZED_1PCT)),
            Cell::toned("n/a", Tone::Missing),
            Cell::toned("n/a", Tone::Missing),
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
    blocks.extend(go_table(ctx));
    blocks.extend(sweep(ctx));
    blocks
}

fn recorded_row(label: &str, after_insert: u64, after_delete: u64, peak: Option<u64>) -> Vec<Cell> {
    vec![
        Cell::plain(format!("{label} (recorded, docs/reference.md)")),
        Cell::plain(format::bytes(after_insert)),
        Cell::toned("not recorded", Tone::Missing),
        Cell::toned(
            format::bytes(after_delete),
            tone(after_insert, after_delete),
        ),
        peak.map_or_else(
            || Cell::toned("not recorded", Tone::Missing),
            |p| Cell::plain(format::bytes(p)),
        ),
        Cell::toned("n/a", Tone::Missing),
    ]
}

fn tone(after_insert: u64, after_delete: u64) -> Tone {
    if after_delete <= RELEASED {
        Tone::Good
    } else if after_delete * 2 > after_insert {
        Tone::Bad
    } else {
        Tone::Near
    }
}

fn seed_row(ctx: &Ctx<'_>, name: &str, label: String, record: Option<&SeedRecord>) -> Vec<Cell> {
    let Some(r) = record else {
        let why = ctx.results.failure(name, "seed").map_or_else(
            || "not measured".to_string(),
            |f| format!("failed: {}", f.error),
        );
        let mut row = vec![Cell::plain(label), Cell::toned(why, Tone::Missing)];
        row.extend((0..4).map(|_| Cell::toned("", Tone::Missing)));
        return row;
    };
    vec![
        Cell::plain(label),
        Cell::plain(format::bytes(r.after_insert)),
        Cell::plain(format::bytes(r.after_drain)),
        Cell::toned(
            format::bytes(r.after_delete),
            tone(r.after_insert, r.after_delete),
        ),
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

/// Go's four map types: the port, each Go toolchain this run measured, and
/// the recorded figures of the others. One row per map type and source.
fn go_table(ctx: &Ctx<'_>) -> Vec<Block> {
    let results = ctx.results;
    let n = results.sizes.seed_n;
    let measured: Vec<&str> = results.go_measured().map(|g| g.version.as_str()).collect();
    let mut rows = Vec::new();
    for (go_type, value) in GO_TYPES {
        let port = results.seed(GO_PORT, value, n);
        // The port is compared with the classic hmap it ports: measured in
        // this run if a classic toolchain ran, else as recorded.
        let classic = results
            .go_measured()
            .filter(|g| g.implementation == Some(GoMapImpl::ClassicHmap))
            .find_map(|g| results.go_seed(g, value))
            .map(|r| (r.after_insert, r.after_delete))
            .or_else(|| {
                let rec = reference::GO
                    .iter()
                    .find(|g| g.implementation == GoMapImpl::ClassicHmap)?;
                let row = rec.seed.iter().find(|s| s.value == value)?;
                (n == 1_000_000).then_some((row.after_insert, row.after_delete))
            });
        let diff = |insert: u64, delete: u64| match classic {
            Some((ci, cd)) => {
                let worst = [(insert, ci), (delete, cd)]
                    .iter()
                    .map(|&(ours, theirs)| {
                        (
                            ours.abs_diff(theirs),
                            ours.abs_diff(theirs) as f64 / theirs.max(1) as f64,
                        )
                    })
                    .fold((0, 0.0), |a, b| if b.1 > a.1 { b } else { a });
                Cell::toned(
                    format!("≤ {} B ({:.4}%)", format::group(worst.0), worst.1 * 100.0),
                    if worst.1 <= 0.01 {
                        Tone::Good
                    } else {
                        Tone::Bad
                    },
                )
            }
            None => Cell::toned("n/a", Tone::Missing),
        };
        let mut push = |source: String, insert: Option<u64>, delete: Option<u64>, compare: bool| {
            let cells = |v: Option<u64>| {
                v.map_or_else(
                    || Cell::toned("not run", Tone::Missing),
                    |b| Cell::plain(format::bytes(b)),
                )
            };
            let last = match (compare, insert, delete) {
                (true, Some(i), Some(d)) => diff(i, d),
                _ => Cell::plain(""),
            };
            rows.push(vec![
                Cell::plain(format!("`{go_type}`")),
                Cell::plain(source),
                cells(insert),
                cells(delete),
                last,
            ]);
        };
        if results.map(GO_PORT).is_some() {
            push(
                format!("`{GO_PORT}` (the Rust port, dhat)"),
                port.map(|r| r.after_insert),
                port.map(|r| r.after_delete),
                true,
            );
        }
        for go in results.go_measured() {
            let r = results.go_seed(go, value);
            push(
                format!("{} (this run)", go.label()),
                r.map(|r| r.after_insert),
                r.map(|r| r.after_delete),
                false,
            );
        }
        for go in reference::GO
            .iter()
            .filter(|g| !measured.contains(&g.version))
        {
            if let Some(row) = go.seed.iter().find(|s| s.value == value) {
                push(
                    format!(
                        "{} (recorded)",
                        go_label(go.version, Some(go.implementation))
                    ),
                    Some(row.after_insert),
                    Some(row.after_delete),
                    false,
                );
            }
        }
    }
    vec![
        Block::Heading(3, "Go's map, real and ported".into()),
        Block::Paragraph(format!(
            "Neither of Go's maps shrinks. Go 1.24 replaced the classic hmap with Swiss tables, which split \
             as they fill and never merge or shrink either. Values over 128 bytes, and pointers, leave only \
             small slots behind. `{GO_PORT}` is the Rust port of the classic hmap, measured by dhat at N = {}; \
             the real runtime's figures are `HeapAlloc` after a GC (the program is `scripts/go-reference`), \
             one row per Go toolchain this run found, and the recorded figures for the others. The last column \
             is the port's largest difference from the classic hmap; the target is 1%.",
            format::group(n as u64)
        )),
        Block::Table(Table {
            header: vec![
                "Go map".into(),
                "measured by".into(),
                "after insert".into(),
                "after delete".into(),
                "port vs classic Go".into(),
            ],
            rows,
            numeric_from: 2,
        }),
    ]
}

/// The seed experiment at several value sizes: bytes per entry when full,
/// and what stays after deleting everything.
fn sweep(ctx: &Ctx<'_>) -> Vec<Block> {
    let results = ctx.results;
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
                .main_maps()
                .map(|m| {
                    std::iter::once(Cell::plain(ctx.map_link(&m.name)))
                        .chain(s.sweep_values.iter().map(|&kind| cell(&m.name, kind, full)))
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
    ]
}
