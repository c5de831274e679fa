//! Latency: per-operation percentiles while growing and draining, and the
//! timeline of every operation that shows each pause where it happens.

use map_bench::records::{LatencyRecord, Phase};

use crate::charts::{self, Line, Lines, Panels, Point, Value};
use crate::doc::{Block, Cell, Table, Tone};
use crate::format;
use crate::results::REFERENCE;

use super::{Ctx, chart};

type Figure = fn(&LatencyRecord) -> u64;

const FIGURES: [(&str, Figure); 5] = [
    ("p50", |r| r.p50_ns),
    ("p99", |r| r.p99_ns),
    ("p99.9", |r| r.p999_ns),
    ("p99.99", |r| r.p9999_ns),
    ("max", |r| r.max_ns),
];

fn percentile_tick(x: f64) -> String {
    let i = x.round();
    if (x - i).abs() < 0.05 && i >= 0.0 {
        FIGURES
            .get(i as usize)
            .map_or(String::new(), |p| p.0.to_string())
    } else {
        String::new()
    }
}

fn slug(phase: Phase) -> &'static str {
    match phase {
        Phase::Grow => "grow",
        Phase::Drain => "drain",
        Phase::DrainRandom => "drain-random",
    }
}

pub fn blocks(ctx: &Ctx<'_>) -> Vec<Block> {
    let results = ctx.results;
    let s = &results.sizes;
    let n = s.latency_n as u64;
    let mut blocks = vec![
        Block::Heading(2, "Latency".into()),
        Block::Paragraph(format!(
            "Every single operation timed while growing an empty map to {} entries of `[u64; 4]` (**grow**), \
             then while removing them all in insertion order (**drain**) and, from a fresh map, in a shuffled \
             order (**drain (random order)**, how a cache evicts). A resize, shrink, compaction or migration \
             step is one slow operation: the maximum. Each figure is the median over {} rounds with the \
             range. The max column's ratio is to `{REFERENCE}`'s slowest insert, its resize (green: at most \
             1/50 of it).",
            format::group(n),
            s.latency_rounds
        )),
    ];
    let reference_max = results.latency(REFERENCE, Phase::Grow, |l| l.max_ns);
    let maps = results.main_names();
    for phase in Phase::ALL {
        let rows = maps
            .iter()
            .map(|name| {
                let mut row = vec![Cell::plain(ctx.map_link(name))];
                if results.latency(name, phase, |l| l.p50_ns).is_none() {
                    let why = results.failure(name, "latency").map_or_else(
                        || "not measured".to_string(),
                        |f| format!("failed: {}", f.error),
                    );
                    row.push(Cell::toned(why, Tone::Missing));
                    row.extend((0..5).map(|_| Cell::toned("", Tone::Missing)));
                    return row;
                }
                for (label, figure) in FIGURES {
                    let spread = results.latency(name, phase, figure).expect("measured");
                    if label != "max" {
                        row.push(Cell::plain(format::spread_ns(&spread)));
                        continue;
                    }
                    row.push(match reference_max {
                        Some(reference) if reference.median > 0.0 => {
                            let ratio = spread.median / reference.median;
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
                                    format::spread_ns(&spread),
                                    format::ratio(ratio)
                                ),
                                tone,
                            )
                        }
                        _ => Cell::plain(format::spread_ns(&spread)),
                    });
                }
                let over = results
                    .latency(name, phase, |l| l.over_1ms)
                    .map_or(0, |s| s.median as u64);
                row.push(Cell::plain(format::group(over)));
                row
            })
            .collect();
        blocks.push(Block::Heading(
            3,
            format!("{}: {} operations", phase.label(), format::group(n)),
        ));
        blocks.push(Block::Table(Table {
            header: [
                "map",
                "p50",
                "p99",
                "p99.9",
                "p99.99",
                "max",
                "ops over 1 ms (median)",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            rows,
            numeric_from: 1,
        }));
        let series: Vec<Line> = maps
            .iter()
            .filter(|name| results.latency(name, phase, |l| l.p50_ns).is_some())
            .map(|name| Line {
                entry: ctx.entry(name, *name),
                points: FIGURES
                    .iter()
                    .enumerate()
                    .filter_map(|(i, (_, figure))| {
                        let s = results.latency(name, phase, *figure)?;
                        Some(Point {
                            x: Value::exact(i as f64),
                            y: Value {
                                mid: s.median.max(1.0),
                                range: Some((s.min.max(1.0), s.max.max(1.0))),
                            },
                        })
                    })
                    .collect(),
            })
            .collect();
        if series.is_empty() {
            continue;
        }
        let title = format!(
            "Latency percentiles, {} (median and range of the rounds)",
            phase.label()
        );
        let svg = charts::lines(&Lines {
            title: title.clone(),
            x_label: "percentile of single-operation times".into(),
            y_label: "time per operation (log scale)".into(),
            series,
            log_x: false,
            log_y: true,
            connect: true,
            markers: true,
            x_format: percentile_tick,
            y_format: charts::ns_tick,
            notes: vec!["bars: range over the rounds".into()],
        });
        blocks.push(chart(&format!("latency-{}.svg", slug(phase)), &title, svg));
    }
    blocks.extend(timelines(ctx));
    blocks
}

/// One chart per phase: every operation's time against its index, a
/// panel per map.
fn timelines(ctx: &Ctx<'_>) -> Vec<Block> {
    let results = ctx.results;
    let mut blocks = vec![
        Block::Heading(3, "Timeline: every operation".into()),
        Block::Paragraph(
            "Each operation's time against its index, one panel per map, from the round whose slowest \
             operation was the median of the rounds'. To fit a chart, each point is the slowest of a run of \
             consecutive operations (about 1/1,000 of the phase), so no spike is lost: a resize, shrink, \
             compaction or migration step rises above its map's band where it happened (a dot marks every \
             run slower than 8× the band), and a map that spreads its work shows a band without spikes. On \
             a shared machine, some spikes are the scheduler's, not the map's: they come and go between \
             rounds, where a map's own pauses recur at the same index."
                .into(),
        ),
    ];
    for phase in Phase::ALL {
        let panels: Vec<_> = results
            .main_names()
            .into_iter()
            .filter_map(|name| {
                let t = results.timeline(name, phase)?;
                let per = t.ops_per_point as f64;
                let points = t
                    .max_ns
                    .iter()
                    .enumerate()
                    .map(|(i, &ns)| (i as f64 * per, ns as f64))
                    .collect();
                Some((ctx.entry(name, name), points))
            })
            .collect();
        if panels.is_empty() {
            continue;
        }
        let title = format!(
            "Timeline, {}: the slowest operation of each run of operations",
            phase.label()
        );
        let svg = charts::panels(&Panels {
            title: title.clone(),
            x_label: "operation index".into(),
            y_label: "time (log)".into(),
            panels,
            x_format: charts::count_tick,
            y_format: charts::ns_tick,
        });
        blocks.push(chart(&format!("timeline-{}.svg", slug(phase)), &title, svg));
    }
    blocks
}
