//! The heap check must reject a map that under-reports its memory. A binary
//! of its own without libtest's harness (`harness = false`), because dhat
//! becomes the global allocator and counts every thread's allocations.

use core::hash::Hash;
use std::collections::HashMap;

use map_api::{Family, Kind, MapIter, MapStrategy};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

/// Claims to hold no heap at all.
struct ClaimsNothing<K, V> {
    inner: HashMap<K, V>,
}

impl<K, V> Default for ClaimsNothing<K, V> {
    fn default() -> Self {
        Self {
            inner: HashMap::new(),
        }
    }
}

impl<K: Hash + Eq, V> MapStrategy<K, V> for ClaimsNothing<K, V> {
    fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.inner.insert(key, value)
    }
    fn get(&self, key: &K) -> Option<&V> {
        self.inner.get(key)
    }
    fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.inner.get_mut(key)
    }
    fn remove(&mut self, key: &K) -> Option<V> {
        self.inner.remove(key)
    }
    fn len(&self) -> usize {
        self.inner.len()
    }
    fn clear(&mut self) {
        self.inner.clear()
    }
    fn heap_bytes(&self) -> usize {
        0
    }
}

impl<K: Hash + Eq, V> MapIter<K, V> for ClaimsNothing<K, V> {
    fn for_each_entry(&self, mut f: impl FnMut(&K, &V)) {
        self.inner.iter().for_each(|(k, v)| f(k, v));
    }
    fn retain_entries(&mut self, mut f: impl FnMut(&K, &mut V) -> bool) {
        self.inner.retain(|k, v| f(k, v));
    }
}

struct Liar;
impl Family for Liar {
    const NAME: &'static str = "claims-nothing";
    const ABOUT: &'static str = "deliberately broken";
    const KIND: Kind = Kind::Strategy;
    type Map<K: Hash + Eq, V> = ClaimsNothing<K, V>;
}

fn heap_check_rejects_under_reporting() {
    let failure =
        map_testkit::failure_of(Liar::NAME, map_testkit::heap::check_heap_accounting::<Liar>);
    let message = failure.expect("the heap check accepted a map that reports 0 bytes");
    assert!(
        message.contains("claims-nothing with [u8; 128] values, growing")
            && message.contains("heap_bytes() reports 0 bytes"),
        "unexpected message: {message}"
    );
}

/// The check refuses to run where libtest's threads could allocate beside
/// it, rather than pass or fail by chance.
fn heap_check_refuses_other_threads() {
    let message = std::thread::spawn(|| {
        map_testkit::failure_of(Liar::NAME, map_testkit::heap::check_heap_accounting::<Liar>)
    })
    .join()
    .expect("failure_of catches the panic")
    .expect("the heap check ran off the main thread");
    assert!(
        message.contains("runs on the main thread of a binary without libtest's harness"),
        "unexpected message: {message}"
    );
}

fn main() -> std::process::ExitCode {
    use libtest_mimic::Trial;
    // Both trials make the check fail on purpose; without libtest's output
    // capture the default hook would print each panic. A trial's own
    // failure still shows, in libtest-mimic's summary.
    std::panic::set_hook(Box::new(|_| {}));
    let trial = |name: &str, check: fn()| {
        Trial::test(name, move || {
            check();
            Ok(())
        })
        .with_ignored_flag(cfg!(miri))
    };
    map_testkit::heap::run_trials(vec![
        trial(
            "heap_check_rejects_under_reporting",
            heap_check_rejects_under_reporting,
        ),
        trial(
            "heap_check_refuses_other_threads",
            heap_check_refuses_other_threads,
        ),
    ])
}
