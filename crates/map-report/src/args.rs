//! Command-line flags, and the plan they describe.

use std::path::PathBuf;

use clap::Parser;
use map_registry::StrategyInfo;

/// Runs the map-retention workloads and writes the comparison report.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Args {
    /// Entries in the seed experiment.
    #[arg(long, default_value_t = 1_000_000, value_parser = parse_n)]
    pub n: usize,

    /// Measure only these maps (comma-separated registry names).
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,

    /// Where to write the report (default: target/map-report).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

fn parse_n(text: &str) -> Result<usize, String> {
    let n: usize = text
        .replace('_', "")
        .parse()
        .map_err(|_| format!("{text:?} is not a whole number"))?;
    if n < 100 {
        return Err("N must be at least 100, so that 1% of it is a whole entry".into());
    }
    Ok(n)
}

/// What to measure and where to write it.
#[derive(Debug)]
pub struct Plan {
    /// Entries in the seed experiment.
    pub n: usize,
    /// The maps to measure, in registry order.
    pub strategies: Vec<&'static StrategyInfo>,
    /// The report directory.
    pub out_dir: PathBuf,
}

impl Args {
    /// Checks the flags against the registry.
    pub fn plan(&self) -> Result<Plan, String> {
        for name in &self.only {
            if map_registry::find(name).is_none() {
                let known: Vec<&str> = map_registry::ALL.iter().map(|info| info.name).collect();
                return Err(format!(
                    "--only: no map is called {name:?}; the registry has {}",
                    known.join(", ")
                ));
            }
        }
        let strategies = map_registry::ALL
            .iter()
            .filter(|info| self.only.is_empty() || self.only.iter().any(|name| name == info.name))
            .collect();
        Ok(Plan {
            n: self.n,
            strategies,
            out_dir: self.out.clone().unwrap_or_else(default_out_dir),
        })
    }
}

/// `target/map-report` under the workspace's target directory.
fn default_out_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("map-report")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unknown_maps_naming_the_known_ones() {
        let args = Args::parse_from(["map-report", "--only", "hashbrown,nope"]);
        let err = args.plan().expect_err("unknown map");
        assert!(
            err.contains("\"nope\"") && err.contains("hashbrown"),
            "{err}"
        );
    }

    #[test]
    fn parses_sizes_with_separators() {
        let args = Args::parse_from(["map-report", "--n", "1_000", "--only", "std"]);
        let plan = args.plan().expect("valid");
        assert_eq!(plan.n, 1_000);
        assert_eq!(plan.strategies.len(), 1);
        assert!(Args::try_parse_from(["map-report", "--n", "10"]).is_err());
        assert!(Args::try_parse_from(["map-report", "--n", "lots"]).is_err());
    }
}
