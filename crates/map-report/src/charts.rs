//! SVG charts, drawn with plotters' SVG backend.
//!
//! Every chart keeps its legend in a column of its own to the right of the
//! plot, so no legend covers data, and every axis names its unit. Timings
//! carry error bars: the median is the mark, the bar spans the rounds'
//! range.

use plotters::coord::Shift;
use plotters::prelude::*;
pub use plotters::style::RGBColor;

/// Width and height of every chart, in pixels.
const SIZE: (u32, u32) = (980, 430);
/// The legend column's width.
const LEGEND_WIDTH: u32 = 200;

/// A fixed palette, so each map keeps its colour across every chart.
const PALETTE: [RGBColor; 12] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
    RGBColor(57, 59, 121),
    RGBColor(173, 73, 74),
];

/// The colour of the `index`th map of a report.
pub fn colour(index: usize) -> RGBColor {
    PALETTE[index % PALETTE.len()]
}

/// A legend entry: what a colour stands for.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The label.
    pub label: String,
    /// Its colour.
    pub colour: RGBColor,
}

/// A median with the range of the rounds it comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Value {
    /// The mark.
    pub mid: f64,
    /// The range, if there were rounds.
    pub range: Option<(f64, f64)>,
}

impl Value {
    /// A figure without a range (a byte count, say).
    pub fn exact(mid: f64) -> Self {
        Self { mid, range: None }
    }

    /// A median and its range.
    pub fn spread(s: &map_bench::rounds::Spread) -> Self {
        Self {
            mid: s.median,
            range: Some((s.min, s.max)),
        }
    }

    fn lo(&self) -> f64 {
        self.range.map_or(self.mid, |r| r.0.min(self.mid))
    }

    fn hi(&self) -> f64 {
        self.range.map_or(self.mid, |r| r.1.max(self.mid))
    }
}

/// Formats tick values on an axis.
pub type Ticks = fn(f64) -> String;

/// A bar chart of categories, each with one bar per series.
#[derive(Debug, Clone)]
pub struct Bars {
    /// Caption.
    pub title: String,
    /// What the categories are, with their unit if any.
    pub x_label: String,
    /// What the bars measure, with the unit.
    pub y_label: String,
    /// The series: one bar per category each.
    pub series: Vec<Entry>,
    /// `(category, one value per series)`.
    pub groups: Vec<(String, Vec<Option<Value>>)>,
    /// Logarithmic y axis.
    pub log_y: bool,
    /// A horizontal line, such as the baseline's 1.0×, with its legend text.
    pub reference: Option<(f64, String)>,
    /// Writes each bar's value above it.
    pub value_labels: Option<Ticks>,
    /// Formats y ticks.
    pub y_format: Ticks,
}

/// One point of a line or scatter series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// x, with its range if any.
    pub x: Value,
    /// y, with its range if any.
    pub y: Value,
}

/// One series of a line chart.
#[derive(Debug, Clone)]
pub struct Line {
    /// Legend entry.
    pub entry: Entry,
    /// Points in x order.
    pub points: Vec<Point>,
}

/// A line chart, or a scatter chart when `connect` is off.
#[derive(Debug, Clone)]
pub struct Lines {
    /// Caption.
    pub title: String,
    /// x axis label, with the unit.
    pub x_label: String,
    /// y axis label, with the unit.
    pub y_label: String,
    /// The series.
    pub series: Vec<Line>,
    /// Logarithmic x axis.
    pub log_x: bool,
    /// Logarithmic y axis.
    pub log_y: bool,
    /// Joins each series' points with lines.
    pub connect: bool,
    /// Draws a dot at every point.
    pub markers: bool,
    /// Formats x ticks.
    pub x_format: Ticks,
    /// Formats y ticks.
    pub y_format: Ticks,
    /// Extra legend lines under the series (what marker shapes mean, say).
    pub notes: Vec<String>,
}

/// Small multiples: one panel per series, stacked, sharing both axes.
#[derive(Debug, Clone)]
pub struct Panels {
    /// Caption.
    pub title: String,
    /// x axis label, with the unit.
    pub x_label: String,
    /// y axis label, with the unit.
    pub y_label: String,
    /// One panel per entry: its dots.
    pub panels: Vec<(Entry, Vec<(f64, f64)>)>,
    /// Formats x ticks.
    pub x_format: Ticks,
    /// Formats y ticks.
    pub y_format: Ticks,
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Splits the canvas into the title, the plot and the legend column.
fn frame<'a>(root: &Area<'a>, title: &str) -> Result<(Area<'a>, Area<'a>), String> {
    root.fill(&WHITE).map_err(err)?;
    let body = root.titled(title, ("sans-serif", 19)).map_err(err)?;
    let (plot, legend) = body.split_horizontally(SIZE.0 - LEGEND_WIDTH);
    Ok((plot, legend))
}

/// Draws legend entries top-down in their own column.
fn legend(area: &Area<'_>, entries: &[Entry], lines: bool, notes: &[String]) -> Result<(), String> {
    let text = ("sans-serif", 13).into_font().color(&BLACK);
    let mut y = 24;
    for entry in entries {
        let colour = entry.colour;
        if lines {
            area.draw(&PathElement::new(
                vec![(8, y + 7), (30, y + 7)],
                colour.stroke_width(3),
            ))
            .map_err(err)?;
        } else {
            area.draw(&Rectangle::new([(8, y), (26, y + 13)], colour.filled()))
                .map_err(err)?;
        }
        area.draw(&Text::new(shorten(&entry.label, 26), (36, y), text.clone()))
            .map_err(err)?;
        y += 20;
    }
    y += 6;
    let small = ("sans-serif", 12).into_font().color(&RGBColor(80, 80, 80));
    for note in notes {
        area.draw(&Text::new(note.clone(), (8, y), small.clone()))
            .map_err(err)?;
        y += 17;
    }
    Ok(())
}

fn shorten(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        label.chars().take(max - 1).collect::<String>() + "…"
    }
}

/// The range an axis needs for `values`, padded; on a log axis, positive.
fn axis_range(values: impl Iterator<Item = f64>, log: bool, from_zero: bool) -> (f64, f64) {
    let (mut lo, mut hi) = values
        .filter(|v| v.is_finite() && (!log || *v > 0.0))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !lo.is_finite() {
        (lo, hi) = (1.0, 10.0);
    }
    if log {
        (lo / 1.6, hi * 1.6)
    } else if from_zero {
        (0.0_f64.min(lo), if hi > 0.0 { hi * 1.1 } else { 1.0 })
    } else {
        let pad = ((hi - lo) * 0.06).max(hi.abs() * 0.02).max(1e-9);
        (lo - pad, hi + pad)
    }
}

/// Expands `$body` with `$chart` built on linear or logarithmic axes as
/// asked: plotters' coordinate types differ, so each combination is its own
/// monomorphised copy of the drawing code.
macro_rules! with_axes {
    ($builder:expr, $log_x:expr, $x:expr, $log_y:expr, $y:expr, |$chart:ident| $body:block) => {{
        let (x0, x1) = $x;
        let (y0, y1) = $y;
        match ($log_x, $log_y) {
            (false, false) => {
                let mut $chart = $builder.build_cartesian_2d(x0..x1, y0..y1).map_err(err)?;
                $body
            }
            (true, false) => {
                let mut $chart = $builder
                    .build_cartesian_2d((x0..x1).log_scale(), y0..y1)
                    .map_err(err)?;
                $body
            }
            (false, true) => {
                let mut $chart = $builder
                    .build_cartesian_2d(x0..x1, (y0..y1).log_scale())
                    .map_err(err)?;
                $body
            }
            (true, true) => {
                let mut $chart = $builder
                    .build_cartesian_2d((x0..x1).log_scale(), (y0..y1).log_scale())
                    .map_err(err)?;
                $body
            }
        }
    }};
}

/// Draws a vertical error bar with caps at `x` from `lo` to `hi`.
macro_rules! error_bar_y {
    ($chart:ident, $x:expr, $lo:expr, $hi:expr, $colour:expr) => {{
        let style = $colour.stroke_width(1);
        $chart
            .draw_series([PathElement::new(vec![($x, $lo), ($x, $hi)], style)])
            .map_err(err)?;
        for y in [$lo, $hi] {
            $chart
                .draw_series([
                    EmptyElement::at(($x, y)) + PathElement::new(vec![(-4, 0), (4, 0)], style)
                ])
                .map_err(err)?;
        }
    }};
}

/// Draws a horizontal error bar with caps at `y` from `lo` to `hi`.
macro_rules! error_bar_x {
    ($chart:ident, $y:expr, $lo:expr, $hi:expr, $colour:expr) => {{
        let style = $colour.stroke_width(1);
        $chart
            .draw_series([PathElement::new(vec![($lo, $y), ($hi, $y)], style)])
            .map_err(err)?;
        for x in [$lo, $hi] {
            $chart
                .draw_series([
                    EmptyElement::at((x, $y)) + PathElement::new(vec![(0, -4), (0, 4)], style)
                ])
                .map_err(err)?;
        }
    }};
}

/// Draws a bar chart as an SVG document.
pub fn bars(spec: &Bars) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        let (plot, side) = frame(&root, &spec.title)?;
        let mut entries = spec.series.clone();
        if let Some((_, label)) = &spec.reference {
            entries.push(Entry {
                label: label.clone(),
                colour: RGBColor(60, 60, 60),
            });
        }
        legend(&side, &entries, false, &[])?;
        let categories = spec.groups.len().max(1);
        let series = spec.series.len().max(1);
        let values = spec
            .groups
            .iter()
            .flat_map(|(_, vs)| vs.iter().flatten().flat_map(|v| [v.lo(), v.hi()]))
            .chain(spec.reference.iter().map(|r| r.0));
        let (y0, y1) = axis_range(values, spec.log_y, true);
        let y1 = if spec.value_labels.is_some() {
            if spec.log_y { y1 * 3.0 } else { y1 * 1.08 }
        } else {
            y1
        };
        let base = if spec.log_y { y0 } else { 0.0 };
        let names: Vec<String> = spec.groups.iter().map(|(name, _)| name.clone()).collect();
        let x_format = |x: &f64| -> String {
            let i = x.floor();
            if (x - i - 0.5).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        };
        let mut builder = ChartBuilder::on(&plot);
        builder
            .margin(10)
            .x_label_area_size(48)
            .y_label_area_size(84);
        with_axes!(
            builder,
            false,
            (0.0, categories as f64),
            spec.log_y,
            (y0, y1),
            |chart| {
                chart
                    .configure_mesh()
                    .disable_x_mesh()
                    .x_labels(categories * 2 + 1)
                    .x_label_formatter(&x_format)
                    .x_desc(spec.x_label.as_str())
                    .y_desc(spec.y_label.as_str())
                    .y_label_formatter(&|y| (spec.y_format)(*y))
                    .light_line_style(RGBColor(238, 238, 238))
                    .draw()
                    .map_err(err)?;
                let slot = 0.8 / series as f64;
                for (g, (_, values)) in spec.groups.iter().enumerate() {
                    for (s, value) in values.iter().enumerate() {
                        let Some(value) = value else { continue };
                        let colour = spec.series.get(s).map_or(BLACK, |e| e.colour);
                        let x0 = g as f64 + 0.1 + s as f64 * slot;
                        let x1 = x0 + slot * 0.92;
                        let top = value.mid.max(base);
                        chart
                            .draw_series([Rectangle::new(
                                [(x0, base), (x1, top)],
                                colour.mix(0.85).filled(),
                            )])
                            .map_err(err)?;
                        let centre = (x0 + x1) / 2.0;
                        if let Some((lo, hi)) = value.range {
                            let (lo, hi) = (lo.max(base), hi.max(base));
                            error_bar_y!(chart, centre, lo, hi, BLACK);
                        }
                        if let Some(label) = spec.value_labels {
                            chart
                                .draw_series([EmptyElement::at((centre, value.hi().max(base)))
                                    + Text::new(
                                        label(value.mid),
                                        (-12, -14),
                                        ("sans-serif", 10).into_font().color(&BLACK),
                                    )])
                                .map_err(err)?;
                        }
                    }
                }
                if let Some((y, _)) = &spec.reference {
                    chart
                        .draw_series([PathElement::new(
                            vec![(0.0, *y), (categories as f64, *y)],
                            RGBColor(60, 60, 60).stroke_width(1),
                        )])
                        .map_err(err)?;
                }
            }
        );
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// Draws a line (or scatter) chart as an SVG document.
pub fn lines(spec: &Lines) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        let (plot, side) = frame(&root, &spec.title)?;
        let entries: Vec<Entry> = spec.series.iter().map(|s| s.entry.clone()).collect();
        legend(&side, &entries, spec.connect, &spec.notes)?;
        let points = || spec.series.iter().flat_map(|s| s.points.iter());
        let x = axis_range(
            points().flat_map(|p| [p.x.lo(), p.x.hi()]),
            spec.log_x,
            false,
        );
        let x = if spec.log_x {
            x
        } else {
            (x.0.max(0.0).min(x.1), x.1)
        };
        let y = axis_range(
            points().flat_map(|p| [p.y.lo(), p.y.hi()]),
            spec.log_y,
            true,
        );
        let mut builder = ChartBuilder::on(&plot);
        builder
            .margin(10)
            .x_label_area_size(48)
            .y_label_area_size(84);
        with_axes!(builder, spec.log_x, x, spec.log_y, y, |chart| {
            chart
                .configure_mesh()
                .x_desc(spec.x_label.as_str())
                .y_desc(spec.y_label.as_str())
                .x_label_formatter(&|v| (spec.x_format)(*v))
                .y_label_formatter(&|v| (spec.y_format)(*v))
                .light_line_style(RGBColor(238, 238, 238))
                .draw()
                .map_err(err)?;
            let usable =
                |p: &&Point| (!spec.log_x || p.x.mid > 0.0) && (!spec.log_y || p.y.mid > 0.0);
            for series in &spec.series {
                let colour = series.entry.colour;
                if spec.connect {
                    chart
                        .draw_series(LineSeries::new(
                            series
                                .points
                                .iter()
                                .filter(usable)
                                .map(|p| (p.x.mid, p.y.mid)),
                            colour.stroke_width(2),
                        ))
                        .map_err(err)?;
                }
                for point in series.points.iter().filter(usable) {
                    if let Some((lo, hi)) = point.y.range {
                        let floor = if spec.log_y { y.0 } else { f64::NEG_INFINITY };
                        error_bar_y!(chart, point.x.mid, lo.max(floor), hi, colour);
                    }
                    if let Some((lo, hi)) = point.x.range {
                        let floor = if spec.log_x { x.0 } else { f64::NEG_INFINITY };
                        error_bar_x!(chart, point.y.mid, lo.max(floor), hi, colour);
                    }
                    if spec.markers {
                        chart
                            .draw_series([Circle::new(
                                (point.x.mid, point.y.mid),
                                3,
                                colour.filled(),
                            )])
                            .map_err(err)?;
                    }
                }
            }
        });
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// Draws small multiples as one SVG document, one panel per series, each
/// with its name in its own label column at the left.
pub fn panels(spec: &Panels) -> Result<String, String> {
    let mut svg = String::new();
    let count = spec.panels.len().max(1) as u32;
    let panel_height = 92;
    let height = 40 + 48 + count * panel_height;
    {
        let root = SVGBackend::with_string(&mut svg, (SIZE.0, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (head, body) = root.split_vertically(40);
        head.draw(&Text::new(
            spec.title.clone(),
            (SIZE.0 as i32 / 2, 12),
            ("sans-serif", 19).into_font().color(&BLACK).pos(
                plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Top,
                ),
            ),
        ))
        .map_err(err)?;
        let (names, plots) = body.split_horizontally(150);
        let all = spec.panels.iter().flat_map(|(_, pts)| pts.iter());
        let x_max = all.clone().map(|p| p.0).fold(1.0, f64::max);
        let (y0, y1) = axis_range(all.map(|p| p.1), true, false);
        // Every panel gets the same plot height; the last one also holds
        // the x axis.
        let breaks: Vec<u32> = (1..count).map(|i| i * panel_height).collect();
        let rows = plots.split_by_breakpoints::<u32, u32, _, _>([], breaks.clone());
        let name_rows = names.split_by_breakpoints::<u32, u32, _, _>([], breaks);
        for (i, ((entry, points), area)) in spec.panels.iter().zip(&rows).enumerate() {
            let last = i + 1 == spec.panels.len();
            let mut builder = ChartBuilder::on(area);
            builder
                .margin_top(4)
                .margin_right(16)
                .y_label_area_size(72)
                .x_label_area_size(if last { 48 } else { 4 });
            let mut chart = builder
                .build_cartesian_2d(0f64..x_max, (y0..y1).log_scale())
                .map_err(err)?;
            let y_ticks = |v: &f64| (spec.y_format)(*v);
            let x_ticks = |v: &f64| (spec.x_format)(*v);
            let mut mesh = chart.configure_mesh();
            mesh.y_labels(4)
                .y_label_formatter(&y_ticks)
                .x_label_formatter(&x_ticks)
                .light_line_style(RGBColor(242, 242, 242));
            if i == 0 {
                mesh.y_desc(spec.y_label.as_str());
            }
            if last {
                mesh.x_desc(spec.x_label.as_str());
            } else {
                mesh.x_labels(0);
            }
            mesh.draw().map_err(err)?;
            // The band is a line through the runs within 8x its median;
            // a run above that is a pause (or the scheduler) and gets a
            // dot of its own, with the line broken around it. One path per
            // stretch of band keeps the SVG small where a dot per run
            // would not.
            let drawn: Vec<(f64, f64)> = points.iter().copied().filter(|p| p.1 > 0.0).collect();
            let mut heights: Vec<f64> = drawn.iter().map(|p| p.1).collect();
            heights.sort_by(f64::total_cmp);
            let band = heights.get(heights.len() / 2).copied().unwrap_or(0.0);
            let spike = |p: &(f64, f64)| p.1 > band * 8.0;
            for stretch in drawn.split(spike).filter(|s| !s.is_empty()) {
                chart
                    .draw_series(LineSeries::new(
                        stretch.iter().copied(),
                        entry.colour.stroke_width(1),
                    ))
                    .map_err(err)?;
            }
            chart
                .draw_series(
                    drawn
                        .iter()
                        .filter(|p| spike(p))
                        .map(|&p| Circle::new(p, 2, entry.colour.filled())),
                )
                .map_err(err)?;
            if let Some(label_area) = name_rows.get(i) {
                label_area
                    .draw(&Rectangle::new([(6, 34), (18, 46)], entry.colour.filled()))
                    .map_err(err)?;
                label_area
                    .draw(&Text::new(
                        shorten(&entry.label, 17),
                        (24, 33),
                        ("sans-serif", 13).into_font().color(&BLACK),
                    ))
                    .map_err(err)?;
            }
        }
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// A plain number for axis ticks, without needless decimals.
pub fn plain_tick(value: f64) -> String {
    if value.fract() == 0.0 || value.abs() >= 10.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// A ratio for axis ticks: `1.5×`.
pub fn ratio_tick(value: f64) -> String {
    if value >= 10.0 || value.fract() == 0.0 {
        format!("{value:.0}×")
    } else {
        format!("{value:.1}×")
    }
}

/// Nanoseconds for axis ticks, in the unit that suits.
pub fn ns_tick(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{} ms", trim(ns / 1e6))
    } else if ns >= 1e3 {
        format!("{} µs", trim(ns / 1e3))
    } else {
        format!("{} ns", trim(ns))
    }
}

/// Bytes for axis ticks, in binary units.
pub fn bytes_tick(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{} {}", trim(value), UNITS[unit])
}

/// Counts for axis ticks: `64k`, `1M`.
pub fn count_tick(count: f64) -> String {
    if count >= 1e6 {
        format!("{}M", trim(count / 1e6))
    } else if count >= 1e3 {
        format!("{}k", trim(count / 1e3))
    } else {
        trim(count)
    }
}

/// At most three significant figures, without trailing zeros.
fn trim(value: f64) -> String {
    let text = if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    };
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(label: &str, i: usize) -> Entry {
        Entry {
            label: label.into(),
            colour: colour(i),
        }
    }

    #[test]
    fn bars_with_error_bars_and_an_outside_legend() {
        let svg = bars(&Bars {
            title: "ratio".into(),
            x_label: "operation".into(),
            y_label: "ratio to hashbrown".into(),
            series: vec![entry("shrink-map", 0), entry("slab-map", 1)],
            groups: vec![
                (
                    "insert".into(),
                    vec![
                        Some(Value {
                            mid: 1.1,
                            range: Some((0.9, 1.3)),
                        }),
                        Some(Value::exact(0.8)),
                    ],
                ),
                ("remove".into(), vec![None, Some(Value::exact(2.0))]),
            ],
            log_y: true,
            reference: Some((1.0, "hashbrown = 1".into())),
            value_labels: Some(ratio_tick),
            y_format: ratio_tick,
        })
        .expect("bars");
        assert!(svg.contains("shrink-map") && svg.contains("hashbrown = 1"));
        assert!(svg.contains("<rect") && svg.contains("insert"));
        assert!(svg.contains("ratio to hashbrown") && svg.contains("operation"));
    }

    #[test]
    fn lines_and_panels_draw() {
        let svg = lines(&Lines {
            title: "scale".into(),
            x_label: "entries (log scale)".into(),
            y_label: "ns per operation (log scale)".into(),
            series: vec![Line {
                entry: entry("hashbrown", 0),
                points: vec![
                    Point {
                        x: Value::exact(1e3),
                        y: Value {
                            mid: 20.0,
                            range: Some((18.0, 25.0)),
                        },
                    },
                    Point {
                        x: Value::exact(1e6),
                        y: Value::exact(60.0),
                    },
                ],
            }],
            log_x: true,
            log_y: true,
            connect: true,
            markers: true,
            x_format: count_tick,
            y_format: ns_tick,
            notes: vec!["bars: range over rounds".into()],
        })
        .expect("lines");
        assert!(svg.contains("hashbrown") && svg.contains("bars: range over rounds"));
        let svg = panels(&Panels {
            title: "timeline".into(),
            x_label: "operation index".into(),
            y_label: "ns".into(),
            panels: vec![
                (
                    entry("a", 0),
                    vec![(0.0, 50.0), (1.0, 60.0), (2.0, 9e6), (3.0, 55.0)],
                ),
                (entry("b", 1), vec![(0.0, 40.0)]),
            ],
            x_format: count_tick,
            y_format: ns_tick,
        })
        .expect("panels");
        // The band is a line; the one pause, far above it, is a dot.
        assert!(svg.contains("operation index") && svg.contains("<polyline"));
        assert_eq!(svg.matches("<circle").count(), 1);
    }

    #[test]
    fn ticks_pick_their_unit() {
        assert_eq!(ns_tick(250.0), "250 ns");
        assert_eq!(ns_tick(2_600.0), "2.6 µs");
        assert_eq!(ns_tick(120e6), "120 ms");
        assert_eq!(bytes_tick(287_309_840.0), "274 MiB");
        assert_eq!(bytes_tick(1_024.0), "1 KiB");
        assert_eq!(bytes_tick(0.0), "0 B");
        assert_eq!(count_tick(2_000_000.0), "2M");
        assert_eq!(count_tick(65_536.0), "65.5k");
        assert_eq!(ratio_tick(1.5), "1.5×");
        assert_eq!(plain_tick(3.0), "3");
    }
}
