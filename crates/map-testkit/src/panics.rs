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

thread_local! {
    /// `Some(n)`: the n-th further call of `Hash` or `Eq` on a [`Touchy`]
    /// key panics.
    static FUSE: Cell<Option<u32>> = const { Cell::new(None) };
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
    FUSE.with(|fuse| fuse.set(Some(calls)));
}

fn disarm() {
    FUSE.with(|fuse| fuse.set(None));
}

fn tick() {
    FUSE.with(|fuse| match fuse.get() {
        Some(0) => {
            fuse.set(None);
            std::panic::panic_any(PLANTED);
        }
        Some(n) => fuse.set(Some(n - 1)),
        None => {}
    });
}

/// A key whose `Hash` and `Eq` panic when the thread's fuse runs out.
#[derive(Debug, Clone, Copy)]
pub struct Touchy(pub u32);

impl Hash for Touchy {
    fn hash<H: Hasher>(&self, state: &mut H) {
        tick();
        state.write_u32(self.0);
    }
}

impl PartialEq for Touchy {
    fn eq(&self, other: &Self) -> bool {
        tick();
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

/// A value whose `Drop` panics inside `clear` and inside `remove`'s caller
/// must not be dropped twice, and the map must stay usable.
pub fn panicking_drop<F: Family>() {
    quiet_planted_panics();
    let name = F::NAME;
    let log = DropLog::new();
    let n = scaled(2_000, 60) as u64;
    let explode = Rc::new(Cell::new(false));
    {
        let mut map = F::Map::<u64, ExplodingValue>::default();
        let value = |payload| ExplodingValue {
            value: TrackedValue::new(&log, payload),
            explode: Rc::clone(&explode),
        };
        for key in 0..n {
            map.insert(key, value(key));
        }
        // A panic while the map drops values in `clear`.
        explode.set(true);
        let cleared = catch_unwind(AssertUnwindSafe(|| map.clear()));
        assert!(
            cleared.is_err(),
            "{name}: the planted drop panic did not reach the caller"
        );
        explode.set(false);
        // The map must be usable afterwards.
        for key in 0..n / 2 {
            map.insert(key, value(key));
        }
        for key in 0..n / 2 {
            assert_eq!(
                map.get(&key).map(|v| v.value.payload()),
                Some(key),
                "{name}: get({key}) after the panic"
            );
        }
        // A panic while an overwritten value is dropped by the caller.
        let old = map.insert(0, value(u64::MAX));
        explode.set(true);
        assert!(catch_unwind(AssertUnwindSafe(|| drop(old))).is_err());
        explode.set(false);
        assert_eq!(map.len() as u64, n / 2, "{name}: len after the panics");
    }
    // Values the panicking `clear` had not reached yet may leak, as with
    // std's maps; none may be dropped twice.
    for id in 0..log.issued() {
        assert!(
            log.drops_of(id) <= 1,
            "{name}: value {id} dropped {} times",
            log.drops_of(id)
        );
    }
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
