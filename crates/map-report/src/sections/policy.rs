//! The policy trade-off: for each strategy with a shrink policy, what each
//! setting gives back as the map drains against what its removals cost.

use map_bench::records::DrainLevelsRecord;
use map_bench::rounds::Spread;

use crate::charts::{self, Line, Lines, Point, Value};
use crate::doc::{Block, Cell, Table, Tone};
use crate::format;
use crate::results::{MapKind, REFERENCE};

use super::{Ctx, chart};

pub fn blocks(ctx: &Ctx<'_>) -> Vec<Block> {
    let results = ctx.results;
    let mut strategies: Vec<&str> = Vec::new();
    for m in results.maps.iter().filter(|m| m.kind == MapKind::Variant) {
        if let Some(of) = m.variant_of.as_deref()
            && !strategies.contains(&of)
        {
            strategies.push(of);
        }
    }
    if strategies.is_empty() {
        return Vec::new();
    }
    let n = results.sizes.policy_n;
    let mut blocks = vec![
        Block::Heading(2, "Shrink policy: memory against removal cost".into()),
        Block::Paragraph(format!(
            "A shrink policy trades removal time for memory: shrinking at a higher load gives memory back \
             sooner and moves entries more often. Each setting fills a map with {} `u64` keys and removes \
             them all in a shuffled order, reading `heap_bytes()` when 10%, 1% and 0.1% of the entries are \
             left. Removal cost is ns per remove over the whole drain, as a paired ratio to `{REFERENCE}` \
             (which never shrinks) over {} rounds; the bytes are exact.",
            format::group(n as u64),
            results.sizes.rounds
        )),
    ];
    for strategy in strategies {
        let mut settings: Vec<(&str, String)> =
            vec![(REFERENCE, format!("`{REFERENCE}` (never shrinks)"))];
        for m in results
            .maps
            .iter()
            .filter(|m| m.variant_of.as_deref() == Some(strategy))
        {
            settings.push((&m.name, format!("`{}`: {}", m.name, m.about)));
        }
        let measured: Vec<(&str, &String, Vec<&DrainLevelsRecord>, Option<Spread>)> = settings
            .iter()
            .map(|(name, label)| {
                (
                    *name,
                    label,
                    results.drain_levels(name),
                    results.removal_ratio(name),
                )
            })
            .filter(|(_, _, records, _)| !records.is_empty())
            .collect();
        if measured.is_empty() {
            continue;
        }
        let levels: Vec<f64> = measured[0].2[0].levels.iter().map(|l| l.0).collect();
        let mut rows = Vec::new();
        let mut series = Vec::new();
        for (name, label, records, ratio) in &measured {
            let first = records[0];
            let ns = Spread::of(&records.iter().map(|r| r.ns_per_remove).collect::<Vec<_>>());
            let mut row = vec![
                Cell::plain((*label).clone()),
                Cell::plain(ns.map_or_else(|| "n/a".into(), |s| format::spread_ns(&s))),
                match ratio {
                    Some(r) if *name == REFERENCE => Cell::plain(format::spread_ratio(r)),
                    Some(r) if r.contains(1.0) => {
                        Cell::toned(format!("{} tied", format::spread_ratio(r)), Tone::Tied)
                    }
                    Some(r) => Cell::plain(format::spread_ratio(r)),
                    None => Cell::toned("n/a", Tone::Missing),
                },
                Cell::plain(format::mib(first.full_bytes)),
            ];
            row.extend(
                first
                    .levels
                    .iter()
                    .map(|&(_, b)| Cell::plain(format::mib(b))),
            );
            row.push(Cell::plain(format::mib(first.empty_bytes)));
            rows.push(row);
            if let Some(r) = ratio {
                series.push(Line {
                    entry: ctx.entry(name, name.to_string()),
                    // One range bar per setting, on its top dot: the
                    // removal cost is one figure for the whole drain.
                    points: first
                        .levels
                        .iter()
                        .enumerate()
                        .map(|(i, &(_, bytes))| Point {
                            x: if i == 0 {
                                Value::spread(r)
                            } else {
                                Value::exact(r.median)
                            },
                            y: Value::exact(bytes.max(1) as f64),
                        })
                        .collect(),
                });
            }
        }
        let mut header = vec![
            "setting".to_string(),
            "ns per remove".into(),
            format!("ratio to `{REFERENCE}`"),
            "full".into(),
        ];
        header.extend(levels.iter().map(|l| format!("{}% left", l * 100.0)));
        header.push("empty".into());
        blocks.push(Block::Heading(3, format!("`{strategy}`")));
        blocks.push(Block::Table(Table {
            header,
            rows,
            numeric_from: 1,
        }));
        let title =
            format!("{strategy}: bytes held while draining against removal cost, per setting");
        let file = format!("policy-{strategy}.svg");
        let svg = charts::lines(&Lines {
            title: title.clone(),
            x_label: format!("removal time, ratio to {REFERENCE} (median and range)"),
            y_label: "heap bytes held (log scale)".into(),
            series,
            log_x: false,
            log_y: true,
            connect: true,
            markers: true,
            x_format: charts::ratio_tick,
            y_format: charts::bytes_tick,
            notes: vec![
                "one column of dots per setting:".into(),
                format!(
                    "{} left, top to bottom",
                    levels
                        .iter()
                        .map(|l| format!("{}%", l * 100.0))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                "bar: range over the rounds".into(),
            ],
        });
        blocks.push(chart(&file, &title, svg));
    }
    blocks
}
