//! Header: where, when and how the figures were measured.

use crate::doc::{Block, Cell, Table};
use crate::format;
use crate::results::{GoStatus, Results};

pub fn blocks(results: &Results) -> Vec<Block> {
    let meta = &results.meta;
    let s = &results.sizes;
    let mode = if s.quick { "quick (`--quick`)" } else { "full" };
    let memory = meta.memory_bytes.map_or_else(
        || "unknown".to_string(),
        |b| format!("{:.1} GiB", b as f64 / (1u64 << 30) as f64),
    );
    let go = match &results.go {
        GoStatus::Measured(version) => format!("measured: `{version}`"),
        GoStatus::NotFound => {
            "not installed: recorded figures from REFERENCE.md are shown instead".to_string()
        }
        GoStatus::Failed(err) => format!("failed ({err}): recorded figures are shown instead"),
        GoStatus::Skipped => "skipped (`--no-go`): recorded figures are shown instead".to_string(),
    };
    let facts = [
        ("CPU", meta.cpu.clone()),
        ("cores", meta.cores.to_string()),
        ("memory", memory),
        ("toolchain", format!("`{}`", meta.rustc)),
        ("date", meta.date_utc.clone()),
        ("commit", format!("`{}`", meta.commit)),
        ("mode", mode.to_string()),
        ("real Go runtime", go),
    ];
    let quick_flag = if s.quick { " -- --quick" } else { "" };
    vec![
        Block::Heading(1, "Map retention report".into()),
        Block::Paragraph(
            "How much memory each hash map still holds after its entries are deleted, and what giving \
             it back costs in throughput and latency. Every figure below was measured by this run unless \
             it is marked as recorded."
                .into(),
        ),
        Block::Table(Table {
            header: vec!["".into(), "".into()],
            rows: facts
                .into_iter()
                .map(|(k, v)| vec![Cell::plain(format!("**{k}**")), Cell::plain(v)])
                .collect(),
            numeric_from: 2,
        }),
        Block::Heading(2, "Reproduce".into()),
        Block::Code(format!(
            "cargo run --release -p map-report{quick_flag}\ncargo bench    # criterion throughput, then the report again\n# ran as: {}",
            meta.command
        )),
        Block::Heading(2, "Method".into()),
        Block::List(vec![
            "**Bytes:** dhat counts the live heap bytes, relative to a baseline taken just before the map is \
             created. Each case runs in a child process of its own, because dhat allows one profiler per \
             process and its peak cannot be reset."
                .into(),
            format!(
                "**Throughput:** ns per operation over {} xorshift64 keys (REFERENCE.md's stream), the best \
                 of {} rounds: {} passes, each running every map in turn, {} in a child process per map. A \
                 slow spell of this shared machine thus costs every map one pass, not one map all its rounds. \
                 Where a `cargo bench` run left criterion figures, criterion's mean is shown instead, as marked.",
                format::group(s.throughput_n as u64),
                s.throughput_passes * s.throughput_rounds,
                s.throughput_passes,
                match s.throughput_rounds {
                    1 => "one round".to_string(),
                    k => format!("{k} rounds"),
                }
            ),
            format!(
                "**Latency:** `Instant::now()` around every single insert while growing to {} entries of \
                 `[u64; 4]`, then around every remove while draining to zero; nearest-rank percentiles.",
                format::group(s.latency_n as u64)
            ),
            "**Ratios** are to `hashbrown::HashMap` with ahash, measured in the same run.".into(),
        ]),
    ]
}
