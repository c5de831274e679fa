//! The summary: what each map keeps, the recommendation, and what each map
//! is. The answer before the details.

use crate::charts::{self, Bars, Value};
use crate::doc::{Block, Cell, Table};
use crate::format;
use crate::plan::SEED_VALUE;
use crate::results::MapKind;

use super::{Ctx, chart, recommend};

pub fn blocks(ctx: &Ctx<'_>) -> Vec<Block> {
    let results = ctx.results;
    let n = results.sizes.seed_n;
    let value = SEED_VALUE.type_name();
    let mut groups: Vec<(String, Vec<Option<Value>>)> = results
        .main_maps()
        .filter_map(|m| {
            let r = results.seed(&m.name, value, n)?;
            Some((
                m.name.clone(),
                vec![
                    Some(Value::exact(r.after_delete as f64)),
                    r.peak.map(|p| Value::exact(p as f64)),
                ],
            ))
        })
        .collect();
    // Real Go beside the Rust maps: this run's toolchains, or the recorded
    // figures when none ran.
    let short = |version: &str| format!("Go {}", version.trim_start_matches("go"));
    let mut go_rows: Vec<(String, u64, bool)> = results
        .go_measured()
        .filter_map(|go| {
            Some((
                short(&go.version),
                results.go_seed(go, value)?.after_delete,
                false,
            ))
        })
        .collect();
    if go_rows.is_empty() {
        go_rows = map_bench::reference::GO
            .iter()
            .map(|go| {
                (
                    format!("{} (rec.)", short(go.version)),
                    go.seed[0].after_delete,
                    true,
                )
            })
            .collect();
    }
    for (label, after_delete, _) in &go_rows {
        groups.push((
            label.clone(),
            vec![Some(Value::exact(*after_delete as f64)), None],
        ));
    }
    let title = format!(
        "What each map keeps after deleting all {} entries, and its peak",
        format::group(n as u64)
    );
    let svg = charts::bars(&Bars {
        title: title.clone(),
        x_label: "map".into(),
        y_label: "heap bytes (log scale)".into(),
        series: vec![
            charts::Entry {
                label: "kept after deleting all".into(),
                colour: charts::RGBColor(214, 39, 40),
            },
            charts::Entry {
                label: "peak (Go: not measured)".into(),
                colour: charts::RGBColor(150, 170, 195),
            },
        ],
        groups,
        log_y: true,
        reference: None,
        value_labels: Some(charts::bytes_tick),
        y_format: charts::bytes_tick,
    });
    let mut blocks = vec![
        Block::Heading(2, "Summary".into()),
        Block::Paragraph(format!(
            "Insert keys 0..{} with `{value}` values, then delete every key. A map that gives memory back \
             keeps nothing; a bar at the floor is 0 B. The Go bars are the real Go runtime{}; Go's peak is not \
             measured.",
            format::group(n as u64),
            if go_rows.iter().any(|r| r.2) {
                " as recorded in docs/reference.md (no Go toolchain ran)"
            } else {
                ", measured by this run"
            }
        )),
        chart("summary-retention.svg", &title, svg),
        Block::Heading(3, "Recommendation".into()),
        Block::Paragraph(
            "One line per need, computed from this run's figures. A row names a map only when it beats every \
             other strategy with ranges apart; where the best ranges overlap, it says **tie** and names the \
             tied maps, after trying the need's second measure. Details and every range are in the sections \
             below."
                .into(),
        ),
        Block::Table(recommend::table(ctx)),
        Block::Heading(3, "The maps".into()),
    ];
    let rows = results
        .maps
        .iter()
        .map(|m| {
            let kind = match m.kind {
                MapKind::Baseline => "baseline".to_string(),
                MapKind::Strategy => "strategy".to_string(),
                MapKind::Variant => format!(
                    "policy variant of `{}` (policy sweep only)",
                    m.variant_of.as_deref().unwrap_or("?")
                ),
            };
            vec![
                Cell::plain(ctx.map_link(&m.name)),
                Cell::plain(kind),
                Cell::plain(m.about.clone()),
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        header: vec!["map".into(), "kind".into(), "what it is".into()],
        rows,
        numeric_from: 3,
    }));
    blocks
}
