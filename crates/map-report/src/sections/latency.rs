//! Latency: per-operation percentiles while growing and draining.

use map_bench::records::{LatencyRecord, Phase};

use super::REFERENCE;
use crate::charts::{self, LineChart, Series};
use crate::doc::{Block, Cell, Chart, Table, Tone};
use crate::format;
use crate::results::Results;

const PERCENTILES: [&str; 5] = ["p50", "p99", "p99.9", "p99.99", "max"];

fn values(r: &LatencyRecord) -> [u64; 5] {
    [r.p50_ns, r.p99_ns, r.p999_ns, r.p9999_ns, r.max_ns]
}

fn percentile_tick(x: f64) -> String {
    let i = x.round();
    if (x - i).abs() < 0.05 && i >= 0.0 {
        PERCENTILES
            .get(i as usize)
            .map_or(String::new(), |p| p.to_string())
    } else {
        String::new()
    }
}

pub fn blocks(results: &Results) -> Vec<Block> {
    let n = results.sizes.latency_n as u64;
    let mut blocks = vec![
        Block::Heading(2, "Latency".into()),
        Block::Paragraph(format!(
            "Every single operation timed while growing an empty map to {} entries of `[u64; 4]` (**grow**), \
             then removing them all (**drain**). A resize or a shrink is one slow operation: the maximum. \
             The max column's ratio is to `{REFERENCE}`'s slowest insert, its resize (green: at most 1/50 of it).",
            format::group(n)
        )),
    ];
    let reference_max = results.latency(REFERENCE, Phase::Grow).map(|r| r.max_ns);
    for (phase, label) in [(Phase::Grow, "grow"), (Phase::Drain, "drain")] {
        let rows = results
            .strategies
            .iter()
            .map(|name| {
                let mut row = vec![Cell::plain(format!("`{name}`"))];
                match results.latency(name, phase) {
                    Some(r) => {
                        row.extend(
                            values(r)[..4]
                                .iter()
                                .map(|&v| Cell::plain(format::ns(v as f64))),
                        );
                        row.push(match reference_max {
                            Some(reference) if reference > 0 => {
                                let ratio = r.max_ns as f64 / reference as f64;
                                let tone = if ratio <= 0.02 {
                                    Tone::Good
                                } else if ratio <= 0.5 {
                                    Tone::Near
                                } else {
                                    Tone::Bad
                                };
                                Cell::toned(
                                    format!(
                                        "{} ({})",
                                        format::ns(r.max_ns as f64),
                                        format::ratio(ratio)
                                    ),
                                    tone,
                                )
                            }
                            _ => Cell::plain(format::ns(r.max_ns as f64)),
                        });
                        row.push(Cell::plain(format::group(r.over_1ms)));
                    }
                    None => {
                        let why = results.failure(name, "latency").map_or_else(
                            || "not measured".to_string(),
                            |f| format!("failed: {}", f.error),
                        );
                        row.push(Cell::toned(why, Tone::Missing));
                        row.extend((0..5).map(|_| Cell::toned("", Tone::Missing)));
                    }
                }
                row
            })
            .collect();
        blocks.push(Block::Heading(
            3,
            format!("{label}: {} operations", format::group(n)),
        ));
        blocks.push(Block::Table(Table {
            header: [
                "map",
                "p50",
                "p99",
                "p99.9",
                "p99.99",
                "max",
                "ops over 1 ms",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            rows,
            numeric_from: 1,
        }));
        let series: Vec<Series> = results
            .strategies
            .iter()
            .filter_map(|name| results.latency(name, phase))
            .map(|r| Series {
                name: r.strategy.clone(),
                points: values(r)
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| (i as f64, v.max(1) as f64))
                    .collect(),
            })
            .collect();
        if series.is_empty() {
            continue;
        }
        let title = format!(
            "Latency percentiles while {} (log scale)",
            if phase == Phase::Grow {
                "growing"
            } else {
                "draining"
            }
        );
        let file = format!("latency-{label}.svg");
        blocks.push(
            match charts::line_chart(&LineChart {
                title: &title,
                x_label: "percentile",
                y_label: "time per operation",
                series,
                log_y: true,
                x_format: percentile_tick,
                y_format: charts::ns_tick,
            }) {
                Ok(svg) => Block::Chart(Chart { file, title, svg }),
                Err(err) => Block::Paragraph(format!("The {file} chart could not be drawn: {err}")),
            },
        );
    }
    blocks
}
