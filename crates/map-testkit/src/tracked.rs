//! Keys and values that record their own drops, so tests can prove every
//! one is dropped exactly once.

use core::cell::{Cell, RefCell};
use core::hash::{Hash, Hasher};
use std::rc::Rc;

/// A ledger of drops, indexed by the id each tracked object was given.
#[derive(Debug, Default)]
pub struct DropLog {
    counts: RefCell<Vec<u32>>,
    /// Issued and not dropped yet, kept up to date so that checks after
    /// every operation cost O(1).
    live: Cell<usize>,
    /// Drops past the first, over all objects.
    extra_drops: Cell<usize>,
}

impl DropLog {
    /// A new, empty ledger.
    pub fn new() -> Rc<Self> {
        Rc::new(Self::default())
    }

    fn register(&self) -> usize {
        let mut counts = self.counts.borrow_mut();
        counts.push(0);
        self.live.set(self.live.get() + 1);
        counts.len() - 1
    }

    fn record(&self, id: usize) {
        let mut counts = self.counts.borrow_mut();
        counts[id] += 1;
        if counts[id] == 1 {
            self.live.set(self.live.get() - 1);
        } else {
            self.extra_drops.set(self.extra_drops.get() + 1);
        }
    }

    /// How many times the object with `id` has been dropped.
    pub fn drops_of(&self, id: usize) -> u32 {
        self.counts.borrow()[id]
    }

    /// How many objects this ledger has issued ids to.
    pub fn issued(&self) -> usize {
        self.counts.borrow().len()
    }

    /// How many issued objects have not been dropped yet.
    pub fn live(&self) -> usize {
        self.live.get()
    }

    /// How many drops there were past each object's first: zero unless
    /// something was dropped twice.
    pub fn extra_drops(&self) -> usize {
        self.extra_drops.get()
    }

    /// Panics unless every issued object was dropped exactly once.
    pub fn assert_all_dropped_once(&self, context: &str) {
        let counts = self.counts.borrow();
        for (id, &count) in counts.iter().enumerate() {
            assert_eq!(count, 1, "{context}: object {id} was dropped {count} times");
        }
    }
}

/// A value that records its drop in a [`DropLog`].
#[derive(Debug)]
pub struct TrackedValue {
    id: usize,
    payload: u64,
    log: Rc<DropLog>,
}

impl TrackedValue {
    /// A new value carrying `payload`.
    pub fn new(log: &Rc<DropLog>, payload: u64) -> Self {
        Self {
            id: log.register(),
            payload,
            log: Rc::clone(log),
        }
    }

    /// This value's id in its ledger.
    pub fn id(&self) -> usize {
        self.id
    }

    /// The payload it was created with.
    pub fn payload(&self) -> u64 {
        self.payload
    }

    /// Changes the payload, for `get_mut` checks.
    pub fn set_payload(&mut self, payload: u64) {
        self.payload = payload;
    }
}

impl Drop for TrackedValue {
    fn drop(&mut self) {
        self.log.record(self.id);
    }
}

/// A key that owns heap (a `String`) and records its drop. Equality and
/// hashing look only at the text, so two tracked keys with the same text
/// are the same key.
#[derive(Debug)]
pub struct TrackedKey {
    id: usize,
    text: String,
    log: Rc<DropLog>,
}

impl TrackedKey {
    /// A new key with the given text.
    pub fn new(log: &Rc<DropLog>, text: String) -> Self {
        Self {
            id: log.register(),
            text,
            log: Rc::clone(log),
        }
    }

    /// This key's id in its ledger.
    pub fn id(&self) -> usize {
        self.id
    }
}

impl PartialEq for TrackedKey {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for TrackedKey {}

impl Hash for TrackedKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl Drop for TrackedKey {
    fn drop(&mut self) {
        self.log.record(self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A double drop cannot be planted in a map without `unsafe` (the kit
    /// has none), so the ledger's detection of one is checked here, on the
    /// ledger itself.
    #[test]
    fn the_ledger_reports_a_second_drop() {
        let log = DropLog::new();
        let value = TrackedValue::new(&log, 7);
        let other = TrackedValue::new(&log, 8);
        assert_eq!(log.live(), 2);
        log.record(value.id());
        assert_eq!((log.live(), log.extra_drops()), (1, 0));
        drop(value);
        assert_eq!((log.live(), log.extra_drops()), (1, 1));
        drop(other);
        let failure = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            log.assert_all_dropped_once("ledger")
        }));
        let message = *failure
            .expect_err("a value dropped twice passed")
            .downcast::<String>()
            .expect("a formatted message");
        assert!(
            message.contains("ledger: object 0 was dropped 2 times"),
            "unexpected message: {message}"
        );
    }

    #[test]
    fn the_ledger_reports_a_leak() {
        let log = DropLog::new();
        core::mem::forget(TrackedValue::new(&log, 1));
        assert_eq!(log.live(), 1);
        let failure = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            log.assert_all_dropped_once("ledger")
        }));
        let message = *failure
            .expect_err("a leaked value passed")
            .downcast::<String>()
            .expect("a formatted message");
        assert!(
            message.contains("ledger: object 0 was dropped 0 times"),
            "unexpected message: {message}"
        );
    }
}
