//! Memory over time: the burst and churn time series.

use crate::charts::{self, Line, Lines, Point, Value};
use crate::doc::{Block, Cell, Table, Tone};
use crate::format;

use super::{Ctx, chart};

const MIB: f64 = 1024.0 * 1024.0;

pub fn blocks(ctx: &Ctx<'_>) -> Vec<Block> {
    let results = ctx.results;
    let s = &results.sizes;
    let mut blocks = vec![
        Block::Heading(2, "Memory over time".into()),
        Block::Paragraph(format!(
            "**Burst:** {} cycles that fill the map to {} entries of `[u8; 128]` with fresh keys and drain it \
             to 1% by removing the oldest. **Churn:** a map filled to {} entries, then {} steps that each \
             remove the oldest key and insert a new one. Heap measured by dhat about 200 times per phase.",
            s.burst_cycles,
            format::group(s.burst_n as u64),
            format::group(s.churn_n as u64),
            format::group(s.churn_steps as u64)
        )),
    ];
    for (churn, file, title) in [
        (
            false,
            "burst.svg",
            format!(
                "Burst: heap while filling and draining, {} cycles",
                s.burst_cycles
            ),
        ),
        (
            true,
            "churn.svg",
            "Churn: heap of a full map in sliding-window steady state".to_string(),
        ),
    ] {
        let series: Vec<Line> = results
            .main_maps()
            .filter_map(|m| results.series(&m.name, churn))
            .map(|record| Line {
                entry: ctx.entry(&record.strategy, record.strategy.clone()),
                points: record
                    .points
                    .iter()
                    .map(|p| Point {
                        x: Value::exact(p.op as f64),
                        y: Value::exact(p.bytes as f64 / MIB),
                    })
                    .collect(),
            })
            .collect();
        if series.is_empty() {
            blocks.push(Block::Paragraph(format!(
                "No {} series was measured.",
                if churn { "churn" } else { "burst" }
            )));
            continue;
        }
        let svg = charts::lines(&Lines {
            title: title.clone(),
            x_label: "operations performed (inserts + removes)".into(),
            y_label: "heap (MiB)".into(),
            series,
            log_x: false,
            log_y: false,
            connect: true,
            markers: false,
            x_format: charts::count_tick,
            y_format: charts::plain_tick,
            notes: Vec::new(),
        });
        blocks.push(chart(file, &title, svg));
    }
    blocks.push(Block::Table(summary(ctx)));
    blocks
}

fn summary(ctx: &Ctx<'_>) -> Table {
    let results = ctx.results;
    let rows = results
        .main_maps()
        .map(|m| {
            let name = m.name.as_str();
            let mut row = vec![Cell::plain(ctx.map_link(name))];
            match results.series(name, false) {
                Some(burst) => {
                    let peak = burst.points.iter().map(|p| p.bytes).max().unwrap_or(0);
                    let end = burst.points.last().map_or(0, |p| p.bytes);
                    let tone = if end * 4 <= peak {
                        Tone::Good
                    } else {
                        Tone::Bad
                    };
                    row.push(Cell::plain(format::bytes(peak)));
                    row.push(Cell::toned(format::bytes(end), tone));
                }
                None => row.extend([
                    Cell::toned("n/a", Tone::Missing),
                    Cell::toned("n/a", Tone::Missing),
                ]),
            }
            match results.series(name, true) {
                Some(churn) => {
                    let filled = churn
                        .points
                        .iter()
                        .filter(|p| p.op < churn.n)
                        .map(|p| p.bytes)
                        .next_back()
                        .unwrap_or(0);
                    let end = churn.points.last().map_or(0, |p| p.bytes);
                    let max = churn.points.iter().map(|p| p.bytes).max().unwrap_or(0);
                    let tone = if max <= filled.saturating_add(filled / 10) {
                        Tone::Good
                    } else {
                        Tone::Near
                    };
                    row.push(Cell::plain(format::bytes(filled)));
                    row.push(Cell::toned(format::bytes(max), tone));
                    row.push(Cell::plain(format::bytes(end)));
                }
                None => row.extend((0..3).map(|_| Cell::toned("n/a", Tone::Missing))),
            }
            row
        })
        .collect();
    Table {
        header: vec![
            "map".into(),
            "burst: peak".into(),
            "burst: after the last drain".into(),
            "churn: when filled".into(),
            "churn: most during churn".into(),
            "churn: at the end".into(),
        ],
        rows,
        numeric_from: 1,
    }
}
