//! Memory over time: the burst and churn time series.

use crate::charts::{self, LineChart, Series};
use crate::doc::{Block, Cell, Chart, Table, Tone};
use crate::format;
use crate::results::Results;

pub fn blocks(results: &Results) -> Vec<Block> {
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
            "Burst: heap while filling and draining, three cycles",
        ),
        (
            true,
            "churn.svg",
            "Churn: heap of a full map in sliding-window steady state",
        ),
    ] {
        let series: Vec<Series> = results
            .strategies
            .iter()
            .filter_map(|name| results.series(name, churn))
            .map(|record| Series {
                name: record.strategy.clone(),
                points: record
                    .points
                    .iter()
                    .map(|p| (p.op as f64, p.bytes as f64))
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
        match charts::line_chart(&LineChart {
            title,
            x_label: "operations",
            y_label: "heap (MiB)",
            series,
            log_y: false,
            x_format: charts::count_tick,
            y_format: charts::plain_tick,
        }) {
            Ok(svg) => blocks.push(Block::Chart(Chart {
                file: file.into(),
                title: title.into(),
                svg,
            })),
            Err(err) => blocks.push(Block::Paragraph(format!(
                "The {file} chart could not be drawn: {err}"
            ))),
        }
    }
    blocks.push(Block::Table(summary(results)));
    blocks
}

fn summary(results: &Results) -> Table {
    let rows = results
        .strategies
        .iter()
        .map(|name| {
            let mut row = vec![Cell::plain(format!("`{name}`"))];
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
