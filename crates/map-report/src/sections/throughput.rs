//! Throughput: ns/op per operation over the rounds, and paired ratios to
//! hashbrown.

use map_bench::records::Op;
use map_bench::rounds::Spread;

use crate::charts::{self, Bars, Value};
use crate::doc::{Block, Cell, Table, Tone};
use crate::format;
use crate::results::REFERENCE;

use super::{Ctx, chart};

/// A paired ratio as a table cell: tied when its range holds 1.
pub fn ratio_cell(ns: Option<Spread>, ratio: Option<Spread>) -> Cell {
    match (ns, ratio) {
        (Some(ns), Some(r)) => {
            let tied = r.contains(1.0);
            let text = format!(
                "{} · {}{}",
                format::ns(ns.median),
                format::spread_ratio(&r),
                if tied { " **tied**" } else { "" }
            );
            let tone = if tied {
                Tone::Tied
            } else if r.median <= 1.0 {
                Tone::Good
            } else if r.median <= 1.5 {
                Tone::Near
            } else {
                Tone::Bad
            };
            Cell::toned(text, tone)
        }
        (Some(ns), None) => Cell::plain(format::spread_ns(&ns)),
        _ => Cell::toned("n/a", Tone::Missing),
    }
}

pub fn blocks(ctx: &Ctx<'_>) -> Vec<Block> {
    let results = ctx.results;
    let s = &results.sizes;
    let mut blocks = vec![
        Block::Heading(2, "Throughput".into()),
        Block::Paragraph(format!(
            "ns per operation (median of {} rounds), then the median of the per-round ratios to `{REFERENCE}` \
             with their range. **tied**: the range includes 1.00×, so the rounds cannot tell the map from \
             `{REFERENCE}`. Green: faster than `{REFERENCE}` with the range clear of 1; amber: up to 1.5×; \
             red: slower. `{REFERENCE}`'s own row gives its median and range. Churn is one remove plus one \
             insert in a full map.",
            s.rounds
        )),
    ];
    for (value, n) in results.throughput_shapes() {
        if value == "u64" && n != s.throughput_n {
            // The other u64 sizes are the scale section's.
            continue;
        }
        blocks.push(Block::Heading(
            3,
            format!("`{value}` values, N = {}", format::group(n as u64)),
        ));
        let mut rows: Vec<Vec<Cell>> = results
            .main_maps()
            .map(|m| {
                let name = m.name.as_str();
                std::iter::once(Cell::plain(ctx.map_link(name)))
                    .chain(Op::TIMED.iter().map(|&op| {
                        let ns = results.ns(name, &value, n, op);
                        let ratio = (name != REFERENCE)
                            .then(|| results.ratio(name, &value, n, &[op]))
                            .flatten();
                        ratio_cell(ns, ratio)
                    }))
                    .collect()
            })
            .collect();
        if value == "u64" && n == s.throughput_n {
            for go in results.go_measured() {
                let cells = Op::TIMED.iter().map(|&op| {
                    let ours = results.go_ns(go, op);
                    let theirs = results.ns(REFERENCE, &value, n, op);
                    match (ours, theirs) {
                        (Some(o), Some(t)) => Cell::plain(format!(
                            "{} ({}–{}) · {} unpaired",
                            format::ns(o.median),
                            format::ns(o.min),
                            format::ns(o.max),
                            format::ratio(o.median / t.median)
                        )),
                        (Some(o), None) => Cell::plain(format::spread_ns(&o)),
                        _ => Cell::toned("n/a", Tone::Missing),
                    }
                });
                rows.push(
                    std::iter::once(Cell::plain(format!(
                        "real {} `map[uint64]uint64`",
                        go.label()
                    )))
                    .chain(cells)
                    .collect(),
                );
            }
        }
        blocks.push(Block::Table(Table {
            header: std::iter::once("map".to_string())
                .chain(Op::TIMED.iter().map(|op| op.label().to_string()))
                .collect(),
            rows,
            numeric_from: 1,
        }));
        if results.go_measured().next().is_some() && value == "u64" && n == s.throughput_n {
            blocks.push(Block::Paragraph(
                "Go's rows run in Go's own process, not in the same rounds as the Rust maps, so their ratio is \
                 of medians (unpaired), with Go's own range beside it."
                    .into(),
            ));
        }
        blocks.push(ratio_chart(ctx, &value, n));
    }
    blocks.extend(criterion(ctx));
    blocks
}

/// Every map's paired ratio per operation, with the rounds' range as
/// error bars.
fn ratio_chart(ctx: &Ctx<'_>, value: &str, n: usize) -> Block {
    let results = ctx.results;
    let maps: Vec<&str> = results
        .main_names()
        .into_iter()
        .filter(|&name| name != REFERENCE)
        .collect();
    let groups = Op::TIMED
        .iter()
        .map(|&op| {
            (
                op.label().to_string(),
                maps.iter()
                    .map(|name| {
                        results
                            .ratio(name, value, n, &[op])
                            .map(|r| Value::spread(&r))
                    })
                    .collect(),
            )
        })
        .collect();
    let title = format!(
        "Time per operation as a ratio to {REFERENCE}, {value} values, N = {}",
        format::group(n as u64)
    );
    let slug: String = value
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let file = format!("throughput-{slug}-{n}.svg");
    let svg = charts::bars(&Bars {
        title: title.clone(),
        x_label: "operation".into(),
        y_label: format!("time ÷ {REFERENCE}'s, same round (log scale)"),
        series: maps.iter().map(|name| ctx.entry(name, *name)).collect(),
        groups,
        log_y: true,
        reference: Some((1.0, format!("{REFERENCE} = 1×"))),
        value_labels: None,
        y_format: charts::ratio_tick,
    });
    chart(&file, &title, svg)
}

/// criterion's figures, when this report came from a `cargo bench` run.
fn criterion(ctx: &Ctx<'_>) -> Vec<Block> {
    let status = &ctx.results.criterion;
    let mut blocks = vec![
        Block::Heading(3, "criterion".into()),
        Block::Paragraph(format!("criterion figures: {}.", status.note)),
    ];
    if status.figures.is_empty() {
        return blocks;
    }
    let mut shapes: Vec<(&str, u64)> = status
        .figures
        .iter()
        .map(|f| (f.value.as_str(), f.n))
        .collect();
    shapes.dedup();
    for (value, n) in shapes {
        let figure = |name: &str, op: Op| {
            status
                .figures
                .iter()
                .find(|f| f.strategy == name && f.value == value && f.n == n && f.op == op)
        };
        let rows = ctx
            .results
            .main_maps()
            .filter(|m| Op::TIMED.iter().any(|&op| figure(&m.name, op).is_some()))
            .map(|m| {
                std::iter::once(Cell::plain(ctx.map_link(&m.name)))
                    .chain(Op::TIMED.iter().map(|&op| match figure(&m.name, op) {
                        Some(f) => {
                            let ratio = figure(REFERENCE, op)
                                .filter(|r| r.mean_ns > 0.0 && m.name != REFERENCE)
                                .map(|r| format!(" · {}", format::ratio(f.mean_ns / r.mean_ns)))
                                .unwrap_or_default();
                            Cell::plain(format!(
                                "{} ({}–{}){ratio}",
                                format::ns(f.mean_ns),
                                format::ns(f.interval_ns.0),
                                format::ns(f.interval_ns.1)
                            ))
                        }
                        None => Cell::toned("n/a", Tone::Missing),
                    }))
                    .collect()
            })
            .collect();
        blocks.push(Block::Paragraph(format!(
            "criterion, `{value}` values, N = {}: mean ns/op with criterion's confidence interval, and the \
             ratio of means to `{REFERENCE}`.",
            format::group(n)
        )));
        blocks.push(Block::Table(Table {
            header: std::iter::once("map".to_string())
                .chain(Op::TIMED.iter().map(|op| op.label().to_string()))
                .collect(),
            rows,
            numeric_from: 1,
        }));
    }
    blocks
}
