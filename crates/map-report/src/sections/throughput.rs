//! Throughput: ns/op per operation, with ratios to hashbrown.

use map_bench::records::{Op, TimingSource};

use super::REFERENCE;
use crate::charts::{self, BarChart};
use crate::doc::{Block, Cell, Chart, Table, Tone};
use crate::format;
use crate::results::Results;

/// Colour of a ratio to the reference: at most 1.10× is on par.
fn tone(ratio: f64) -> Tone {
    if ratio <= 1.10 {
        Tone::Good
    } else if ratio <= 1.5 {
        Tone::Near
    } else {
        Tone::Bad
    }
}

pub fn blocks(results: &Results) -> Vec<Block> {
    let mut blocks = vec![
        Block::Heading(2, "Throughput".into()),
        Block::Paragraph(format!(
            "ns per operation, and the ratio to `{REFERENCE}` in the same run (green: within 1.10×, amber: \
             within 1.5×, red: slower). Churn is one remove plus one insert in a full map."
        )),
    ];
    let mut names: Vec<String> = results.strategies.clone();
    if results.records.iter().any(|r| r.strategy() == "go") {
        names.push("go".into());
    }
    for (value, n) in results.throughput_shapes() {
        let sources: Vec<TimingSource> = names
            .iter()
            .flat_map(|name| {
                Op::TIMED
                    .iter()
                    .filter_map(|&op| results.throughput(name, &value, n, op))
            })
            .map(|r| r.source)
            .collect();
        let source = if sources.iter().all(|s| *s == TimingSource::Criterion) {
            "criterion mean"
        } else if sources.contains(&TimingSource::Criterion) {
            "criterion mean where available, else best of the passes' rounds"
        } else {
            "best of the passes' rounds"
        };
        blocks.push(Block::Heading(
            3,
            format!("`{value}` values, N = {}", format::group(n)),
        ));
        blocks.push(Block::Paragraph(format!("Source: {source}.")));
        let rows = names
            .iter()
            .filter(|name| {
                Op::TIMED
                    .iter()
                    .any(|&op| results.throughput(name, &value, n, op).is_some())
            })
            .map(|name| {
                let label = if name == "go" {
                    "real Go".to_string()
                } else {
                    format!("`{name}`")
                };
                std::iter::once(Cell::plain(label))
                    .chain(Op::TIMED.iter().map(|&op| {
                        let ours = results.throughput(name, &value, n, op);
                        let reference = results.throughput(REFERENCE, &value, n, op);
                        match (ours, reference) {
                            (Some(o), Some(r)) if r.ns_per_op > 0.0 => {
                                let ratio = o.ns_per_op / r.ns_per_op;
                                Cell::toned(
                                    format!(
                                        "{} ({})",
                                        format::ns(o.ns_per_op),
                                        format::ratio(ratio)
                                    ),
                                    tone(ratio),
                                )
                            }
                            (Some(o), _) => Cell::plain(format::ns(o.ns_per_op)),
                            (None, _) => Cell::toned("n/a", Tone::Missing),
                        }
                    }))
                    .collect()
            })
            .collect();
        blocks.push(Block::Table(Table {
            header: std::iter::once("map".to_string())
                .chain(Op::TIMED.iter().map(|op| op.label().to_string()))
                .collect(),
            rows,
            numeric_from: 1,
        }));
    }
    blocks.extend(charts_for_largest_u64(results, &names));
    blocks
}

/// One bar chart per operation, for `u64` values at the largest size.
fn charts_for_largest_u64(results: &Results, names: &[String]) -> Vec<Block> {
    let Some((value, n)) = results
        .throughput_shapes()
        .into_iter()
        .filter(|(value, _)| value == "u64")
        .max_by_key(|(_, n)| *n)
    else {
        return Vec::new();
    };
    Op::TIMED
        .iter()
        .filter_map(|&op| {
            let bars: Vec<(String, f64)> = names
                .iter()
                .filter_map(|name| {
                    results
                        .throughput(name, &value, n, op)
                        .map(|r| (name.clone(), r.ns_per_op))
                })
                .collect();
            if bars.is_empty() {
                return None;
            }
            let title = format!(
                "{}: ns/op, u64 values, N = {}",
                op.label(),
                format::group(n)
            );
            let file = format!("throughput-{}.svg", op.label().replace(' ', "-"));
            Some(
                match charts::bar_chart(&BarChart {
                    title: &title,
                    y_label: "ns per operation",
                    bars,
                    log_y: false,
                    y_format: charts::ns_tick,
                }) {
                    Ok(svg) => Block::Chart(Chart { file, title, svg }),
                    Err(err) => {
                        Block::Paragraph(format!("The {file} chart could not be drawn: {err}"))
                    }
                },
            )
        })
        .collect()
}
