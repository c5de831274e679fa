//! `#[track_caller]`: a capacity overflow is reported at the line that
//! asked for the capacity, not inside the crate. (One test in a binary of
//! its own, because it replaces the process-wide panic hook.)

use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex};

use shrink_map::ShrinkMap;

/// An iterator that claims more entries than any map can hold.
struct Boastful;

impl Iterator for Boastful {
    type Item = (u64, u64);

    fn next(&mut self) -> Option<(u64, u64)> {
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (usize::MAX, None)
    }
}

/// Runs `$call`, which must panic, and gives the line it is written on.
macro_rules! panicking_line {
    ($call:expr) => {{
        let line = line!();
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
            let _ = $call;
        }));
        assert!(outcome.is_err(), "{} did not panic", stringify!($call));
        line
    }};
}

#[test]
fn capacity_overflow_is_reported_at_the_caller() {
    let seen: Arc<Mutex<Vec<(String, u32, String)>>> = Arc::default();
    let sink = Arc::clone(&seen);
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        let location = info.location().expect("panics carry a location");
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        sink.lock()
            .unwrap()
            .push((location.file().to_string(), location.line(), message));
    }));

    let mut map: ShrinkMap<u64, u64> = ShrinkMap::new();
    let lines = [
        panicking_line!(ShrinkMap::<u64, u64>::with_capacity(usize::MAX)),
        panicking_line!(ShrinkMap::<u64, u64>::with_capacity_and_hasher(
            usize::MAX,
            ahash::RandomState::new()
        )),
        panicking_line!(map.reserve(usize::MAX)),
        panicking_line!(map.extend(Boastful)),
        panicking_line!(ShrinkMap::<u64, u64>::from_iter(Boastful)),
    ];

    panic::set_hook(previous);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), lines.len(), "{seen:?}");
    for ((file, line, message), expected) in seen.iter().zip(lines) {
        assert!(
            file.ends_with("track_caller.rs"),
            "reported in {file}:{line}"
        );
        assert_eq!(*line, expected, "{message}");
        assert_eq!(message, "capacity overflow");
    }
}
