//! The report's sections, each built from the results as document blocks.

mod header;
mod latency;
mod policy;
mod recommend;
mod retention;
mod scale;
mod series;
mod summary;
mod throughput;

pub use recommend::{Recommendation, recommendations};

use crate::charts::{self, Entry};
use crate::doc::Block;
use crate::results::{MapKind, Results};

/// What every section needs: the results, and where links to the
/// workspace's files point from the report's directory.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// The results.
    pub results: &'a Results,
    /// The workspace root as seen from the report's directory, such as
    /// `../..`.
    pub link_root: &'a str,
}

impl Ctx<'_> {
    /// `name` as inline Markdown: code, linked to its README or docs.
    pub fn map_link(&self, name: &str) -> String {
        match self.results.map(name) {
            Some(map) if !map.link.is_empty() => {
                let href = if map.link.starts_with("http") {
                    map.link.clone()
                } else {
                    format!("{}/{}", self.link_root.trim_end_matches('/'), map.link)
                };
                format!("[`{name}`]({href})")
            }
            _ => format!("`{name}`"),
        }
    }

    /// The legend entry of a map (or a Go version).
    pub fn entry(&self, name: &str, label: impl Into<String>) -> Entry {
        Entry {
            label: label.into(),
            colour: charts::colour(self.results.colour_index(name)),
        }
    }

    /// The strategy names, in registry order.
    pub fn strategies(&self) -> Vec<&str> {
        self.results
            .maps
            .iter()
            .filter(|m| m.kind == MapKind::Strategy)
            .map(|m| m.name.as_str())
            .collect()
    }
}

/// A chart as a block, or a paragraph saying why it could not be drawn.
fn chart(file: &str, title: &str, svg: Result<String, String>) -> Block {
    match svg {
        Ok(svg) => Block::Chart(crate::doc::Chart {
            file: file.to_string(),
            title: title.to_string(),
            svg,
        }),
        Err(err) => Block::Paragraph(format!("The {file} chart could not be drawn: {err}")),
    }
}

/// The whole report, in reading order: the answer first, then the
/// details.
pub fn report(ctx: &Ctx<'_>) -> Vec<Block> {
    let mut blocks = header::blocks(ctx);
    blocks.extend(summary::blocks(ctx));
    blocks.extend(header::method(ctx));
    blocks.extend(retention::blocks(ctx));
    blocks.extend(series::blocks(ctx));
    blocks.extend(policy::blocks(ctx));
    blocks.extend(throughput::blocks(ctx));
    blocks.extend(scale::blocks(ctx));
    blocks.extend(latency::blocks(ctx));
    blocks.extend(header::reproduce(ctx));
    blocks
}
