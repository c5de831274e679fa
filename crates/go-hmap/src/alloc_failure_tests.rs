//! Allocation failures that unwind, at every allocation the map makes.
//!
//! On stable Rust a failed allocation aborts; with `-Zoom=panic`, or an
//! alloc-error hook that panics, `handle_alloc_error` unwinds instead, from
//! the middle of an insert, an evacuation, a `compact` or a `clone`. The
//! crate's tests build with failure injection (`raw::inject`) and with
//! `allocation_failed` panicking rather than aborting, which is what
//! unwinding from `handle_alloc_error` looks like to the map.
//!
//! Each test runs one scenario over and over, making allocation number 0,
//! 1, 2, ... fail, until a run completes without reaching the failure.
//! After every step, failed or not, the map must hold exactly the entries
//! of a model, find each of them, hold exactly the bytes the allocator
//! counts for it, and own exactly the tracked keys and values it should:
//! an entry dropped twice, lost or leaked shows up in the ledger. Keys are
//! chosen to pile into three buckets, so that growth, evacuation, `compact`
//! and `clone` all need overflow buckets.

use core::cell::RefCell;
use core::hash::{Hash, Hasher};
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use map_api::{Equivalent, TryReserveError};
use map_counting::{counted, counted_bytes};
use map_testkit::scaled;

use crate::GoMap;
use crate::raw::inject;
use crate::test_support::Identity;

/// How many times each tracked object has been dropped, by id. Sized up
/// front, so that issuing ids inside a counted call allocates nothing.
struct Ledger {
    drops: RefCell<Vec<u32>>,
}

impl Ledger {
    fn new() -> Rc<Self> {
        Rc::new(Self {
            drops: RefCell::new(Vec::with_capacity(1 << 16)),
        })
    }

    fn issue(&self) -> usize {
        let mut drops = self.drops.borrow_mut();
        assert!(drops.len() < drops.capacity(), "the ledger must not grow");
        drops.push(0);
        drops.len() - 1
    }

    /// Objects issued and not dropped.
    fn live(&self) -> usize {
        self.drops.borrow().iter().filter(|&&d| d == 0).count()
    }

    fn assert_each_dropped_once(&self) {
        for (id, &drops) in self.drops.borrow().iter().enumerate() {
            assert_eq!(drops, 1, "object {id} was dropped {drops} times");
        }
    }
}

/// An object that records its drop; a clone is a new object.
struct Tracked {
    id: usize,
    payload: u64,
    ledger: Rc<Ledger>,
}

impl Tracked {
    fn new(ledger: &Rc<Ledger>, payload: u64) -> Self {
        Self {
            id: ledger.issue(),
            payload,
            ledger: Rc::clone(ledger),
        }
    }
}

impl Clone for Tracked {
    fn clone(&self) -> Self {
        Self::new(&self.ledger, self.payload)
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.ledger.drops.borrow_mut()[self.id] += 1;
    }
}

/// A key over 128 bytes, stored behind a pointer.
#[derive(Clone)]
struct BigKey {
    id: u64,
    _pad: [u8; 160],
    _tracked: Tracked,
}

/// A value over 128 bytes, stored behind a pointer.
#[derive(Clone)]
struct BigValue {
    tracked: Tracked,
    _pad: [u8; 160],
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

/// Looks any key up by its id, through `Equivalent`.
struct Probe(u64);

impl Hash for Probe {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl Equivalent<u64> for Probe {
    fn equivalent(&self, key: &u64) -> bool {
        self.0 == *key
    }
}

impl Equivalent<BigKey> for Probe {
    fn equivalent(&self, key: &BigKey) -> bool {
        self.0 == key.id
    }
}

/// A key and value type to run the scenario with.
trait Case {
    /// Looked up by [`Probe`], through `Equivalent`.
    type K: Hash + Eq + Clone;
    type V: Clone;
    /// Tracked objects per entry.
    const TRACKED: usize;
    fn entry(ledger: &Rc<Ledger>, id: u64, payload: u64) -> (Self::K, Self::V);
    fn id(key: &Self::K) -> u64;
    fn payload(value: &Self::V) -> u64;
}

/// Pointer-free buckets: overflow buckets are listed, as Go lists them.
struct Plain;

impl Case for Plain {
    type K = u64;
    type V = u64;
    const TRACKED: usize = 0;
    fn entry(_: &Rc<Ledger>, id: u64, payload: u64) -> (u64, u64) {
        (id, payload)
    }
    fn id(key: &u64) -> u64 {
        *key
    }
    fn payload(value: &u64) -> u64 {
        *value
    }
}

/// Values that need dropping: overflow chains are the only record.
struct Dropping;

impl Case for Dropping {
    type K = u64;
    type V = Tracked;
    const TRACKED: usize = 1;
    fn entry(ledger: &Rc<Ledger>, id: u64, payload: u64) -> (u64, Tracked) {
        (id, Tracked::new(ledger, payload))
    }
    fn id(key: &u64) -> u64 {
        *key
    }
    fn payload(value: &Tracked) -> u64 {
        value.payload
    }
}

/// Indirect keys and values: two boxes per entry.
struct Indirect;

impl Case for Indirect {
    type K = BigKey;
    type V = BigValue;
    const TRACKED: usize = 2;
    fn entry(ledger: &Rc<Ledger>, id: u64, payload: u64) -> (BigKey, BigValue) {
        let key = BigKey {
            id,
            _pad: [id as u8; 160],
            _tracked: Tracked::new(ledger, id),
        };
        let value = BigValue {
            tracked: Tracked::new(ledger, payload),
            _pad: [payload as u8; 160],
        };
        (key, value)
    }
    fn id(key: &BigKey) -> u64 {
        key.id
    }
    fn payload(value: &BigValue) -> u64 {
        value.tracked.payload
    }
}

/// Key `n`'s id, which the identity hasher makes its hash: every key lands
/// in bucket `n % 3` of any map of 4 to 256 buckets, and every doubling
/// from 4 buckets on sends it to the lower half, which then needs overflow
/// buckets for the whole chain.
fn id(n: u64) -> u64 {
    (n << 8) | (n % 3)
}

/// The map, its model, and what they are checked against.
struct Run<C: Case>
where
    Probe: Equivalent<C::K>,
{
    map: GoMap<C::K, C::V, Identity>,
    model: BTreeMap<u64, u64>,
    ledger: Rc<Ledger>,
    /// The counted bytes before the map existed.
    start: isize,
    /// Steps whose allocation failed.
    failures: usize,
}

impl<C: Case> Run<C>
where
    Probe: Equivalent<C::K>,
{
    /// Checks the map against the model, the allocator and the ledger.
    fn check(&self, step: &str) {
        let map = &self.map;
        assert_eq!(map.len(), self.model.len(), "{step}: len");
        let seen: BTreeMap<u64, u64> = map.iter().map(|(k, v)| (C::id(k), C::payload(v))).collect();
        assert_eq!(seen, self.model, "{step}: entries");
        for (&id, &payload) in &self.model {
            assert_eq!(
                map.get(&Probe(id)).map(C::payload),
                Some(payload),
                "{step}: key {id}"
            );
        }
        assert_eq!(
            counted_bytes() - self.start,
            map.heap_bytes() as isize,
            "{step}: heap_bytes() against the allocator"
        );
        assert_eq!(
            self.ledger.live(),
            C::TRACKED * self.model.len(),
            "{step}: tracked objects alive"
        );
    }

    /// Runs `f` on the map, counting its allocations; returns `None` if it
    /// unwound from an allocation failure. The caller updates the model
    /// and checks.
    fn step<R>(
        &mut self,
        name: &str,
        f: impl FnOnce(&mut GoMap<C::K, C::V, Identity>) -> R,
    ) -> Option<R> {
        let map = &mut self.map;
        let outcome = catch_unwind(AssertUnwindSafe(|| counted(|| f(map))));
        match outcome {
            Ok(result) => Some(result),
            Err(payload) => {
                let failed = payload.downcast_ref::<inject::Failed>();
                assert!(
                    failed.is_some_and(|failed| failed.0.size() > 0),
                    "{name}: unwound, but not from an allocation failure"
                );
                self.failures += 1;
                None
            }
        }
    }

    fn insert(&mut self, n: u64) {
        let (key, value) = C::entry(&self.ledger, id(n), n);
        if let Some(old) = self.step("insert", |map| {
            map.insert(key, value).map(|v| C::payload(&v))
        }) {
            assert_eq!(old, self.model.insert(id(n), n));
        }
        self.check("insert");
    }

    fn remove(&mut self, n: u64) {
        if let Some(removed) = self.step("remove", |map| {
            map.remove(&Probe(id(n))).map(|v| C::payload(&v))
        }) {
            assert_eq!(removed, self.model.remove(&id(n)));
        }
        self.check("remove");
    }
}

/// The scenario: growth through several doublings and same-size growths,
/// removals mid-growth, `compact`, `try_reserve`, `clone`, an entry insert,
/// `clear` and refilling. Returns whether the armed failure happened.
fn scenario<C: Case>(fail_at: Option<usize>) -> bool
where
    Probe: Equivalent<C::K>,
{
    let ledger = Ledger::new();
    // A first map draws the thread's random state, outside the count.
    drop(GoMap::<u64, u64>::new());
    let start = counted_bytes();
    let mut run = Run::<C> {
        map: counted(|| GoMap::with_hasher(Identity)),
        model: BTreeMap::new(),
        ledger: Rc::clone(&ledger),
        start,
        failures: 0,
    };
    if let Some(n) = fail_at {
        inject::fail_nth(n);
    }
    // Under Miri, fewer keys: no evacuation then needs an overflow bucket,
    // which `an_evacuation_that_cannot_allocate_moves_nothing` covers.
    let n = scaled(60, 18) as u64;
    for k in 0..n {
        run.insert(k);
    }
    for k in (0..n).step_by(3) {
        run.remove(k);
    }
    run.step("compact", |map| map.compact());
    run.check("compact");
    let before = run.map.stats();
    match run.step("try_reserve", |map| map.try_reserve(4 * n as usize)) {
        Some(Err(TryReserveError::AllocError { .. })) => {
            // Fallible: the failure comes back as an error, not a panic.
            run.failures += 1;
            assert_eq!(
                run.map.stats(),
                before,
                "a failed try_reserve changes nothing"
            );
        }
        Some(outcome) => assert_eq!(outcome, Ok(())),
        None => panic!("try_reserve unwound"),
    }
    run.check("try_reserve");
    let model = run.model.clone();
    if let Some(copy) = run.step("clone", |map| map.clone()) {
        let seen: BTreeMap<u64, u64> = copy
            .iter()
            .map(|(k, v)| (C::id(k), C::payload(v)))
            .collect();
        assert_eq!(seen, model, "the clone's entries");
        assert_eq!(
            counted_bytes() - run.start,
            (run.map.heap_bytes() + copy.heap_bytes()) as isize
        );
        counted(|| drop(copy));
    }
    run.check("after the clone");
    for k in n..n + n / 2 {
        run.insert(k);
    }
    let (key, value) = C::entry(&ledger, id(2 * n), 2 * n);
    if run
        .step("entry", |map| {
            map.entry(key).or_insert(value);
        })
        .is_some()
    {
        run.model.insert(id(2 * n), 2 * n);
    }
    run.check("after the entry insert");
    if run.step("clear", |map| map.clear()).is_some() {
        run.model.clear();
    }
    run.check("clear");
    for k in 0..10 {
        run.insert(k);
    }
    let fired = inject::disarm();
    assert_eq!(
        run.failures,
        usize::from(fired),
        "one failure, where it was armed"
    );
    let Run { map, .. } = run;
    counted(|| drop(map));
    assert_eq!(counted_bytes(), start, "dropping the map frees everything");
    ledger.assert_each_dropped_once();
    fired
}

/// Runs the scenario with allocation 0, 1, 2, ... failing until a run no
/// longer reaches the failure; under Miri, only every `miri_stride`-th.
fn every_allocation_fails_once<C: Case>(miri_stride: usize)
where
    Probe: Equivalent<C::K>,
{
    assert!(!scenario::<C>(None), "no failure unless armed");
    let stride = scaled(1, miri_stride);
    let mut runs = 0;
    for n in (0..).step_by(stride) {
        if !scenario::<C>(Some(n)) {
            break;
        }
        runs += 1;
    }
    // Natively, 29 allocations for `u64 -> Tracked`, 48 with overflow
    // lists, 309 with two boxes per entry.
    assert!(runs * stride >= scaled(20, 10), "the scenario allocates");
}

#[test]
fn pointer_free_maps_survive_every_allocation_failure() {
    every_allocation_fails_once::<Plain>(5);
}

#[test]
fn maps_that_drop_survive_every_allocation_failure() {
    every_allocation_fails_once::<Dropping>(5);
}

#[test]
fn indirect_entries_survive_every_allocation_failure() {
    // Two boxes per entry make about a hundred allocations under Miri's
    // smaller scenario: every 23rd (a prime, so the failures fall on
    // boxes, buckets and overflow buckets alike) keeps Miri's run short.
    every_allocation_fails_once::<Indirect>(23);
}

/// The case the issue names: an evacuation whose destination needs an
/// overflow bucket it cannot have. The old chain stays whole, the entries
/// stay findable in it, and the next write evacuates it.
#[test]
fn an_evacuation_that_cannot_allocate_moves_nothing() {
    let ledger = Ledger::new();
    let mut map: GoMap<u64, Tracked, Identity> = GoMap::with_hasher(Identity);
    // Thirteen keys in bucket 0 of B = 1, all bound for X when it doubles:
    // X needs an overflow bucket.
    for n in 0..13 {
        map.insert(n << 2, Tracked::new(&ledger, n));
    }
    assert_eq!((map.bucket_shift(), map.is_growing()), (1, false));
    // The 14th grows the map (allocation 0, the new array), then evacuates
    // bucket 0 (allocation 1, X's overflow bucket): fail that one.
    inject::fail_nth(1);
    let value = Tracked::new(&ledger, 99);
    let outcome = catch_unwind(AssertUnwindSafe(|| map.insert(1, value)));
    assert!(inject::disarm() && outcome.is_err());
    assert!(map.is_growing(), "the growth started");
    assert_eq!(map.stats().evacuated, 0, "nothing was evacuated");
    assert_eq!(map.len(), 13);
    assert_eq!(ledger.live(), 13, "the refused value was dropped, once");
    for n in 0..13 {
        assert_eq!(map.get(&(n << 2)).map(|v| v.payload), Some(n));
    }
    // The next write evacuates, using the overflow bucket already linked
    // if the failure came after it.
    map.insert(1, Tracked::new(&ledger, 99));
    for n in 0..13 {
        assert_eq!(map.get(&(n << 2)).map(|v| v.payload), Some(n));
    }
    assert_eq!(map.len(), 14);
    drop(map);
    ledger.assert_each_dropped_once();
}
