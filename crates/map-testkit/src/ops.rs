//! Property tests: random operation sequences against
//! `std::collections::HashMap`, shrinking to a minimal failing sequence.
//!
//! Sequences run in phases that each lean towards growth, draining or
//! balance, so that one sequence drives a map through several growths and
//! shrinks. Two key types are used: `u64` keys spread over a small space
//! (so inserts overwrite and removes hit), and [`WeakKey`]s whose hashes
//! collide in groups of many.

use core::hash::{Hash, Hasher};
use std::collections::HashMap;
use std::fmt::Debug;

use map_api::{Family, MapIter, MapStrategy};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};

use crate::scaled;

/// One operation of a sequence.
#[derive(Debug, Clone)]
pub enum Op {
    /// `insert(key, value)`.
    Insert(u16, u32),
    /// `get(key)`.
    Get(u16),
    /// `*get_mut(key) ^= mask`.
    GetMut(u16, u32),
    /// `remove(key)`.
    Remove(u16),
    /// `retain` the entries whose value is not divisible by the modulus,
    /// adding one to each kept value.
    Retain(u8),
    /// `clear()`.
    Clear,
    /// Visit every entry and compare with the model.
    Iterate,
}

/// A key whose hash keeps only its low four bits: keys collide in groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeakKey(pub u16);

impl Hash for WeakKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u16(self.0 & 0xF);
    }
}

/// A key type the sequences can use.
pub trait OpKey: Copy + Eq + Hash + Debug + Ord + 'static {
    /// The key for a generated number.
    fn from_raw(raw: u16) -> Self;
}

impl OpKey for u64 {
    fn from_raw(raw: u16) -> Self {
        u64::from(raw).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
}

impl OpKey for WeakKey {
    fn from_raw(raw: u16) -> Self {
        WeakKey(raw)
    }
}

impl PartialOrd for WeakKey {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for WeakKey {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}

/// Operations leaning towards `bias`: 0 grows, 1 drains, 2 is balanced.
fn op(bias: u8, keys: u16) -> BoxedStrategy<Op> {
    let (insert, remove) = match bias {
        0 => (70, 10),
        1 => (10, 70),
        _ => (40, 40),
    };
    prop_oneof![
        insert => (0..keys, any::<u32>()).prop_map(|(k, v)| Op::Insert(k, v)),
        remove => (0..keys).prop_map(Op::Remove),
        8 => (0..keys).prop_map(Op::Get),
        8 => (0..keys, any::<u32>()).prop_map(|(k, m)| Op::GetMut(k, m)),
        1 => (2u8..5).prop_map(Op::Retain),
        1 => Just(Op::Iterate),
        // Rare: a clear per few thousand operations.
        1 => (0u8..8).prop_filter_map("rare clear", |x| (x == 0).then_some(Op::Clear)),
    ]
    .boxed()
}

/// Sequences of `phases` phases of `per_phase` operations each.
pub fn sequences(keys: u16, phases: usize, per_phase: usize) -> impl Strategy<Value = Vec<Op>> {
    proptest::collection::vec(
        (0u8..3).prop_flat_map(move |bias| proptest::collection::vec(op(bias, keys), per_phase)),
        phases,
    )
    .prop_map(|phases| phases.into_iter().flatten().collect())
}

/// Applies one operation to the map and to the model, describing the
/// first difference it finds.
pub fn apply<K, M>(
    map: &mut M,
    model: &mut HashMap<K, u32>,
    op: &Op,
    step: usize,
) -> Result<(), String>
where
    K: OpKey,
    M: MapStrategy<K, u32> + MapIter<K, u32>,
{
    let differ = |what: &str, ours: &dyn Debug, theirs: &dyn Debug| {
        Err(format!(
            "step {step}: {op:?}: {what}: map gave {ours:?}, std gave {theirs:?}"
        ))
    };
    match *op {
        Op::Insert(k, v) => {
            let key = K::from_raw(k);
            let (ours, theirs) = (map.insert(key, v), model.insert(key, v));
            if ours != theirs {
                return differ("insert", &ours, &theirs);
            }
        }
        Op::Get(k) => {
            let key = K::from_raw(k);
            let (ours, theirs) = (map.get(&key), model.get(&key));
            if ours != theirs {
                return differ("get", &ours, &theirs);
            }
        }
        Op::GetMut(k, mask) => {
            let key = K::from_raw(k);
            let flip = |v: &mut u32| {
                *v ^= mask;
                *v
            };
            let (ours, theirs) = (map.get_mut(&key).map(flip), model.get_mut(&key).map(flip));
            if ours != theirs {
                return differ("get_mut", &ours, &theirs);
            }
        }
        Op::Remove(k) => {
            let key = K::from_raw(k);
            let (ours, theirs) = (map.remove(&key), model.remove(&key));
            if ours != theirs {
                return differ("remove", &ours, &theirs);
            }
        }
        Op::Retain(modulus) => {
            let keep = |v: &mut u32| {
                if v.is_multiple_of(u32::from(modulus)) {
                    false
                } else {
                    *v = v.wrapping_add(1);
                    true
                }
            };
            map.retain_entries(|_, v| keep(v));
            model.retain(|_, v| keep(v));
        }
        Op::Clear => {
            map.clear();
            model.clear();
        }
        Op::Iterate => {
            let mut seen = Vec::with_capacity(map.len());
            map.for_each_entry(|k, v| seen.push((*k, *v)));
            seen.sort_unstable();
            let mut expected: Vec<(K, u32)> = model.iter().map(|(k, v)| (*k, *v)).collect();
            expected.sort_unstable();
            if seen != expected {
                return differ("iteration", &seen, &expected);
            }
        }
    }
    if map.len() != model.len() {
        return differ("len", &map.len(), &model.len());
    }
    Ok(())
}

/// Checks that every entry of the model is in the map.
fn check_contents<K, M>(map: &M, model: &HashMap<K, u32>) -> Result<(), String>
where
    K: OpKey,
    M: MapStrategy<K, u32>,
{
    for (key, value) in model {
        if map.get(key) != Some(value) {
            return Err(format!(
                "at the end: get({key:?}) gave {:?}, std has {value}",
                map.get(key)
            ));
        }
    }
    Ok(())
}

/// Runs `ops` on a map and on the model, failing at the first difference.
pub fn run_ops<F, K>(ops: &[Op]) -> Result<(), TestCaseError>
where
    F: Family,
    K: OpKey,
    F::Map<K, u32>: MapIter<K, u32>,
{
    let mut map = F::Map::<K, u32>::default();
    let mut model: HashMap<K, u32> = HashMap::new();
    for (step, op) in ops.iter().enumerate() {
        apply(&mut map, &mut model, op, step).map_err(TestCaseError::fail)?;
    }
    check_contents(&map, &model).map_err(TestCaseError::fail)
}

/// Decodes fuzzer input into operations: three bytes each, an opcode and a
/// 16-bit key (whose space the opcode byte's high bits also widen, so both
/// tiny and large maps are reached).
pub fn decode(data: &[u8]) -> Vec<Op> {
    data.chunks_exact(3)
        .map(|chunk| {
            let raw = u16::from_le_bytes([chunk[1], chunk[2]]);
            let key = match chunk[0] >> 6 {
                0 => raw % 16,
                1 => raw % 256,
                2 => raw % 4096,
                _ => raw,
            };
            let value = u32::from(raw).wrapping_mul(0x9E37_79B9) ^ u32::from(chunk[0]);
            match chunk[0] & 0x3F {
                0..=24 => Op::Insert(key, value),
                25..=44 => Op::Remove(key),
                45..=52 => Op::Get(key),
                53..=59 => Op::GetMut(key, value),
                60 => Op::Retain(2 + (chunk[1] % 3)),
                61 | 62 => Op::Iterate,
                _ => Op::Clear,
            }
        })
        .collect()
}

/// The body of a fuzz target: decodes `data` and runs it on a map of
/// family `F` and on std's map, panicking at the first difference. The
/// key type alternates with the input's length, so both spread and
/// colliding keys are fuzzed.
pub fn fuzz_bytes<F: Family>(data: &[u8])
where
    F::Map<u64, u32>: MapIter<u64, u32>,
    F::Map<WeakKey, u32>: MapIter<WeakKey, u32>,
{
    fn run<K: OpKey, M: MapStrategy<K, u32> + MapIter<K, u32> + Default>(
        ops: &[Op],
    ) -> Result<(), String> {
        let mut map = M::default();
        let mut model = HashMap::new();
        for (step, op) in ops.iter().enumerate() {
            apply(&mut map, &mut model, op, step)?;
        }
        check_contents(&map, &model)
    }
    let ops = decode(data);
    let outcome = if data.len().is_multiple_of(2) {
        run::<u64, F::Map<u64, u32>>(&ops)
    } else {
        run::<WeakKey, F::Map<WeakKey, u32>>(&ops)
    };
    if let Err(err) = outcome {
        panic!("{}: {err}", F::NAME);
    }
}

/// Runs the property test for one key type, panicking with the minimal
/// failing sequence if there is one.
///
/// 256 cases of 2,000 operations each by default (fewer under Miri);
/// `PROPTEST_CASES` overrides the case count.
pub fn check_random_sequences<F, K>(keys: u16)
where
    F: Family,
    K: OpKey,
    F::Map<K, u32>: MapIter<K, u32>,
{
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(scaled(256, 4) as u32);
    let config = Config {
        cases,
        // The kit runs from many crates' tests; failures are reported in
        // the panic message rather than saved beside the kit's sources.
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let per_phase = scaled(200, 25);
    let result = runner.run(&sequences(keys, 10, per_phase), |ops| run_ops::<F, K>(&ops));
    if let Err(err) = result {
        panic!("{}: {err}", F::NAME);
    }
}

/// Random sequences over `u64` keys in a space of 1,000: enough live keys
/// to force growth, and enough draining to force shrinks.
pub fn random_sequences<F: Family>()
where
    F::Map<u64, u32>: MapIter<u64, u32>,
{
    check_random_sequences::<F, u64>(1_000);
}

/// Random sequences over keys whose hashes collide in groups of many.
pub fn random_sequences_colliding<F: Family>()
where
    F::Map<WeakKey, u32>: MapIter<WeakKey, u32>,
{
    check_random_sequences::<F, WeakKey>(400);
}
