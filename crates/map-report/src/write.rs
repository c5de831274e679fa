//! Writing the report's files.

use std::path::{Path, PathBuf};

use crate::doc::{self, Block};
use crate::format;
use crate::plan::SEED_VALUE;
use crate::results::Results;
use crate::verdict::Verdict;

/// The files a report consists of.
#[derive(Debug)]
pub struct Written {
    /// The self-contained HTML page.
    pub html: PathBuf,
    /// The Markdown report, with SVG files beside it.
    pub markdown: PathBuf,
}

/// The workspace root as a link from `dir`: relative when `dir` is inside
/// the workspace (so a committed report's links work on any clone),
/// absolute otherwise.
pub fn link_root(dir: &Path) -> String {
    let root = std::fs::canonicalize(crate::plan::workspace_root())
        .unwrap_or_else(|_| crate::plan::workspace_root());
    match dir.strip_prefix(&root) {
        Ok(inside) => {
            let depth = inside.components().count();
            if depth == 0 {
                ".".to_string()
            } else {
                vec![".."; depth].join("/")
            }
        }
        Err(_) => root.display().to_string(),
    }
}

/// Renders `results` and writes `index.html`, `REPORT.md`, one SVG per
/// chart and `results.json` into `dir`, replacing an earlier report's
/// charts.
pub fn write(dir: &Path, results: &Results) -> std::io::Result<Written> {
    std::fs::create_dir_all(dir)?;
    let dir = std::fs::canonicalize(dir)?;
    let blocks = crate::render(results, &link_root(&dir));
    for entry in std::fs::read_dir(&dir)?.flatten() {
        if entry.path().extension().is_some_and(|ext| ext == "svg") {
            std::fs::remove_file(entry.path())?;
        }
    }
    for block in &blocks {
        if let Block::Chart(chart) = block {
            std::fs::write(dir.join(&chart.file), &chart.svg)?;
        }
    }
    let markdown = dir.join("REPORT.md");
    std::fs::write(&markdown, doc::to_markdown(&blocks))?;
    let html = dir.join("index.html");
    std::fs::write(&html, doc::to_html("Map retention report", &blocks))?;
    let json = serde_json::to_string(results).map_err(std::io::Error::other)?;
    std::fs::write(dir.join("results.json"), json + "\n")?;
    Ok(Written { html, markdown })
}

/// The seed figures and the recommendation in a few lines for the terminal.
pub fn summary(results: &Results) -> String {
    let n = results.sizes.seed_n;
    let value = SEED_VALUE.type_name();
    let mut out = format!(
        "seed experiment, N = {}, {value} values (bytes, dhat):\n{:<12} {:>26} {:>26} {:>26}\n",
        format::group(n as u64),
        "map",
        "after insert",
        "after drain to 1%",
        "after delete"
    );
    for map in results.main_maps() {
        let name = &map.name;
        match results.seed(name, value, n) {
            Some(r) => out.push_str(&format!(
                "{name:<12} {:>26} {:>26} {:>26}\n",
                format::bytes(r.after_insert),
                format::bytes(r.after_drain),
                format::bytes(r.after_delete)
            )),
            None => out.push_str(&format!("{name:<12} failed\n")),
        }
    }
    out.push_str("\nrecommendation (no pick on a tie):\n");
    for rec in crate::recommendations(results) {
        let pick = match &rec.verdict {
            Verdict::Winner(w) => w.name.clone(),
            Verdict::Tie(tied) => format!(
                "tie: {}",
                tied.iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Verdict::Unmeasured => "-".to_string(),
        };
        out.push_str(&format!("  {:<38} {pick}\n", rec.need));
    }
    out
}
