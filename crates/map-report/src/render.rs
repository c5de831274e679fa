//! Rendering the results as text, Markdown and JSON.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::args::Plan;
use crate::reference;
use crate::run::{SEED_VALUE, SeedOutcome};

/// The rendered report.
#[derive(Debug)]
pub struct Report {
    /// What the terminal shows.
    pub terminal: String,
    /// REPORT.md.
    pub markdown: String,
}

const MIB: f64 = 1024.0 * 1024.0;

fn bytes_and_mib(bytes: u64) -> String {
    format!("{} ({:.1} MiB)", group(bytes), bytes as f64 / MIB)
}

/// `1234567` as `1,234,567`.
pub fn group(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The seed table in the Go article's shape, plus drain and peak columns,
/// with REFERENCE.md's recorded rows beneath.
pub fn seed_report(plan: &Plan, outcomes: &[SeedOutcome]) -> Report {
    let mut md = String::new();
    let n = group(plan.n as u64);
    let value = SEED_VALUE.type_name();
    let _ = writeln!(md, "# Map retention report\n");
    let _ = writeln!(
        md,
        "The seed experiment: insert keys 0..{n} with `{value}` values into an empty map, remove all \
         but the last 1%, then remove the rest. Bytes are the live heap the map holds, measured by \
         dhat in a child process per map, relative to a baseline taken just before the map was \
         created. Peak is the most held at any moment.\n"
    );
    let _ = writeln!(
        md,
        "| map | kind | after insert | after drain to 1% | after delete | peak |"
    );
    let _ = writeln!(md, "|---|---|--:|--:|--:|--:|");
    for outcome in outcomes {
        let kind = map_registry::find(outcome.strategy).map_or("?", |info| info.kind.label());
        match &outcome.result {
            Ok(r) => {
                let peak = r.peak.map_or_else(|| "n/a".to_string(), bytes_and_mib);
                let _ = writeln!(
                    md,
                    "| {} | {kind} | {} | {} | {} | {peak} |",
                    outcome.strategy,
                    bytes_and_mib(r.after_insert),
                    bytes_and_mib(r.after_drain),
                    bytes_and_mib(r.after_delete),
                );
            }
            Err(err) => {
                let _ = writeln!(
                    md,
                    "| {} | {kind} | failed: {} | | | |",
                    outcome.strategy,
                    err.replace('|', "/")
                );
            }
        }
    }
    let _ = writeln!(
        md,
        "\nRecorded figures from `shared/REFERENCE.md` (N = 1,000,000; Go {}, classic hmap; not \
         measured by this run):\n",
        reference::GO_VERSION
    );
    let _ = writeln!(
        md,
        "| map (recorded) | after insert | after delete | peak |"
    );
    let _ = writeln!(md, "|---|--:|--:|--:|");
    for row in reference::SEED {
        let peak = row.peak.map_or_else(|| "n/a".to_string(), bytes_and_mib);
        let _ = writeln!(
            md,
            "| {} | {} | {} | {peak} |",
            row.map,
            bytes_and_mib(row.after_insert),
            bytes_and_mib(row.after_delete)
        );
    }
    let _ = writeln!(
        md,
        "\nReproduce with `cargo run --release -p map-report -- --n {}`.",
        plan.n
    );
    Report {
        terminal: md.clone(),
        markdown: md,
    }
}

/// Writes REPORT.md and results.json into the plan's directory.
pub fn write(
    plan: &Plan,
    outcomes: &[SeedOutcome],
    report: &Report,
) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(&plan.out_dir)?;
    let dir = std::fs::canonicalize(&plan.out_dir)?;
    let markdown = dir.join("REPORT.md");
    std::fs::write(&markdown, &report.markdown)?;
    let records: Vec<_> = outcomes
        .iter()
        .filter_map(|o| o.result.as_ref().ok())
        .collect();
    let json = dir.join("results.json");
    std::fs::write(
        &json,
        serde_json::to_string_pretty(&records).expect("records serialise"),
    )?;
    Ok(vec![markdown, json])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1_000), "1,000");
        assert_eq!(group(287_309_840), "287,309,840");
    }
}
