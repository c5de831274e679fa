//! Keys and values over 128 bytes, which Go (and the port) store behind a
//! pointer (`maxKeySize`, `maxElemSize`): every path that moves, reads or
//! frees an entry, natively and under Miri, with every key and value
//! counted as it drops and the map's bytes checked against the allocator.
//!
//! The paths: growth and incremental evacuation, overwrites (the stored key
//! stays, the new one drops), removal mid-growth, iteration of every kind,
//! the entry API, `get_disjoint_mut`, `retain`, `extract_if`, `clone`,
//! `drain`, `clear`, `compact`, owning iteration dropped half-way, and drop.

use core::hash::{Hash, Hasher};
use std::collections::BTreeMap;
use std::rc::Rc;

use go_hmap::{Entry, Equivalent, GoMap, MAX_INLINE};
use map_counting::{self as counting, CountingAlloc, counted};
use map_testkit::scaled;
use map_testkit::tracked::{DropLog, TrackedValue};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// A 192-byte key that records its drop. It hashes and compares by `id`.
#[derive(Debug)]
struct BigKey {
    id: u64,
    _pad: [u8; 160],
    _tracked: TrackedValue,
    log: Rc<DropLog>,
}

/// A 192-byte value that records its drop.
#[derive(Debug)]
struct BigValue {
    tracked: TrackedValue,
    _pad: [u8; 160],
    log: Rc<DropLog>,
}

const _: () = assert!(size_of::<BigKey>() > MAX_INLINE && size_of::<BigValue>() > MAX_INLINE);

impl BigKey {
    fn new(log: &Rc<DropLog>, id: u64) -> Self {
        Self {
            id,
            _pad: [id as u8; 160],
            _tracked: TrackedValue::new(log, id),
            log: Rc::clone(log),
        }
    }
}

impl BigValue {
    fn new(log: &Rc<DropLog>, payload: u64) -> Self {
        Self {
            tracked: TrackedValue::new(log, payload),
            _pad: [payload as u8; 160],
            log: Rc::clone(log),
        }
    }
}

/// A clone is a new tracked object.
impl Clone for BigKey {
    fn clone(&self) -> Self {
        Self::new(&self.log, self.id)
    }
}

impl Clone for BigValue {
    fn clone(&self) -> Self {
        Self::new(&self.log, self.tracked.payload())
    }
}

impl PartialEq for BigKey {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for BigKey {}

impl Hash for BigKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.id.hash(state);
    }
}

/// Finds a key by its id, through `Equivalent`: hashes as `BigKey` does.
struct Probe(u64);

impl Hash for Probe {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl Equivalent<BigKey> for Probe {
    fn equivalent(&self, key: &BigKey) -> bool {
        self.0 == key.id
    }
}

impl Equivalent<u64> for Probe {
    fn equivalent(&self, key: &u64) -> bool {
        self.0 == *key
    }
}

/// Which of the key and the value are big.
trait Case {
    type K: Hash + Eq + Clone + core::fmt::Debug;
    type V: Clone + core::fmt::Debug;
    /// Tracked objects per entry.
    const TRACKED: usize;
    fn entry(log: &Rc<DropLog>, id: u64, payload: u64) -> (Self::K, Self::V);
    fn id(key: &Self::K) -> u64;
    fn payload(value: &Self::V) -> u64;
}

struct BigKeys;
struct BigValues;
struct Both;

impl Case for BigKeys {
    type K = BigKey;
    type V = u64;
    const TRACKED: usize = 1;
    fn entry(log: &Rc<DropLog>, id: u64, payload: u64) -> (BigKey, u64) {
        (BigKey::new(log, id), payload)
    }
    fn id(key: &BigKey) -> u64 {
        key.id
    }
    fn payload(value: &u64) -> u64 {
        *value
    }
}

impl Case for BigValues {
    type K = u64;
    type V = BigValue;
    const TRACKED: usize = 1;
    fn entry(log: &Rc<DropLog>, id: u64, payload: u64) -> (u64, BigValue) {
        (id, BigValue::new(log, payload))
    }
    fn id(key: &u64) -> u64 {
        *key
    }
    fn payload(value: &BigValue) -> u64 {
        value.tracked.payload()
    }
}

impl Case for Both {
    type K = BigKey;
    type V = BigValue;
    const TRACKED: usize = 2;
    fn entry(log: &Rc<DropLog>, id: u64, payload: u64) -> (BigKey, BigValue) {
        (BigKey::new(log, id), BigValue::new(log, payload))
    }
    fn id(key: &BigKey) -> u64 {
        key.id
    }
    fn payload(value: &BigValue) -> u64 {
        value.tracked.payload()
    }
}

struct Run<C: Case> {
    map: GoMap<C::K, C::V>,
    model: BTreeMap<u64, u64>,
    log: Rc<DropLog>,
    start: isize,
}

impl<C: Case> Run<C>
where
    Probe: Equivalent<C::K>,
{
    fn new() -> Self {
        counting::assert_installed();
        // ahash allocates its process-wide seed on first use.
        drop(GoMap::<u64, u64>::new());
        let start = counting::counted_bytes();
        Self {
            map: counted(GoMap::new),
            model: BTreeMap::new(),
            log: DropLog::new(),
            start,
        }
    }

    /// The map against the model, the allocator and the drop log.
    fn check(&self, step: &str) {
        assert_eq!(self.map.len(), self.model.len(), "{step}: len");
        let seen: BTreeMap<u64, u64> = self
            .map
            .iter()
            .map(|(k, v)| (C::id(k), C::payload(v)))
            .collect();
        assert_eq!(seen, self.model, "{step}: entries");
        for (&id, &payload) in &self.model {
            assert_eq!(
                self.map.get(&Probe(id)).map(C::payload),
                Some(payload),
                "{step}: key {id}"
            );
        }
        assert_eq!(
            counting::counted_bytes() - self.start,
            self.map.heap_bytes() as isize,
            "{step}: heap_bytes() against the allocator"
        );
        assert_eq!(
            self.log.live(),
            C::TRACKED * self.model.len(),
            "{step}: live keys and values"
        );
    }

    fn insert(&mut self, id: u64, payload: u64) {
        let (key, value) = C::entry(&self.log, id, payload);
        let old = counted(|| self.map.insert(key, value).map(|v| C::payload(&v)));
        assert_eq!(old, self.model.insert(id, payload), "insert {id}");
    }

    fn remove(&mut self, id: u64) {
        let removed = counted(|| self.map.remove(&Probe(id)).map(|v| C::payload(&v)));
        assert_eq!(removed, self.model.remove(&id), "remove {id}");
    }
}

fn exercise<C: Case>()
where
    Probe: Equivalent<C::K>,
{
    let n = scaled(3_000, 120) as u64;
    let mut run = Run::<C>::new();

    // Growth: every insert while a growth is in progress evacuates, and
    // every entry stays findable in the old or the new array.
    let mut saw_growth = false;
    for id in 0..n {
        run.insert(id, id);
        if run.map.is_growing() && !saw_growth {
            saw_growth = true;
            run.check("mid-growth");
        }
    }
    assert!(saw_growth);
    run.check("grown");

    // Overwrites keep the stored key, drop the new one, and return the
    // old value.
    for id in (0..n).step_by(5) {
        let stored = C::id(run.map.get_key_value(&Probe(id)).expect("present").0);
        run.insert(id, id + 1);
        assert_eq!(stored, id);
    }
    run.check("overwritten");

    // Removals, started as a growth begins so that some land mid-growth.
    while !run.map.is_growing() {
        let id = run.model.len() as u64 + n;
        run.insert(id, id);
    }
    for id in (0..n).step_by(2) {
        run.remove(id);
    }
    run.check("half removed");

    // Reading and writing through every iterator.
    let sum: u64 = run.map.values().map(C::payload).sum();
    assert_eq!(sum, run.model.values().sum::<u64>());
    assert_eq!(run.map.keys().len(), run.model.len());
    let visited = counted(|| run.map.iter_mut().count());
    assert_eq!(visited, run.model.len());
    assert_eq!(counted(|| run.map.values_mut().count()), run.model.len());

    // The entry API, on present and absent keys.
    let (key, value) = C::entry(&run.log, 1, 7);
    counted(|| match run.map.entry(key) {
        Entry::Occupied(mut e) => {
            assert_eq!(C::id(e.key()), 1);
            drop(e.insert(value));
        }
        Entry::Vacant(_) => panic!("1 is present"),
    });
    run.model.insert(1, 7);
    let (key, value) = C::entry(&run.log, 0, 8);
    counted(|| match run.map.entry(key) {
        Entry::Vacant(e) => assert_eq!(C::payload(e.insert_entry(value).get()), 8),
        Entry::Occupied(_) => panic!("0 was removed"),
    });
    run.model.insert(0, 8);
    let (key, _) = C::entry(&run.log, 3, 0);
    let removed = counted(|| match run.map.entry(key) {
        Entry::Occupied(e) => C::payload(&e.remove()),
        Entry::Vacant(_) => panic!("3 is present"),
    });
    assert_eq!(Some(removed), run.model.remove(&3));
    run.check("entries");

    let [a, b] = run.map.get_disjoint_mut([&Probe(1), &Probe(5)]);
    assert_eq!(
        (a.map(|v| C::payload(v)), b.map(|v| C::payload(v))),
        (Some(7), Some(6))
    );

    // Bulk removal: retain, then extract_if dropped part-way.
    counted(|| run.map.retain(|k, _| C::id(k) % 3 != 0));
    run.model.retain(|id, _| id % 3 != 0);
    run.check("retained");
    let mut taken: Vec<(u64, u64)> = Vec::with_capacity(10);
    counted(|| {
        let extract = run.map.extract_if(|k, _| C::id(k) % 7 == 0);
        taken.extend(extract.take(10).map(|(k, v)| (C::id(&k), C::payload(&v))));
    });
    for (id, payload) in taken {
        assert_eq!(id % 7, 0);
        assert_eq!(run.model.remove(&id), Some(payload));
    }
    run.check("extracted");

    // A clone, outside the count (cloning tracked objects records them),
    // is structurally the same and drops its own copies.
    let copy = run.map.clone();
    assert_eq!(copy.stats(), run.map.stats());
    assert_eq!(copy.len(), run.model.len());
    let mut owning = copy.into_iter();
    let first = owning.next().expect("not empty");
    assert!(run.model.contains_key(&C::id(&first.0)));
    drop((first, owning));
    run.check("cloned and dropped");

    // Compact: right-sized, every entry moved once.
    let full = run.map.heap_bytes();
    counted(|| run.map.compact());
    assert!(run.map.heap_bytes() < full);
    run.check("compacted");

    // Drain half, then drop the drain: the map keeps its buckets.
    let buckets = run.map.bucket_count();
    let half = run.model.len() / 2;
    let mut drained = 0;
    counted(|| {
        for (k, _) in run.map.drain().take(half) {
            assert!(run.model.contains_key(&C::id(&k)));
            drained += 1;
        }
    });
    assert_eq!(drained, half);
    run.model.clear();
    assert_eq!(run.map.bucket_count(), buckets, "a drain does not shrink");
    run.check("drained");

    // Refill, clear, refill, and drop.
    for id in 0..n / 2 {
        run.insert(id, id);
    }
    counted(|| run.map.clear());
    run.model.clear();
    run.check("cleared");
    for id in 0..n / 4 {
        run.insert(id, id);
    }
    run.check("refilled");
    let Run {
        map, log, start, ..
    } = run;
    counted(|| drop(map));
    assert_eq!(counting::counted_bytes(), start, "dropped, nothing left");
    log.assert_all_dropped_once("indirect entries");
}

#[test]
fn indirect_keys() {
    exercise::<BigKeys>();
}

#[test]
fn indirect_values() {
    exercise::<BigValues>();
}

#[test]
fn indirect_keys_and_values() {
    exercise::<Both>();
}
