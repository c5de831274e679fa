//! Property tests: random operation sequences against
//! `std::collections::HashMap`, shrinking to a minimal failing sequence,
//! and the operation vocabulary fuzz targets decode their input into.
//!
//! A generated sequence is two cycles, each growing the map to a random
//! peak of up to several hundred entries, churning, and draining it to
//! near empty: each cycle passes through many growths and, in the
//! strategies that shrink, many shrinks. Operations are drawn by weight
//! alone, without filtering, so no case is ever rejected and any
//! `PROPTEST_CASES` runs. Two key types are used: `u64` keys spread over a
//! space of 4,096 (so inserts sometimes overwrite and random removes
//! sometimes hit), and [`WeakKey`]s whose hashes collide in sixteen groups.
//!
//! Values are [`Counted`]: every one records its drop, and each run ends
//! by checking that every value made was dropped exactly once.
//!
//! The vocabulary covers std's surface beyond [`MapStrategy`] (the entry
//! API, `drain` dropped part-way, `clone`, `reserve`, `shrink_to_fit`)
//! through [`OpsMap`]: [`Basic`] emulates those on any `MapStrategy`, and a
//! strategy crate's own tests or fuzz targets implement [`OpsMap`] on a
//! newtype over their map, built with a deterministic hasher
//! ([`FixedState`]) so that a failing input replays exactly.

use core::hash::{Hash, Hasher};
use std::fmt::Debug;

use std::rc::Rc;

use map_api::{Family, MapIter, MapStrategy};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};

use crate::scaled;
use crate::tracked::{DropLog, TrackedValue};

/// One operation of a sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// `insert(key, value)`.
    Insert(u16, u32),
    /// `get(key)`.
    Get(u16),
    /// `*get_mut(key) ^= mask`.
    GetMut(u16, u32),
    /// `remove(key)`.
    Remove(u16),
    /// `remove` of the live key at this position (modulo the length) in
    /// the model's order: a removal that always hits, so drains reach
    /// empty.
    RemoveLive(u16),
    /// `retain` the entries whose value is not divisible by the modulus,
    /// adding one to each kept value.
    Retain(u8),
    /// `clear()`.
    Clear,
    /// Visit every entry and compare with the model.
    Iterate,
    /// `*entry(key).or_insert(value) ^= 1`.
    EntryOrInsert(u16, u32),
    /// `entry(key).and_modify(|v| *v ^= mask)`.
    EntryAndModify(u16, u32),
    /// `entry(key)`, and `remove` if occupied.
    EntryRemove(u16),
    /// `drain()`, taking this many entries and then dropping the
    /// iterator, which must still empty the map.
    Drain(u16),
    /// Replace the map with `clone()` of itself (the original is dropped).
    Clone,
    /// `reserve(additional)`.
    Reserve(u16),
    /// `shrink_to_fit()`.
    ShrinkToFit,
}

/// The part of std's map surface beyond [`MapStrategy`] and [`MapIter`]
/// that the operations drive.
pub trait OpsMap<K, V>: MapStrategy<K, V> + MapIter<K, V> {
    /// `entry(key).or_insert(value)`.
    fn entry_or_insert(&mut self, key: K, value: V) -> &mut V;
    /// `entry(key).and_modify(f)`; returns whether the entry was occupied.
    fn entry_and_modify(&mut self, key: K, f: impl FnOnce(&mut V)) -> bool;
    /// `entry(key)`, and `OccupiedEntry::remove` if occupied.
    fn entry_remove(&mut self, key: K) -> Option<V>;
    /// `drain()`: the first `take` entries it yields, after which the
    /// iterator is dropped.
    fn drain_part(&mut self, take: usize) -> Vec<(K, V)>;
    /// `clone()`.
    fn clone_map(&self) -> Self
    where
        Self: Sized;
    /// `reserve(additional)`.
    fn reserve(&mut self, additional: usize);
    /// `shrink_to_fit()`.
    fn shrink_to_fit(&mut self);
}

/// Any [`MapStrategy`] as an [`OpsMap`], emulating the rest of std's
/// surface with the trait's own calls (lookups, inserts, removals,
/// iteration); `reserve` and `shrink_to_fit` do nothing.
#[derive(Debug, Default)]
pub struct Basic<M>(pub M);

impl<K: Clone, V: Clone, M: MapStrategy<K, V> + MapIter<K, V> + Default> MapStrategy<K, V>
    for Basic<M>
{
    fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.0.insert(key, value)
    }
    fn get(&self, key: &K) -> Option<&V> {
        self.0.get(key)
    }
    fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.0.get_mut(key)
    }
    fn remove(&mut self, key: &K) -> Option<V> {
        self.0.remove(key)
    }
    fn len(&self) -> usize {
        self.0.len()
    }
    fn clear(&mut self) {
        self.0.clear();
    }
    fn heap_bytes(&self) -> usize {
        self.0.heap_bytes()
    }
}

impl<K: Clone, V: Clone, M: MapStrategy<K, V> + MapIter<K, V> + Default> MapIter<K, V>
    for Basic<M>
{
    fn for_each_entry(&self, f: impl FnMut(&K, &V)) {
        self.0.for_each_entry(f);
    }
    fn retain_entries(&mut self, f: impl FnMut(&K, &mut V) -> bool) {
        self.0.retain_entries(f);
    }
}

impl<K: Clone, V: Clone, M: MapStrategy<K, V> + MapIter<K, V> + Default> OpsMap<K, V> for Basic<M> {
    fn entry_or_insert(&mut self, key: K, value: V) -> &mut V {
        if self.0.get(&key).is_none() {
            self.0.insert(key.clone(), value);
        }
        self.0.get_mut(&key).expect("inserted just now")
    }
    fn entry_and_modify(&mut self, key: K, f: impl FnOnce(&mut V)) -> bool {
        self.0.get_mut(&key).map(f).is_some()
    }
    fn entry_remove(&mut self, key: K) -> Option<V> {
        self.0.remove(&key)
    }
    fn drain_part(&mut self, take: usize) -> Vec<(K, V)> {
        let mut keys = Vec::with_capacity(self.0.len());
        self.0.for_each_entry(|k, _| keys.push(k.clone()));
        let mut taken = Vec::with_capacity(take.min(keys.len()));
        for key in keys {
            let value = self.0.remove(&key).expect("a key iteration visited");
            if taken.len() < take {
                taken.push((key, value));
            }
        }
        taken
    }
    fn clone_map(&self) -> Self {
        let mut copy = M::default();
        self.0.for_each_entry(|k, v| {
            copy.insert(k.clone(), v.clone());
        });
        Basic(copy)
    }
    fn reserve(&mut self, _additional: usize) {}
    fn shrink_to_fit(&mut self) {}
}

/// A deterministic hasher for fuzz targets and replays: std's SipHash
/// with fixed keys, so a failing input hashes alike on every run.
pub type FixedState = core::hash::BuildHasherDefault<std::collections::hash_map::DefaultHasher>;

thread_local! {
    /// The drop ledger of the [`Counted`] values made on this thread.
    static LEDGER: Rc<DropLog> = DropLog::new();
}

/// A value that records its drop in this thread's ledger; its payload is
/// what the model compares. Cloning makes a new value with a ledger entry
/// of its own.
#[derive(Debug)]
pub struct Counted(TrackedValue);

impl Counted {
    /// A new value.
    pub fn new(payload: u32) -> Self {
        LEDGER.with(|log| Counted(TrackedValue::new(log, u64::from(payload))))
    }

    /// Its payload.
    pub fn get(&self) -> u32 {
        self.0.payload() as u32
    }

    fn set(&mut self, payload: u32) {
        self.0.set_payload(u64::from(payload));
    }
}

impl Clone for Counted {
    fn clone(&self) -> Self {
        Counted::new(self.get())
    }
}

impl PartialEq for Counted {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

/// Values made and values still live on this thread's ledger.
fn ledger() -> (usize, usize) {
    LEDGER.with(|log| (log.issued(), log.live()))
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

/// What a stretch of operations leans towards.
#[derive(Debug, Clone, Copy)]
enum Lean {
    Grow,
    Churn,
    Drain,
}

/// Operations leaning towards `lean`, each drawn by weight (out of 1,000)
/// so that no case is ever rejected. `Clear` and `Drain` empty the map
/// about once per thousand operations each, so a sequence still grows to
/// its peak. One strategy of three numbers, mapped through the weights,
/// generates much faster than a union of one strategy per operation, and
/// shrinks towards inserts of small keys.
fn op(lean: Lean, keys: u16) -> impl Strategy<Value = Op> + Clone {
    // Insert, RemoveLive, Remove, Get, GetMut, EntryOrInsert,
    // EntryAndModify, EntryRemove, Retain, Iterate, Reserve, ShrinkToFit,
    // Clone, Drain, Clear.
    let weights: [u32; 15] = match lean {
        Lean::Grow => [800, 30, 20, 40, 40, 30, 10, 5, 4, 8, 5, 3, 3, 1, 1],
        Lean::Churn => [330, 300, 40, 80, 80, 60, 30, 40, 10, 10, 5, 5, 8, 1, 1],
        Lean::Drain => [40, 760, 30, 40, 40, 10, 10, 40, 4, 8, 3, 10, 3, 1, 1],
    };
    debug_assert_eq!(weights.iter().sum::<u32>(), 1_000);
    (0u32..1_000, 0..keys, any::<u32>()).prop_map(move |(mut pick, key, value)| {
        let mut which = 0;
        while pick >= weights[which] {
            pick -= weights[which];
            which += 1;
        }
        match which {
            0 => Op::Insert(key, value),
            1 => Op::RemoveLive(value as u16),
            2 => Op::Remove(key),
            3 => Op::Get(key),
            4 => Op::GetMut(key, value),
            5 => Op::EntryOrInsert(key, value),
            6 => Op::EntryAndModify(key, value),
            7 => Op::EntryRemove(key),
            8 => Op::Retain(2 + (value % 3) as u8),
            9 => Op::Iterate,
            10 => Op::Reserve((value % 512) as u16),
            11 => Op::ShrinkToFit,
            12 => Op::Clone,
            13 => Op::Drain((value % 64) as u16),
            _ => Op::Clear,
        }
    })
}

/// Sequences of `cycles` cycles, each growing the map for `peak` to
/// `4 * peak / 3` operations with `peak` drawn from `peak_range` (so
/// that, with most of them inserts of fresh keys, it reaches about that
/// many entries), churning for up to a quarter of that, and draining for
/// `3 * peak / 2` operations, which empties it.
pub fn sequences(
    keys: u16,
    cycles: usize,
    peak_range: core::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = Vec<Op>> {
    let cycle = peak_range.prop_flat_map(move |peak| {
        (
            proptest::collection::vec(op(Lean::Grow, keys), peak..=peak + peak / 3),
            proptest::collection::vec(op(Lean::Churn, keys), 0..=peak / 4),
            proptest::collection::vec(op(Lean::Drain, keys), peak + peak / 2),
        )
    });
    proptest::collection::vec(cycle, cycles).prop_map(|cycles| {
        cycles
            .into_iter()
            .flat_map(|(grow, churn, drain)| grow.into_iter().chain(churn).chain(drain))
            .collect()
    })
}

/// The model: std's map semantics with the keys in an order that depends
/// only on the operations (`IndexMap` with `swap_remove`, whatever its
/// hasher), so that [`Op::RemoveLive`] picks the same key on every run.
pub type Model<K> = indexmap::IndexMap<K, u32>;

/// Applies one operation to the map and to the model, describing the
/// first difference it finds.
pub fn apply<K, M>(map: &mut M, model: &mut Model<K>, op: &Op, step: usize) -> Result<(), String>
where
    K: OpKey,
    M: OpsMap<K, Counted>,
{
    let differ = |what: &str, ours: &dyn Debug, theirs: &dyn Debug| {
        Err(format!(
            "step {step}: {op:?}: {what}: map gave {ours:?}, std gave {theirs:?}"
        ))
    };
    let payload = |v: &Counted| v.get();
    match *op {
        Op::Insert(k, v) => {
            let key = K::from_raw(k);
            let ours = map.insert(key, Counted::new(v)).map(|v| v.get());
            let theirs = model.insert(key, v);
            if ours != theirs {
                return differ("insert", &ours, &theirs);
            }
        }
        Op::Get(k) => {
            let key = K::from_raw(k);
            let (ours, theirs) = (map.get(&key).map(payload), model.get(&key).copied());
            if ours != theirs {
                return differ("get", &ours, &theirs);
            }
        }
        Op::GetMut(k, mask) => {
            let key = K::from_raw(k);
            let ours = map.get_mut(&key).map(|v| {
                v.set(v.get() ^ mask);
                v.get()
            });
            let theirs = model.get_mut(&key).map(|v| {
                *v ^= mask;
                *v
            });
            if ours != theirs {
                return differ("get_mut", &ours, &theirs);
            }
        }
        Op::Remove(k) => {
            let key = K::from_raw(k);
            let ours = map.remove(&key).map(|v| v.get());
            let theirs = model.swap_remove(&key);
            if ours != theirs {
                return differ("remove", &ours, &theirs);
            }
        }
        Op::RemoveLive(i) => {
            let Some((&key, _)) = model.get_index(usize::from(i) % model.len().max(1)) else {
                // Empty: the removal of some key, which must miss.
                let key = K::from_raw(i);
                let ours = map.remove(&key).map(|v| v.get());
                if ours.is_some() {
                    return differ("remove from an empty map", &ours, &None::<u32>);
                }
                return check_len(map, model, step, op);
            };
            let ours = map.remove(&key).map(|v| v.get());
            let theirs = model.swap_remove(&key);
            if ours != theirs {
                return differ("remove of a live key", &ours, &theirs);
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
            map.retain_entries(|_, v| {
                let mut payload = v.get();
                let kept = keep(&mut payload);
                v.set(payload);
                kept
            });
            model.retain(|_, v| keep(v));
        }
        Op::Clear => {
            map.clear();
            model.clear();
        }
        Op::Iterate => {
            let seen = entries(map);
            let expected = sorted(model);
            if seen != expected {
                return differ("iteration", &seen, &expected);
            }
        }
        Op::EntryOrInsert(k, v) => {
            let key = K::from_raw(k);
            let ours = {
                let value = map.entry_or_insert(key, Counted::new(v));
                value.set(value.get() ^ 1);
                value.get()
            };
            let theirs = {
                let value = model.entry(key).or_insert(v);
                *value ^= 1;
                *value
            };
            if ours != theirs {
                return differ("entry().or_insert()", &ours, &theirs);
            }
        }
        Op::EntryAndModify(k, mask) => {
            let key = K::from_raw(k);
            let ours = map.entry_and_modify(key, |v| v.set(v.get() ^ mask));
            let theirs = model.get_mut(&key).map(|v| *v ^= mask).is_some();
            if ours != theirs {
                return differ("entry().and_modify() found it occupied", &ours, &theirs);
            }
            let (ours, theirs) = (map.get(&key).map(payload), model.get(&key).copied());
            if ours != theirs {
                return differ("get after and_modify", &ours, &theirs);
            }
        }
        Op::EntryRemove(k) => {
            let key = K::from_raw(k);
            let ours = map.entry_remove(key).map(|v| v.get());
            let theirs = model.swap_remove(&key);
            if ours != theirs {
                return differ("OccupiedEntry::remove", &ours, &theirs);
            }
        }
        Op::Drain(take) => {
            let taken = map.drain_part(usize::from(take));
            let expected = usize::from(take).min(model.len());
            if taken.len() != expected {
                return differ("entries drain yielded", &taken.len(), &expected);
            }
            let mut keys = std::collections::HashSet::new();
            for (key, value) in &taken {
                if !keys.insert(*key) || model.get(key) != Some(&value.get()) {
                    return differ(
                        "an entry drain yielded",
                        &(key, value.get()),
                        &model.get(key),
                    );
                }
            }
            drop(taken);
            model.clear();
            if !map.is_empty() {
                return differ("len after a drain dropped part-way", &map.len(), &0);
            }
        }
        Op::Clone => {
            let copy = map.clone_map();
            let (seen, expected) = (entries(&copy), sorted(model));
            if seen != expected {
                return differ("the clone's entries", &seen, &expected);
            }
            *map = copy;
        }
        Op::Reserve(additional) => map.reserve(usize::from(additional)),
        Op::ShrinkToFit => map.shrink_to_fit(),
    }
    check_len(map, model, step, op)
}

fn check_len<K: OpKey, M: OpsMap<K, Counted>>(
    map: &M,
    model: &Model<K>,
    step: usize,
    op: &Op,
) -> Result<(), String> {
    if map.len() != model.len() {
        return Err(format!(
            "step {step}: {op:?}: len: map gave {}, std gave {}",
            map.len(),
            model.len()
        ));
    }
    Ok(())
}

/// The map's entries, sorted.
fn entries<K: OpKey, M: MapIter<K, Counted> + MapStrategy<K, Counted>>(map: &M) -> Vec<(K, u32)> {
    let mut seen = Vec::with_capacity(map.len());
    map.for_each_entry(|k, v| seen.push((*k, v.get())));
    seen.sort_unstable();
    seen
}

/// The model's entries, sorted.
fn sorted<K: OpKey>(model: &Model<K>) -> Vec<(K, u32)> {
    let mut expected: Vec<(K, u32)> = model.iter().map(|(k, v)| (*k, *v)).collect();
    expected.sort_unstable();
    expected
}

/// Checks that every entry of the model is in the map.
fn check_contents<K, M>(map: &M, model: &Model<K>) -> Result<(), String>
where
    K: OpKey,
    M: MapStrategy<K, Counted>,
{
    for (key, value) in model {
        let found = map.get(key).map(Counted::get);
        if found != Some(*value) {
            return Err(format!(
                "at the end: get({key:?}) gave {found:?}, std has {value}"
            ));
        }
    }
    Ok(())
}

/// Runs `ops` on a new map `M` and on the model, failing at the first
/// difference, and then checks that dropping the map dropped every value
/// made exactly once.
pub fn run_ops_on<M, K>(ops: &[Op]) -> Result<(), String>
where
    K: OpKey,
    M: OpsMap<K, Counted> + Default,
{
    let (issued_before, live_before) = ledger();
    {
        let mut map = M::default();
        let mut model = Model::default();
        for (step, op) in ops.iter().enumerate() {
            apply(&mut map, &mut model, op, step)?;
        }
        check_contents(&map, &model)?;
    }
    let (issued, live) = ledger();
    if live != live_before {
        return Err(format!(
            "after dropping the map: {} of the {} values made are still alive",
            live - live_before,
            issued - issued_before
        ));
    }
    let twice = LEDGER.with(|log| log.extra_drops());
    if twice != 0 {
        return Err(format!("values dropped twice ({twice} drops too many)"));
    }
    Ok(())
}

/// Runs `ops` on a map of family `F` (through [`Basic`]) and on the model.
pub fn run_ops<F, K>(ops: &[Op]) -> Result<(), TestCaseError>
where
    F: Family,
    K: OpKey,
{
    run_ops_on::<Basic<F::Map<K, Counted>>, K>(ops).map_err(TestCaseError::fail)
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
                0..=21 => Op::Insert(key, value),
                22..=31 => Op::Remove(key),
                32..=37 => Op::RemoveLive(raw),
                38..=43 => Op::Get(key),
                44..=48 => Op::GetMut(key, value),
                49..=51 => Op::EntryOrInsert(key, value),
                52 => Op::EntryAndModify(key, value),
                53 | 54 => Op::EntryRemove(key),
                55 => Op::Retain(2 + (chunk[1] % 3)),
                56 | 57 => Op::Iterate,
                58 => Op::Drain(raw % 64),
                59 => Op::Clone,
                60 => Op::Reserve(raw % 1024),
                61 | 62 => Op::ShrinkToFit,
                _ => Op::Clear,
            }
        })
        .collect()
}

/// The body of a fuzz target: decodes `data` and runs it on a map of
/// family `F` and on std's map, panicking at the first difference. The
/// key type alternates with the input's length, so both spread and
/// colliding keys are fuzzed.
pub fn fuzz_bytes<F: Family>(data: &[u8]) {
    fuzz_bytes_on::<Basic<F::Map<u64, Counted>>, Basic<F::Map<WeakKey, Counted>>>(F::NAME, data);
}

/// [`fuzz_bytes`] for maps that implement [`OpsMap`] themselves, over
/// spread keys (`M`) and colliding ones (`W`).
pub fn fuzz_bytes_on<M, W>(name: &str, data: &[u8])
where
    M: OpsMap<u64, Counted> + Default,
    W: OpsMap<WeakKey, Counted> + Default,
{
    let ops = decode(data);
    let outcome = if data.len().is_multiple_of(2) {
        run_ops_on::<M, u64>(&ops)
    } else {
        run_ops_on::<W, WeakKey>(&ops)
    };
    if let Err(err) = outcome {
        panic!("{name}: {err}");
    }
}

/// Runs the property test for one key type, panicking with the minimal
/// failing sequence if there is one.
///
/// 256 cases (fewer under Miri) of two cycles each, each cycle peaking at
/// 32 to 800 entries (8 to 60 under Miri): about 2,000 operations a case
/// on average. `PROPTEST_CASES` overrides the case count.
pub fn check_random_sequences<F, K>(keys: u16)
where
    F: Family,
    K: OpKey,
{
    check_random_sequences_on::<Basic<F::Map<K, Counted>>, K>(F::NAME, keys, scaled(256, 4));
}

/// [`check_random_sequences`] for a map that implements [`OpsMap`]
/// itself, with `cases` cases unless `PROPTEST_CASES` says otherwise.
pub fn check_random_sequences_on<M, K>(name: &str, keys: u16, cases: usize)
where
    M: OpsMap<K, Counted> + Default,
    K: OpKey,
{
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases as u32);
    let config = Config {
        cases,
        // The kit runs from many crates' tests; failures are reported in
        // the panic message rather than saved beside the kit's sources.
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        // Nothing is filtered: a rejection would be a bug in the
        // generator.
        max_local_rejects: 0,
        max_global_rejects: 0,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let result = runner.run(&sequences(keys, 2, peak_range()), |ops| {
        run_ops_on::<M, K>(&ops).map_err(TestCaseError::fail)
    });
    if let Err(err) = result {
        panic!("{name}: {err}");
    }
}

/// The peaks the property tests' cycles grow to.
pub fn peak_range() -> core::ops::RangeInclusive<usize> {
    scaled(32, 8)..=scaled(800, 60)
}

/// Random sequences over `u64` keys in a space of 4,096: most inserts
/// are of fresh keys, so the map grows to each cycle's peak.
pub fn random_sequences<F: Family>() {
    check_random_sequences::<F, u64>(4_096);
}

/// Random sequences over keys whose hashes collide in sixteen groups.
pub fn random_sequences_colliding<F: Family>() {
    check_random_sequences::<F, WeakKey>(1_024);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::ValueTree;

    /// What one generated sequence does to a map's length.
    struct Shape {
        peak: usize,
        /// Times the map grew past 64 entries and was then drained to 8
        /// or fewer.
        deep_drains: usize,
        emptying_ops: usize,
        ops: usize,
    }

    fn shape(ops: &[Op]) -> Shape {
        let mut map = Basic::<map_baselines::StdHashMap<u64, Counted>>::default();
        let mut model = Model::default();
        let (mut peak, mut deep_drains, mut high) = (0, 0, false);
        for (step, op) in ops.iter().enumerate() {
            apply(&mut map, &mut model, op, step).expect("std agrees with itself");
            peak = peak.max(model.len());
            high |= model.len() > 64;
            if high && model.len() <= 8 {
                deep_drains += 1;
                high = false;
            }
        }
        Shape {
            peak,
            deep_drains,
            emptying_ops: ops
                .iter()
                .filter(|op| matches!(op, Op::Clear | Op::Drain(_)))
                .count(),
            ops: ops.len(),
        }
    }

    /// Each sequence passes through many growths and deep drains, and
    /// emptying operations are rare (issue 21: `Clear` had kept a weight
    /// of 1 in 99, so sequences rarely grew past a few hundred entries).
    #[test]
    fn sequences_grow_high_and_drain_deep() {
        let mut runner = TestRunner::deterministic();
        let strategy = sequences(4_096, 2, peak_range());
        let shapes: Vec<Shape> = (0..scaled(48, 2))
            .map(|_| {
                shape(
                    &strategy
                        .new_tree(&mut runner)
                        .expect("no rejection")
                        .current(),
                )
            })
            .collect();
        let high = shapes.iter().filter(|s| s.peak >= scaled(256, 16)).count();
        assert!(
            high * 2 >= shapes.len(),
            "only {high} of {} sequences passed 256 entries",
            shapes.len()
        );
        let drained = shapes.iter().filter(|s| s.deep_drains >= 2).count();
        assert!(
            drained * 4 >= shapes.len() * 3,
            "only {drained} of {} sequences drained deeply twice",
            shapes.len()
        );
        let (emptying, ops) = shapes
            .iter()
            .fold((0, 0), |(e, o), s| (e + s.emptying_ops, o + s.ops));
        assert!(
            emptying * 300 <= ops,
            "{emptying} clears or drains in {ops} operations"
        );
    }

    /// Generation never rejects, so any case count runs (issue 21: above
    /// about 460 cases proptest aborted with "Too many local rejects").
    #[test]
    fn generation_never_rejects() {
        let config = Config {
            cases: scaled(600, 2) as u32,
            max_local_rejects: 0,
            max_global_rejects: 0,
            failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
            ..Config::default()
        };
        // Short cycles: rejection would come from the operations' own
        // strategies, whatever the length.
        TestRunner::new(config)
            .run(&sequences(4_096, 2, 8..=16), |_| Ok(()))
            .expect("generation rejected a case");
    }
}
