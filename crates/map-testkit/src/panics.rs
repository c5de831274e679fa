//! Panic safety: a key whose `Hash` or `Eq` panics in the middle of an
//! operation, and a value whose `Drop` panics.
//!
//! After a planted panic the map must stay usable, keep every entry it had
//! (the one being inserted or removed may or may not have been), report a
//! `len()` equal to the entries it can find, and drop every value exactly
//! once in the end. Miri runs these checks for the crates with `unsafe`.

use core::cell::Cell;
use core::hash::{Hash, Hasher};
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;
use std::sync::Once;

use map_api::{Family, MapIter, MapStrategy};

use crate::tracked::{DropLog, TrackedValue};
use crate::{XorShift64, scaled};

const PLANTED: &str = "planted panic (map-testkit)";

/// The user code a fuse can make panic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sites(u8);

impl Sites {
    /// `Hash::hash` of a [`Touchy`] key.
    pub const HASH: Sites = Sites(1);
    /// `PartialEq::eq` of a [`Touchy`] key.
    pub const EQ: Sites = Sites(2);
    /// `Drop::drop` of a [`FragileValue`].
    pub const DROP: Sites = Sites(4);
    /// A `retain` predicate of the drain check.
    pub const PREDICATE: Sites = Sites(8);
    /// `Hash` and `Eq`.
    pub const HASH_EQ: Sites = Sites(1 | 2);

    fn contains(self, site: Sites) -> bool {
        self.0 & site.0 != 0
    }
}

#[derive(Debug, Clone, Copy)]
struct Fuse {
    /// Calls at an armed site left before the one that panics.
    left: u32,
    sites: Sites,
}

thread_local! {
    /// `Some`: the `left`-th further call at one of `sites` panics.
    static FUSE: Cell<Option<Fuse>> = const { Cell::new(None) };
    /// The key of the operation under way, to tell a panic in the
    /// operation's own key from one in an entry the map moves meanwhile.
    static SUBJECT: Cell<Option<u32>> = const { Cell::new(None) };
    /// Set when the fuse went off in `Hash` or `Eq` of another key than the
    /// subject: inside a rehash, shrink, migration, split or merge.
    static FIRED_ELSEWHERE: Cell<bool> = const { Cell::new(false) };
}

/// Keeps planted panics out of the test output, leaving every other
/// panic's report as it was.
fn quiet_planted_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let planted = info
                .payload()
                .downcast_ref::<&str>()
                .is_some_and(|m| *m == PLANTED);
            if !planted {
                default(info);
            }
        }));
    });
}

fn arm(calls: u32) {
    arm_at(calls, Sites::HASH_EQ);
}

fn arm_at(left: u32, sites: Sites) {
    FUSE.with(|fuse| fuse.set(Some(Fuse { left, sites })));
    FIRED_ELSEWHERE.with(|f| f.set(false));
}

fn disarm() {
    FUSE.with(|fuse| fuse.set(None));
    SUBJECT.with(|s| s.set(None));
}

fn tick(site: Sites, key: Option<u32>) {
    FUSE.with(|fuse| match fuse.get() {
        Some(f) if f.sites.contains(site) => {
            if f.left == 0 {
                fuse.set(None);
                let elsewhere = key.is_some() && key != SUBJECT.with(Cell::get);
                FIRED_ELSEWHERE.with(|flag| flag.set(elsewhere));
                std::panic::panic_any(PLANTED);
            }
            fuse.set(Some(Fuse {
                left: f.left - 1,
                ..f
            }));
        }
        _ => {}
    });
}

/// A key whose `Hash` and `Eq` panic when the thread's fuse runs out.
#[derive(Debug, Clone, Copy)]
pub struct Touchy(pub u32);

impl Hash for Touchy {
    fn hash<H: Hasher>(&self, state: &mut H) {
        tick(Sites::HASH, Some(self.0));
        state.write_u32(self.0);
    }
}

impl PartialEq for Touchy {
    fn eq(&self, other: &Self) -> bool {
        // Only lookups compare keys, never a rehash: a panic here is the
        // operation's own.
        tick(Sites::EQ, None);
        self.0 == other.0
    }
}

impl Eq for Touchy {}

/// What a key may be after a sequence that panicked.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Known {
    /// Present, with this payload.
    Present(u64),
    /// The operation on it panicked, so it may be in either state: absent
    /// (`None`) or present with a payload. An interrupted insert leaves the
    /// old state or the new entry; an interrupted remove leaves the old
    /// entry or none. Nothing else is allowed.
    Unsure([Option<u64>; 2]),
}

/// Runs inserts and removes with planted panics in `Hash` and `Eq`, and
/// checks the map after every panic.
pub fn hash_and_eq_panics<F: Family>()
where
    F::Map<Touchy, TrackedValue>: MapIter<Touchy, TrackedValue>,
{
    quiet_planted_panics();
    let name = F::NAME;
    let log = DropLog::new();
    let mut rng = XorShift64::new(0xBAD_C0DE);
    let rounds = scaled(300, 12);
    let universe = scaled(2_000, 120) as u64;
    {
        let mut map = F::Map::<Touchy, TrackedValue>::default();
        let mut known: HashMap<u32, Known> = HashMap::new();
        let mut payload = 0u64;
        let mut panicked = 0;
        for round in 0..rounds {
            // Every operation hashes at least once, so a fuse shorter than
            // the round's 64 operations goes off in most rounds; a growth
            // inside the window hashes many keys, which puts some panics in
            // the middle of a rehash, migration or evacuation.
            arm(1 + rng.below(96) as u32);
            let mut pending: Option<(u32, Known)> = None;
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                for _ in 0..64 {
                    let key = rng.below(universe) as u32;
                    let before = match known.get(&key) {
                        Some(Known::Present(p)) => Some(*p),
                        _ => None,
                    };
                    if rng.below(3) == 0 {
                        pending = Some((key, Known::Unsure([before, None])));
                        drop(map.remove(&Touchy(key)));
                        known.remove(&key);
                    } else {
                        payload += 1;
                        pending = Some((key, Known::Unsure([before, Some(payload)])));
                        drop(map.insert(Touchy(key), TrackedValue::new(&log, payload)));
                        known.insert(key, Known::Present(payload));
                    }
                    pending = None;
                }
            }));
            disarm();
            panicked += usize::from(outcome.is_err());
            if outcome.is_err()
                && let Some((key, unsure)) = pending
            {
                known.insert(key, unsure);
            }
            check_after_panic::<F>(&map, &mut known, name, round);
        }
        // The fuse must actually have gone off, or the check proved nothing.
        assert!(
            panicked * 4 >= rounds,
            "{name}: only {panicked} of {rounds} rounds panicked"
        );
        drop(map);
    }
    log.assert_all_dropped_once(&format!("{name}: after planted Hash/Eq panics"));
}

/// Checks that every known entry is findable, resolves the unsure ones by
/// looking, and compares `len()` with what can be found.
fn check_after_panic<F: Family>(
    map: &F::Map<Touchy, TrackedValue>,
    known: &mut HashMap<u32, Known>,
    name: &str,
    round: usize,
) where
    F::Map<Touchy, TrackedValue>: MapIter<Touchy, TrackedValue>,
{
    let mut resolved = Vec::new();
    for (&key, &state) in known.iter() {
        let found = map.get(&Touchy(key)).map(TrackedValue::payload);
        match state {
            Known::Present(p) => assert_eq!(
                found,
                Some(p),
                "{name}, round {round}: entry {key} lost or changed"
            ),
            Known::Unsure(allowed) => {
                assert!(
                    allowed.contains(&found),
                    "{name}, round {round}: after a panic, entry {key} is {found:?}; allowed: {allowed:?}"
                );
                resolved.push((key, found));
            }
        }
    }
    for (key, found) in resolved {
        match found {
            Some(p) => known.insert(key, Known::Present(p)),
            None => known.remove(&key),
        };
    }
    assert_eq!(
        map.len(),
        known.len(),
        "{name}, round {round}: len() differs from the entries it holds"
    );
    let mut visited = 0;
    map.for_each_entry(|key, value| {
        visited += 1;
        assert_eq!(
            known.get(&key.0),
            Some(&Known::Present(value.payload())),
            "{name}, round {round}: iteration found an entry that should not be there"
        );
    });
    assert_eq!(
        visited,
        known.len(),
        "{name}, round {round}: iteration count"
    );
}

/// A value whose `Drop` panics once, when its payload is the armed one.
#[derive(Debug)]
pub struct ExplodingValue {
    value: TrackedValue,
    explode: Rc<Cell<bool>>,
}

impl Drop for ExplodingValue {
    fn drop(&mut self) {
        if self.explode.replace(false) {
            std::panic::panic_any(PLANTED);
        }
    }
}

/// A value whose `Drop` panics while the map drops it, in `clear`, in
/// `retain` and when the map itself is dropped: no value may be dropped
/// twice, and after `clear` and `retain` the map must be usable and its
/// `len()` equal to the entries it can find.
pub fn panicking_drop<F: Family>()
where
    F::Map<u64, ExplodingValue>: MapIter<u64, ExplodingValue>,
{
    quiet_planted_panics();
    let name = F::NAME;
    let log = DropLog::new();
    let n = scaled(2_000, 60) as u64;
    let explode = Rc::new(Cell::new(false));
    let value = |payload| ExplodingValue {
        value: TrackedValue::new(&log, payload),
        explode: Rc::clone(&explode),
    };
    {
        let mut map = F::Map::<u64, ExplodingValue>::default();
        for key in 0..n {
            map.insert(key, value(key));
        }
        // A panic while the map drops values in `clear`.
        explode.set(true);
        let cleared = catch_unwind(AssertUnwindSafe(|| map.clear()));
        assert!(
            cleared.is_err(),
            "{name}: the planted drop panic in clear did not reach the caller"
        );
        explode.set(false);
        assert_eq!(map.len(), 0, "{name}: len after a panicking clear");
        // The map must be usable afterwards.
        for key in 0..n / 2 {
            map.insert(key, value(key));
        }
        for key in 0..n / 2 {
            assert_eq!(
                map.get(&key).map(|v| v.value.payload()),
                Some(key),
                "{name}: get({key}) after the panic in clear"
            );
        }
        // A panic while `retain` drops the first value it rejects: entries
        // it rejected before are gone, the one whose drop panicked too (its
        // drop ran), every other entry stays.
        let mut rejected = Vec::new();
        explode.set(true);
        let retained = catch_unwind(AssertUnwindSafe(|| {
            map.retain_entries(|&key, _| {
                let keep = key % 3 != 0;
                if !keep {
                    rejected.push(key);
                }
                keep
            })
        }));
        assert!(
            retained.is_err(),
            "{name}: the planted drop panic in retain did not reach the caller"
        );
        explode.set(false);
        let first_rejected = rejected[0];
        for key in 0..n / 2 {
            let found = map.get(&key).map(|v| v.value.payload());
            if key == first_rejected {
                assert_eq!(
                    found, None,
                    "{name}: the value whose drop panicked is still in the map"
                );
            } else if key % 3 != 0 {
                assert_eq!(
                    found,
                    Some(key),
                    "{name}: retain lost entry {key} to another value's drop panic"
                );
            }
        }
        let findable = (0..n / 2).filter(|key| map.get(key).is_some()).count();
        assert_eq!(
            map.len(),
            findable,
            "{name}: len() after a panicking drop in retain differs from the entries it holds"
        );
        let mut visited = 0;
        map.for_each_entry(|_, _| visited += 1);
        assert_eq!(
            visited, findable,
            "{name}: iteration after a panicking drop in retain"
        );
        // The map still works.
        map.insert(n, value(n));
        assert_eq!(
            map.get(&n).map(|v| v.value.payload()),
            Some(n),
            "{name}: insert after the panics"
        );
        // A panic while the map itself is dropped. A map built on
        // hashbrown's tables then leaks its table and the values not yet
        // reached, as std's maps do; Miri's leak check would fail the whole
        // binary on that allowed leak, so under Miri the map is dropped
        // without the planted panic (natively the scenario runs).
        if cfg!(miri) {
            drop(map);
        } else {
            explode.set(true);
            let dropped = catch_unwind(AssertUnwindSafe(move || drop(map)));
            assert!(
                dropped.is_err(),
                "{name}: the planted drop panic in the map's drop did not reach the caller"
            );
            explode.set(false);
        }
    }
    // Values a panicking `clear` or drop had not reached yet may leak, as
    // with std's maps; none may be dropped twice.
    assert_eq!(
        log.extra_drops(),
        0,
        "{name}: values dropped twice after panicking drops"
    );
}

/// `retain_entries` drops each rejected value once, keeps the rest intact,
/// and leaves no value undropped when the map goes.
pub fn drops_on_retain<F: Family>()
where
    F::Map<u64, TrackedValue>: MapIter<u64, TrackedValue>,
{
    let name = F::NAME;
    let log = DropLog::new();
    let n = scaled(5_000, 100) as u64;
    {
        let mut map = F::Map::<u64, TrackedValue>::default();
        let mut ids = Vec::new();
        for key in 0..n {
            let value = TrackedValue::new(&log, key);
            ids.push(value.id());
            map.insert(key, value);
        }
        map.retain_entries(|key, value| {
            value.set_payload(value.payload() + 1);
            key % 3 != 0
        });
        for key in 0..n {
            let dropped = log.drops_of(ids[key as usize]);
            if key % 3 == 0 {
                assert_eq!(
                    dropped, 1,
                    "{name}: rejected value {key} dropped {dropped} times"
                );
                assert!(
                    map.get(&key).is_none(),
                    "{name}: rejected key {key} still present"
                );
            } else {
                assert_eq!(dropped, 0, "{name}: kept value {key} was dropped");
                assert_eq!(
                    map.get(&key).map(TrackedValue::payload),
                    Some(key + 1),
                    "{name}: kept value {key}"
                );
            }
        }
        assert_eq!(
            map.len() as u64,
            n - n.div_ceil(3),
            "{name}: len after retain"
        );
    }
    log.assert_all_dropped_once(&format!("{name}: after retain"));
}

/// A value that records its drop, and whose `Drop` panics when the
/// thread's fuse is armed at [`Sites::DROP`] and runs out. Its
/// [`TrackedValue`] is dropped either way (a panicking `drop` still drops
/// the fields), so the ledger counts it.
#[derive(Debug)]
pub struct FragileValue(pub TrackedValue);

impl Drop for FragileValue {
    fn drop(&mut self) {
        tick(Sites::DROP, None);
    }
}

/// What [`drain_with_panics`] saw: how many planted panics went off, and
/// where.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DrainReport {
    /// Planted panics that reached the caller.
    pub panics: usize,
    /// Of those, panics in `Hash` or `Eq` of another entry than the one
    /// operated on: inside the rehash, shrink, migration, split or merge
    /// that the operation triggered.
    pub inside_bulk_work: usize,
    /// Panics in a value's `Drop` while `retain` dropped it.
    pub in_drop: usize,
    /// Panics in a `retain` predicate.
    pub in_predicate: usize,
    /// Operations run with a fuse armed.
    pub armed: usize,
    /// Times the full state was checked (after every panic, and after each
    /// step of every drain).
    pub checks: usize,
}

/// Which entries a `retain` predicate of the drain check rejects: about
/// one in sixteen, spread over the keys.
fn rejected(key: u32, salt: u32) -> bool {
    (key ^ salt).wrapping_mul(0x9E37_79B9) >> 28 == 0
}

/// The drain check: [`drain_with_panics`], which must see panics go off.
///
/// # Panics
///
/// Panics naming the map and the step when the map is inconsistent after a
/// planted panic (see [`drain_with_panics`]).
pub fn panics_while_draining<F: Family>()
where
    F::Map<Touchy, FragileValue>: MapIter<Touchy, FragileValue>,
{
    let report = drain_with_panics::<F>();
    // A quarter of the fuses are short and half of those go off in a
    // removal's own `Hash` and `Eq`, so even a map that never rehashes on
    // removal panics in about an eighth of the armed operations; half that
    // leaves a wide margin (about 250 expected against 134 required).
    assert!(
        report.panics >= report.armed / 16,
        "{}: only {} of {} armed operations panicked",
        F::NAME,
        report.panics,
        report.armed
    );
}

/// Fills a map to several thousand entries (a few hundred under Miri) and
/// drains it to 3% in steps, three times over, with a panic planted every
/// k-th operation (k varies) in `Hash`, `Eq`, a value's `Drop` or a
/// `retain` predicate. Deep drains are where the strategies do their
/// fragile work: shrink-map shrinks, gen-map rotates and migrates,
/// slab-map compacts, split-map merges; a fuse of up to twice the map's
/// length puts the panic anywhere inside a rehash of every entry.
///
/// After every panic, and after every step, the map must hold exactly the
/// entries it should (the interrupted operation's entry in its old or new
/// state, nothing else changed), every value intact, `len()` equal to the
/// entries lookups find and to the entries iteration visits, each visited
/// once, and a live (undropped) value for each entry and for no one else:
/// no value leaked, none dropped twice. At the end every value is dropped
/// exactly once.
///
/// # Panics
///
/// Panics naming the map, the round and the step at the first violation.
pub fn drain_with_panics<F: Family>() -> DrainReport
where
    F::Map<Touchy, FragileValue>: MapIter<Touchy, FragileValue>,
{
    quiet_planted_panics();
    let name = F::NAME;
    let log = DropLog::new();
    let mut rng = XorShift64::new(0xD2A1_45ED);
    let n = scaled(3_000, 120) as u32;
    let rounds = scaled(4, 1);
    let mut report = DrainReport::default();
    {
        let mut map = F::Map::<Touchy, FragileValue>::default();
        let mut known: HashMap<u32, Known> = HashMap::new();
        let mut payload = 0u64;
        let mut next_key = 0u32;
        for round in 0..rounds {
            // Fill to `n` with fresh keys, no fuse armed.
            while map.len() < n as usize {
                payload += 1;
                let key = next_key;
                next_key += 1;
                map.insert(Touchy(key), FragileValue(TrackedValue::new(&log, payload)));
                known.insert(key, Known::Present(payload));
            }
            check_drained(&map, &mut known, &log, name, round, "after filling");
            report.checks += 1;
            // Arm every k-th operation; k's range differs per round so
            // that panics fall both densely and sparsely.
            let k_max = [2, 4, 8, 16][round % 4];
            let mut until_armed = 1 + rng.below(k_max);
            let floor = n as usize * 3 / 100;
            let mut next_check = map.len() - map.len() / 8;
            let mut order: Vec<u32> = known.keys().copied().collect();
            order.sort_unstable();
            shuffle(&mut order, &mut rng);
            let mut step = 0usize;
            // After a panic inside bulk work the map retries that work on
            // a later operation: arm the next few too, so each shrink or
            // migration step is cut at several points before one is let
            // through.
            let mut chase = 0u64;
            while map.len() > floor {
                step += 1;
                let len = map.len() as u32;
                let retain = rng.below(64) == 0;
                let chasing = chase > 0 && !retain;
                if !chasing {
                    until_armed -= 1;
                }
                let fuse = (until_armed == 0 || chasing).then(|| {
                    if chasing {
                        chase -= 1;
                    } else {
                        until_armed = 1 + rng.below(k_max);
                    }
                    let sites = if retain {
                        [Sites::HASH_EQ, Sites::DROP, Sites::PREDICATE][rng.below(3) as usize]
                    } else {
                        Sites::HASH_EQ
                    };
                    // A quarter of the fuses run out within the operation's
                    // own few calls; the rest anywhere inside work on every
                    // entry (`retain` drops about one in sixteen).
                    let reach = match sites {
                        Sites::DROP => len / 16,
                        _ => len,
                    };
                    let left = if rng.below(4) == 0 && !chasing {
                        rng.below(4)
                    } else {
                        2 + rng.below(u64::from(reach) + 1)
                    };
                    (left as u32, sites)
                });
                report.armed += usize::from(fuse.is_some());
                let outcome;
                if retain {
                    let salt = rng.next() as u32;
                    let mut visited: Vec<u32> = Vec::new();
                    if let Some((left, sites)) = fuse {
                        arm_at(left, sites);
                    }
                    outcome = catch_unwind(AssertUnwindSafe(|| {
                        map.retain_entries(|key, _| {
                            visited.push(key.0);
                            tick(Sites::PREDICATE, None);
                            !rejected(key.0, salt)
                        })
                    }));
                    disarm();
                    let mut seen = std::collections::HashSet::new();
                    for &key in &visited {
                        assert!(
                            seen.insert(key),
                            "{name}, round {round}, step {step}: retain visited entry {key} twice"
                        );
                        assert!(
                            known.contains_key(&key),
                            "{name}, round {round}, step {step}: retain visited entry {key}, which the map should not hold"
                        );
                    }
                    // A panic stopped `retain` at the last key it visited,
                    // before deciding on it.
                    let decided =
                        if outcome.is_err() && fuse.is_some_and(|f| f.1 == Sites::PREDICATE) {
                            &visited[..visited.len().saturating_sub(1)]
                        } else {
                            &visited[..]
                        };
                    for &key in decided.iter().filter(|&&key| rejected(key, salt)) {
                        match (outcome.is_ok(), known.get(&key)) {
                            (true, _) => {
                                known.remove(&key);
                            }
                            (false, Some(Known::Present(p))) => {
                                let p = *p;
                                known.insert(key, Known::Unsure([Some(p), None]));
                            }
                            _ => {}
                        }
                    }
                    if outcome.is_ok() {
                        order.retain(|key| known.contains_key(key));
                    }
                } else {
                    let key = order.pop().expect("the map holds more than the floor");
                    let before = match known.get(&key) {
                        Some(Known::Present(p)) => Some(*p),
                        other => panic!("{name}: the drain lost track of key {key}: {other:?}"),
                    };
                    known.insert(key, Known::Unsure([before, None]));
                    SUBJECT.with(|s| s.set(Some(key)));
                    if let Some((left, sites)) = fuse {
                        arm_at(left, sites);
                    }
                    outcome = catch_unwind(AssertUnwindSafe(|| {
                        let removed = map.remove(&Touchy(key)).map(|v| v.0.payload());
                        assert_eq!(
                            removed, before,
                            "{name}, round {round}, step {step}: remove({key})"
                        );
                    }));
                    disarm();
                    if outcome.is_ok() {
                        known.remove(&key);
                    } else {
                        // Tried again later if it is still there.
                        order.insert(rng.below(order.len() as u64 + 1) as usize, key);
                    }
                }
                if let Err(payload) = &outcome {
                    let planted = payload
                        .downcast_ref::<&str>()
                        .is_some_and(|m| *m == PLANTED);
                    if !planted {
                        std::panic::resume_unwind(outcome.unwrap_err());
                    }
                    report.panics += 1;
                    match fuse.map(|f| f.1) {
                        Some(Sites::DROP) => report.in_drop += 1,
                        Some(Sites::PREDICATE) => report.in_predicate += 1,
                        _ => {}
                    }
                    if FIRED_ELSEWHERE.with(Cell::get) {
                        report.inside_bulk_work += 1;
                        if chase == 0 {
                            chase = 1 + rng.below(4);
                        }
                    }
                }
                if outcome.is_err() || map.len() <= next_check {
                    let phase = format!("step {step}, {} entries", map.len());
                    check_drained(&map, &mut known, &log, name, round, &phase);
                    report.checks += 1;
                    next_check = map.len() - map.len() / 8;
                    order.retain(|key| known.contains_key(key));
                }
            }
            check_drained(&map, &mut known, &log, name, round, "after draining to 3%");
            report.checks += 1;
        }
        drop(map);
    }
    log.assert_all_dropped_once(&format!("{name}: after draining with planted panics"));
    report
}

/// A Fisher-Yates shuffle driven by the kit's generator.
fn shuffle<T>(items: &mut [T], rng: &mut XorShift64) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

/// The drain check's strategy-agnostic checks: resolves unsure entries by
/// looking, then requires `len()` to equal the entries found by lookups
/// and by iteration (each visited once, with its value), and exactly one
/// live value per entry.
fn check_drained<M>(
    map: &M,
    known: &mut HashMap<u32, Known>,
    log: &DropLog,
    name: &str,
    round: usize,
    phase: &str,
) where
    M: MapStrategy<Touchy, FragileValue> + MapIter<Touchy, FragileValue>,
{
    let mut resolved = Vec::new();
    for (&key, &state) in known.iter() {
        let found = map.get(&Touchy(key)).map(|v| v.0.payload());
        match state {
            Known::Present(p) => assert_eq!(
                found,
                Some(p),
                "{name}, round {round}, {phase}: entry {key} lost or changed"
            ),
            Known::Unsure(allowed) => {
                assert!(
                    allowed.contains(&found),
                    "{name}, round {round}, {phase}: after a panic, entry {key} is {found:?}; allowed: {allowed:?}"
                );
                resolved.push((key, found));
            }
        }
    }
    for (key, found) in resolved {
        match found {
            Some(p) => known.insert(key, Known::Present(p)),
            None => known.remove(&key),
        };
    }
    assert_eq!(
        map.len(),
        known.len(),
        "{name}, round {round}, {phase}: len() differs from the entries lookups find"
    );
    let mut visited = std::collections::HashSet::with_capacity(known.len());
    map.for_each_entry(|key, value| {
        assert!(
            visited.insert(key.0),
            "{name}, round {round}, {phase}: iteration visited entry {} twice",
            key.0
        );
        assert_eq!(
            known.get(&key.0),
            Some(&Known::Present(value.0.payload())),
            "{name}, round {round}, {phase}: iteration found entry {} with payload {}",
            key.0,
            value.0.payload()
        );
    });
    assert_eq!(
        visited.len(),
        known.len(),
        "{name}, round {round}, {phase}: iteration visited {} entries, len() is {}",
        visited.len(),
        known.len()
    );
    let (live, twice) = (log.live(), log.extra_drops());
    assert_eq!(
        twice, 0,
        "{name}, round {round}, {phase}: values dropped twice ({twice} drops too many)"
    );
    assert_eq!(
        live,
        known.len(),
        "{name}, round {round}, {phase}: {live} values alive for {} entries (leaked values)",
        known.len()
    );
}
