//! Number formatting for tables.

use map_bench::rounds::Spread;

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

/// Bytes with their MiB: `287,309,840 (274.0 MiB)`.
pub fn bytes(value: u64) -> String {
    format!("{} ({})", group(value), mib(value))
}

/// Bytes as MiB, or KiB when small: `274.0 MiB`, `12.5 KiB`.
pub fn mib(value: u64) -> String {
    let value = value as f64;
    if value >= 1024.0 * 1024.0 {
        format!("{:.1} MiB", value / (1024.0 * 1024.0))
    } else {
        format!("{:.1} KiB", value / 1024.0)
    }
}

/// Nanoseconds in the unit that suits: `9.4 ns`, `1.25 µs`, `118.3 ms`.
pub fn ns(value: f64) -> String {
    if value >= 1e6 {
        format!("{:.1} ms", value / 1e6)
    } else if value >= 1e3 {
        format!("{:.2} µs", value / 1e3)
    } else if value >= 100.0 {
        format!("{value:.0} ns")
    } else {
        format!("{value:.1} ns")
    }
}

/// A ratio to the reference: `1.05×`.
pub fn ratio(value: f64) -> String {
    format!("{value:.2}×")
}

/// A timing's median and range: `77.1 ns (70.2–90.1 ns)`.
pub fn spread_ns(s: &Spread) -> String {
    format!("{} ({}–{})", ns(s.median), ns(s.min), ns(s.max))
}

/// A ratio's median and range: `1.04× (0.98–1.10)`.
pub fn spread_ratio(s: &Spread) -> String {
    format!("{:.2}× ({:.2}–{:.2})", s.median, s.min, s.max)
}

/// Seconds as `4 min 12 s`.
pub fn duration(secs: f64) -> String {
    let secs = secs.round() as u64;
    if secs >= 60 {
        format!("{} min {} s", secs / 60, secs % 60)
    } else {
        format!("{secs} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1_000), "1,000");
        assert_eq!(bytes(287_309_840), "287,309,840 (274.0 MiB)");
        assert_eq!(mib(12_800), "12.5 KiB");
        assert_eq!(ns(9.44), "9.4 ns");
        assert_eq!(ns(162.0), "162 ns");
        assert_eq!(ns(1_250.0), "1.25 µs");
        assert_eq!(ns(118_300_000.0), "118.3 ms");
        assert_eq!(ratio(1.049), "1.05×");
        let s = Spread {
            median: 1.04,
            min: 0.981,
            max: 1.1,
            count: 7,
        };
        assert_eq!(spread_ratio(&s), "1.04× (0.98–1.10)");
        assert_eq!(spread_ns(&s.scaled(100.0)), "104 ns (98.1 ns–110 ns)");
        assert_eq!(duration(252.4), "4 min 12 s");
    }
}
