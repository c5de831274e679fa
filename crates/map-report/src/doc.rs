//! A small document model, rendered both as Markdown and as HTML so the two
//! reports cannot drift apart.

/// How a table cell should be coloured in HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// No colour.
    Plain,
    /// Better than the reference, or within its target.
    Good,
    /// Close to the reference.
    Near,
    /// Clearly worse than the reference.
    Bad,
    /// The measurement failed or is missing.
    Missing,
    /// The rounds cannot tell it from what it is compared with.
    Tied,
}

/// A table cell.
#[derive(Debug, Clone)]
pub struct Cell {
    /// Text, with inline Markdown (`code`, **bold**).
    pub text: String,
    /// Colour in HTML.
    pub tone: Tone,
}

impl Cell {
    /// A plain cell.
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            tone: Tone::Plain,
        }
    }

    /// A coloured cell.
    pub fn toned(text: impl Into<String>, tone: Tone) -> Self {
        Self {
            text: text.into(),
            tone,
        }
    }
}

/// A table: a header row, body rows, and which columns are numeric (and so
/// right-aligned).
#[derive(Debug, Clone)]
pub struct Table {
    /// Column titles.
    pub header: Vec<String>,
    /// Body rows, each as long as the header.
    pub rows: Vec<Vec<Cell>>,
    /// Columns from this index on are right-aligned.
    pub numeric_from: usize,
}

/// A chart: an SVG document and the file it is saved as beside REPORT.md.
#[derive(Debug, Clone)]
pub struct Chart {
    /// File name, such as `burst.svg`.
    pub file: String,
    /// Alternative text and caption.
    pub title: String,
    /// The SVG document.
    pub svg: String,
}

/// One block of the report.
#[derive(Debug, Clone)]
pub enum Block {
    /// A heading of level 1 to 3.
    Heading(u8, String),
    /// A paragraph with inline Markdown.
    Paragraph(String),
    /// A bulleted list of inline-Markdown items.
    List(Vec<String>),
    /// A block of literal text, such as commands.
    Code(String),
    /// A table.
    Table(Table),
    /// A chart.
    Chart(Chart),
}

/// Renders blocks as Markdown; charts become image links to their files.
pub fn to_markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                out.push_str(&"#".repeat(usize::from(*level)));
                out.push(' ');
                out.push_str(text);
                out.push('\n');
            }
            Block::Paragraph(text) => {
                out.push_str(text);
                out.push('\n');
            }
            Block::List(items) => {
                for item in items {
                    out.push_str("- ");
                    out.push_str(item);
                    out.push('\n');
                }
            }
            Block::Code(text) => {
                out.push_str("```text\n");
                out.push_str(text.trim_end());
                out.push_str("\n```\n");
            }
            Block::Table(table) => {
                let row = |cells: Vec<&str>| format!("| {} |\n", cells.join(" | "));
                out.push_str(&row(table.header.iter().map(String::as_str).collect()));
                let rule: Vec<&str> = (0..table.header.len())
                    .map(|i| {
                        if i >= table.numeric_from {
                            "--:"
                        } else {
                            "---"
                        }
                    })
                    .collect();
                out.push_str(&row(rule));
                for cells in &table.rows {
                    let texts: Vec<String> =
                        cells.iter().map(|c| c.text.replace('|', "\\|")).collect();
                    out.push_str(&row(texts.iter().map(String::as_str).collect()));
                }
            }
            Block::Chart(chart) => {
                out.push_str(&format!("![{}]({})\n", chart.title, chart.file));
            }
        }
        out.push('\n');
    }
    out
}

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Inline Markdown (`code`, **bold**, `[text](link)`) to HTML, escaping
/// everything else.
pub fn inline_html(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some((label, href, after)) = link_at(rest) {
            out.push_str(&format!(
                "<a href=\"{}\">{}</a>",
                escape(href),
                inline_html(label)
            ));
            rest = after;
        } else if let Some(after) = rest.strip_prefix('`')
            && let Some(end) = after.find('`')
        {
            out.push_str("<code>");
            out.push_str(&escape(&after[..end]));
            out.push_str("</code>");
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix("**")
            && let Some(end) = after.find("**")
        {
            out.push_str("<strong>");
            out.push_str(&inline_html(&after[..end]));
            out.push_str("</strong>");
            rest = &after[end + 2..];
        } else {
            let c = rest.chars().next().expect("not empty");
            out.push_str(&escape(c.encode_utf8(&mut [0; 4])));
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// `[label](href)` at the start of `text`: the label, the target and what
/// follows.
fn link_at(text: &str) -> Option<(&str, &str, &str)> {
    let after = text.strip_prefix('[')?;
    let close = after.find("](")?;
    let label = &after[..close];
    if label.contains('[') {
        return None;
    }
    let target = &after[close + 2..];
    let end = target.find(')')?;
    Some((label, &target[..end], &target[end + 1..]))
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:72rem;margin:2rem auto;\
padding:0 1rem;color:#1d1d1f;line-height:1.45}table{border-collapse:collapse;margin:0.5rem 0 1.5rem;font-size:0.9rem}\
th,td{border:1px solid #d0d4da;padding:0.3rem 0.6rem;vertical-align:top}th{background:#f2f4f7;text-align:left}\
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.good{background:#dff3e3}\
td.near{background:#fdf3d0}td.bad{background:#f9dcdc}td.missing{background:#eceff3;color:#666}\
td.tied{background:#e3ecf7}a{color:#1f5fa8}\
code{background:#f2f4f7;padding:0 0.2rem;border-radius:3px}pre{background:#f2f4f7;padding:0.7rem;overflow-x:auto}\
figure{margin:1rem 0 2rem}figcaption{color:#555;font-size:0.9rem}figure svg{max-width:100%;height:auto}";

/// Renders blocks as one self-contained HTML page, charts inline.
pub fn to_html(title: &str, blocks: &[Block]) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(title)
    );
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                out.push_str(&format!("<h{level}>{}</h{level}>\n", inline_html(text)));
            }
            Block::Paragraph(text) => out.push_str(&format!("<p>{}</p>\n", inline_html(text))),
            Block::List(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    out.push_str(&format!("<li>{}</li>\n", inline_html(item)));
                }
                out.push_str("</ul>\n");
            }
            Block::Code(text) => out.push_str(&format!("<pre>{}</pre>\n", escape(text.trim_end()))),
            Block::Table(table) => {
                out.push_str("<table>\n<thead><tr>");
                for title in &table.header {
                    out.push_str(&format!("<th>{}</th>", inline_html(title)));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for cells in &table.rows {
                    out.push_str("<tr>");
                    for (i, cell) in cells.iter().enumerate() {
                        let mut classes = Vec::new();
                        if i >= table.numeric_from {
                            classes.push("num");
                        }
                        match cell.tone {
                            Tone::Plain => {}
                            Tone::Good => classes.push("good"),
                            Tone::Near => classes.push("near"),
                            Tone::Bad => classes.push("bad"),
                            Tone::Missing => classes.push("missing"),
                            Tone::Tied => classes.push("tied"),
                        }
                        let class = if classes.is_empty() {
                            String::new()
                        } else {
                            format!(" class=\"{}\"", classes.join(" "))
                        };
                        out.push_str(&format!("<td{class}>{}</td>", inline_html(&cell.text)));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::Chart(chart) => {
                out.push_str(&format!(
                    "<figure data-chart=\"{}\">\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
                    escape(&chart.file),
                    strip_xml_declaration(&chart.svg),
                    inline_html(&chart.title)
                ));
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn strip_xml_declaration(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(start) => &svg[start..],
        None => svg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Block> {
        vec![
            Block::Heading(2, "Retention".into()),
            Block::Paragraph("Bytes held by `hashbrown` <after> **delete**.".into()),
            Block::Table(Table {
                header: vec!["map".into(), "bytes".into()],
                rows: vec![vec![Cell::plain("a|b"), Cell::toned("1,024", Tone::Good)]],
                numeric_from: 1,
            }),
            Block::Chart(Chart {
                file: "x.svg".into(),
                title: "X".into(),
                svg: "<?xml version=\"1.0\"?><svg></svg>".into(),
            }),
        ]
    }

    #[test]
    fn markdown_escapes_pipes_and_links_charts() {
        let md = to_markdown(&sample());
        assert!(md.contains("## Retention"));
        assert!(md.contains("| a\\|b | 1,024 |"));
        assert!(md.contains("| --- | --: |"));
        assert!(md.contains("![X](x.svg)"));
    }

    #[test]
    fn links_render_with_code_inside() {
        let html = inline_html("see [`shrink-map`](../crates/shrink-map/README.md) & more");
        assert_eq!(
            html,
            "see <a href=\"../crates/shrink-map/README.md\"><code>shrink-map</code></a> &amp; more"
        );
        assert_eq!(inline_html("a [b] c"), "a [b] c");
        assert_eq!(
            inline_html("**x** `y`"),
            "<strong>x</strong> <code>y</code>"
        );
    }

    #[test]
    fn html_escapes_text_and_inlines_charts() {
        let html = to_html("T", &sample());
        assert!(html.contains("<code>hashbrown</code> &lt;after&gt; <strong>delete</strong>"));
        assert!(html.contains("<td class=\"num good\">1,024</td>"));
        assert!(html.contains("<figure data-chart=\"x.svg\">\n<svg></svg>"));
        assert!(!html.contains("<?xml"));
    }
}
