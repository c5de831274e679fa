//! Scale: how each map's cost grows with its size, on log axes.

use map_bench::records::Op;

use crate::charts::{self, Line, Lines, Point, Value};
use crate::doc::{Block, Cell, Table, Tone};
use crate::format;

use super::{Ctx, chart};

/// The operations drawn against N.
const OPS: [Op; 4] = [Op::Insert, Op::GetHit, Op::Remove, Op::Churn];

pub fn blocks(ctx: &Ctx<'_>) -> Vec<Block> {
    let results = ctx.results;
    let ns: Vec<usize> = results
        .throughput_shapes()
        .into_iter()
        .filter(|(value, _)| value == "u64")
        .map(|(_, n)| n)
        .collect();
    if ns.len() < 2 {
        return Vec::new();
    }
    let sizes = ns
        .iter()
        .map(|&n| format::group(n as u64))
        .collect::<Vec<_>>()
        .join(", ");
    let mut blocks = vec![
        Block::Heading(2, "Scale".into()),
        Block::Paragraph(format!(
            "The throughput workload with `u64` values at N = {sizes}: ns per operation (median and range of \
             the rounds) and heap bytes per entry when full, against N, both axes logarithmic. A flat line \
             scales perfectly; a rise shows the table outgrowing a cache level or the TLB's reach, and the \
             insert line carries the amortised resize. Maps under 1,000,000 entries repeat the workload \
             within each round so that every step times {} operations.",
            format::group(results.sizes.ops_per_round as u64)
        )),
    ];
    let maps = results.main_names();
    for op in OPS {
        let series: Vec<Line> = maps
            .iter()
            .map(|name| Line {
                entry: ctx.entry(name, *name),
                points: ns
                    .iter()
                    .filter_map(|&n| {
                        let s = results.ns(name, "u64", n, op)?;
                        Some(Point {
                            x: Value::exact(n as f64),
                            y: Value::spread(&s),
                        })
                    })
                    .collect(),
            })
            .filter(|line| !line.points.is_empty())
            .collect();
        let title = format!("{}: ns per operation against N, u64 values", op.label());
        let file = format!("scale-{}.svg", op.label().replace(' ', "-"));
        let svg = charts::lines(&Lines {
            title: title.clone(),
            x_label: "entries N (log scale)".into(),
            y_label: "ns per operation (log scale)".into(),
            series,
            log_x: true,
            log_y: true,
            connect: true,
            markers: true,
            x_format: charts::count_tick,
            y_format: charts::ns_tick,
            notes: vec!["bars: range over the rounds".into()],
        });
        blocks.push(chart(&file, &title, svg));
    }
    let series: Vec<Line> = maps
        .iter()
        .map(|name| Line {
            entry: ctx.entry(name, *name),
            points: ns
                .iter()
                .filter_map(|&n| {
                    Some(Point {
                        x: Value::exact(n as f64),
                        y: Value::exact(results.bytes_per_entry(name, "u64", n)?),
                    })
                })
                .collect(),
        })
        .filter(|line| !line.points.is_empty())
        .collect();
    let title = "Heap bytes per entry when full against N, u64 keys and values".to_string();
    let svg = charts::lines(&Lines {
        title: title.clone(),
        x_label: "entries N (log scale)".into(),
        y_label: "heap bytes per entry (log scale)".into(),
        series,
        log_x: true,
        log_y: true,
        connect: true,
        markers: true,
        x_format: charts::count_tick,
        y_format: charts::plain_tick,
        notes: vec!["an entry is 16 bytes of".into(), "key and value".into()],
    });
    blocks.push(chart("scale-bytes.svg", &title, svg));
    let rows = maps
        .iter()
        .map(|name| {
            std::iter::once(Cell::plain(ctx.map_link(name)))
                .chain(ns.iter().map(|&n| {
                    match (
                        results.bytes_per_entry(name, "u64", n),
                        results.ns(name, "u64", n, Op::GetHit),
                    ) {
                        (Some(b), Some(get)) => {
                            Cell::plain(format!("{b:.1} B · get hit {}", format::ns(get.median)))
                        }
                        _ => Cell::toned("n/a", Tone::Missing),
                    }
                }))
                .collect()
        })
        .collect();
    blocks.push(Block::Table(Table {
        header: std::iter::once("map".to_string())
            .chain(
                ns.iter()
                    .map(|&n| format!("N = {}", format::group(n as u64))),
            )
            .collect(),
        rows,
        numeric_from: 1,
    }));
    blocks
}
