//! Keys and values that record their own drops, so tests can prove every
//! one is dropped exactly once.

use core::cell::RefCell;
use core::hash::{Hash, Hasher};
use std::rc::Rc;

/// A ledger of drops, indexed by the id each tracked object was given.
#[derive(Debug, Default)]
pub struct DropLog {
    counts: RefCell<Vec<u32>>,
}

impl DropLog {
    /// A new, empty ledger.
    pub fn new() -> Rc<Self> {
        Rc::new(Self::default())
    }

    fn register(&self) -> usize {
        let mut counts = self.counts.borrow_mut();
        counts.push(0);
        counts.len() - 1
    }

    fn record(&self, id: usize) {
        self.counts.borrow_mut()[id] += 1;
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
        self.counts.borrow().iter().filter(|&&c| c == 0).count()
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
