//! The per-type macro form, on a map known to be correct: every check,
//! the property tests and the panic checks included. (The registry's own
//! tests run the kit over every baseline and strategy.)

map_testkit::conformance_tests!(map_baselines::StdHashMap);

struct Std;
impl map_api::Family for Std {
    const NAME: &'static str = "std";
    const ABOUT: &'static str = "std::collections::HashMap";
    const KIND: map_api::Kind = map_api::Kind::Baseline;
    type Map<K: core::hash::Hash + Eq, V> = map_baselines::StdHashMap<K, V>;
}

#[test]
fn fuzz_entry_point_runs_decoded_sequences() {
    let bytes: Vec<u8> = (0..3_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let ops = map_testkit::ops::decode(&bytes);
    assert_eq!(ops.len(), 1_000);
    map_testkit::ops::fuzz_bytes::<Std>(&bytes);
    map_testkit::ops::fuzz_bytes::<Std>(&bytes[1..]);
}
