//! The report's sections, each built from the results as document blocks.

mod header;
mod latency;
mod recommend;
mod retention;
mod series;
mod throughput;

use crate::doc::Block;
use crate::results::Results;

/// The whole report, in reading order.
pub fn report(results: &Results) -> Vec<Block> {
    let mut blocks = header::blocks(results);
    blocks.extend(retention::blocks(results));
    blocks.extend(series::blocks(results));
    blocks.extend(throughput::blocks(results));
    blocks.extend(latency::blocks(results));
    blocks.extend(recommend::blocks(results));
    blocks
}

/// The reference map every ratio is taken against.
pub const REFERENCE: &str = "hashbrown";

/// Whether `name` is one of the workspace's strategies (not a baseline).
fn is_strategy(name: &str) -> bool {
    map_registry::find(name).is_some_and(|info| info.kind == map_api::Kind::Strategy)
}
