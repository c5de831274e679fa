#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| map_testkit::ops::fuzz_bytes::<map_registry::SplitMap>(data));
