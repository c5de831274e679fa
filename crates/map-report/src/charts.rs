//! SVG charts, drawn with plotters' SVG backend.

use plotters::coord::ranged1d::{IntoSegmentedCoord, SegmentValue};
use plotters::prelude::*;

const SIZE: (u32, u32) = (760, 400);

/// A fixed palette, so each map keeps its colour across every chart.
const PALETTE: [RGBColor; 10] = [
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
];

/// The colour of a map: its position in the registry, with real Go last.
pub fn colour_of(name: &str) -> RGBColor {
    let index = map_registry::ALL
        .iter()
        .position(|info| info.name == name)
        .unwrap_or(map_registry::ALL.len());
    PALETTE[index % PALETTE.len()]
}

/// One line of a line chart.
#[derive(Debug, Clone)]
pub struct Series {
    /// Legend entry (a map's registry name).
    pub name: String,
    /// Points in x order.
    pub points: Vec<(f64, f64)>,
}

/// A line chart.
#[derive(Debug, Clone)]
pub struct LineChart<'a> {
    /// Caption.
    pub title: &'a str,
    /// X axis label.
    pub x_label: &'a str,
    /// Y axis label.
    pub y_label: &'a str,
    /// The lines.
    pub series: Vec<Series>,
    /// Logarithmic y axis.
    pub log_y: bool,
    /// Formats x tick values.
    pub x_format: fn(f64) -> String,
    /// Formats y tick values.
    pub y_format: fn(f64) -> String,
}

fn y_range(series: &[Series], log_y: bool) -> (f64, f64) {
    let values = series.iter().flat_map(|s| s.points.iter().map(|p| p.1));
    let (mut lo, mut hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| {
        (lo.min(y), hi.max(y))
    });
    if !lo.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    if log_y {
        (lo.max(1.0) / 1.5, hi.max(2.0) * 1.5)
    } else {
        (0.0, if hi > 0.0 { hi * 1.08 } else { 1.0 })
    }
}

/// Draws a line chart as an SVG document.
pub fn line_chart(spec: &LineChart<'_>) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let x_max = spec
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0))
            .fold(1.0f64, f64::max);
        let (y_lo, y_hi) = y_range(&spec.series, spec.log_y);
        let mut builder = ChartBuilder::on(&root);
        builder
            .caption(spec.title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(80);
        macro_rules! draw {
            ($chart:ident) => {{
                $chart
                    .configure_mesh()
                    .x_desc(spec.x_label)
                    .y_desc(spec.y_label)
                    .x_label_formatter(&|x| (spec.x_format)(*x))
                    .y_label_formatter(&|y| (spec.y_format)(*y))
                    .light_line_style(RGBColor(235, 235, 235))
                    .draw()
                    .map_err(|e| e.to_string())?;
                for series in &spec.series {
                    let colour = colour_of(&series.name);
                    $chart
                        .draw_series(LineSeries::new(
                            series.points.iter().copied(),
                            colour.stroke_width(2),
                        ))
                        .map_err(|e| e.to_string())?
                        .label(series.name.as_str())
                        .legend(move |(x, y)| {
                            PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(3))
                        });
                }
                $chart
                    .configure_series_labels()
                    .position(SeriesLabelPosition::UpperRight)
                    .background_style(WHITE.mix(0.85))
                    .border_style(RGBColor(200, 200, 200))
                    .draw()
                    .map_err(|e| e.to_string())?;
            }};
        }
        if spec.log_y {
            let mut chart = builder
                .build_cartesian_2d(0f64..x_max, (y_lo..y_hi).log_scale())
                .map_err(|e| e.to_string())?;
            draw!(chart);
        } else {
            let mut chart = builder
                .build_cartesian_2d(0f64..x_max, y_lo..y_hi)
                .map_err(|e| e.to_string())?;
            draw!(chart);
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// A bar chart: one bar per map.
#[derive(Debug, Clone)]
pub struct BarChart<'a> {
    /// Caption.
    pub title: &'a str,
    /// Y axis label.
    pub y_label: &'a str,
    /// `(map name, value)`, in display order.
    pub bars: Vec<(String, f64)>,
    /// Logarithmic y axis.
    pub log_y: bool,
    /// Formats y tick values.
    pub y_format: fn(f64) -> String,
}

/// Draws a bar chart as an SVG document.
pub fn bar_chart(spec: &BarChart<'_>) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let series = [Series {
            name: String::new(),
            points: spec
                .bars
                .iter()
                .enumerate()
                .map(|(i, b)| (i as f64, b.1))
                .collect(),
        }];
        let (y_lo, y_hi) = y_range(&series, spec.log_y);
        let count = spec.bars.len().max(1) as u32;
        let names: Vec<&str> = spec.bars.iter().map(|b| b.0.as_str()).collect();
        let x_format = |value: &SegmentValue<u32>| match value {
            SegmentValue::CenterOf(i) => names
                .get(*i as usize)
                .map_or(String::new(), |n| n.to_string()),
            _ => String::new(),
        };
        let mut builder = ChartBuilder::on(&root);
        builder
            .caption(spec.title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(80);
        macro_rules! draw {
            ($chart:ident, $base:expr) => {{
                $chart
                    .configure_mesh()
                    .disable_x_mesh()
                    .x_labels(count as usize)
                    .x_label_formatter(&x_format)
                    .y_desc(spec.y_label)
                    .y_label_formatter(&|y| (spec.y_format)(*y))
                    .light_line_style(RGBColor(235, 235, 235))
                    .draw()
                    .map_err(|e| e.to_string())?;
                $chart
                    .draw_series(spec.bars.iter().enumerate().map(|(i, (name, value))| {
                        let i = i as u32;
                        let mut bar = Rectangle::new(
                            [
                                (SegmentValue::Exact(i), $base),
                                (SegmentValue::Exact(i + 1), *value),
                            ],
                            colour_of(name).filled(),
                        );
                        bar.set_margin(0, 0, 8, 8);
                        bar
                    }))
                    .map_err(|e| e.to_string())?;
            }};
        }
        if spec.log_y {
            let mut chart = builder
                .build_cartesian_2d((0u32..count).into_segmented(), (y_lo..y_hi).log_scale())
                .map_err(|e| e.to_string())?;
            draw!(chart, y_lo);
        } else {
            let mut chart = builder
                .build_cartesian_2d((0u32..count).into_segmented(), y_lo..y_hi)
                .map_err(|e| e.to_string())?;
            draw!(chart, 0.0);
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// A plain number for axis ticks, without needless decimals.
pub fn plain_tick(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// Nanoseconds for axis ticks, in the unit that suits.
pub fn ns_tick(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.0} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.0} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// Operation counts for axis ticks.
pub fn count_tick(ops: f64) -> String {
    if ops >= 1e6 {
        format!("{:.1}M", ops / 1e6)
    } else if ops >= 1e3 {
        format!("{:.0}k", ops / 1e3)
    } else {
        format!("{ops:.0}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_lines_and_bars_with_legends() {
        let svg = line_chart(&LineChart {
            title: "heap",
            x_label: "ops",
            y_label: "bytes",
            series: vec![
                Series {
                    name: "hashbrown".into(),
                    points: vec![(0.0, 0.0), (10.0, 2e6)],
                },
                Series {
                    name: "boxed".into(),
                    points: vec![(0.0, 0.0), (10.0, 1e6)],
                },
            ],
            log_y: false,
            x_format: count_tick,
            y_format: plain_tick,
        })
        .expect("line chart");
        assert!(svg.starts_with("<svg") || svg.contains("<svg"));
        assert!(svg.contains("hashbrown") && svg.contains("boxed"));
        let bars = bar_chart(&BarChart {
            title: "ns/op",
            y_label: "ns",
            bars: vec![("std".into(), 40.0), ("hashbrown".into(), 20.0)],
            log_y: true,
            y_format: ns_tick,
        })
        .expect("bar chart");
        assert!(bars.contains("std") && bars.contains("<rect"));
    }

    #[test]
    fn ticks_pick_their_unit() {
        assert_eq!(ns_tick(250.0), "250 ns");
        assert_eq!(ns_tick(2_600.0), "3 µs");
        assert_eq!(ns_tick(120e6), "120 ms");
        assert_eq!(count_tick(2_000_000.0), "2.0M");
        assert_eq!(plain_tick(3.0), "3");
        assert_eq!(plain_tick(2.5), "2.5");
    }
}
