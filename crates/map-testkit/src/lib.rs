//! The conformance kit: checks every map strategy in this workspace must
//! pass, written once against [`map_api::MapStrategy`].
//!
//! A strategy joins the kit with one macro call in a test file:
//!
//! ```text
//! // crates/my-map/tests/conformance.rs
//! map_testkit::conformance_tests!(my_map::MyMap);
//! ```
//!
//! That generates one `#[test]` per check for `MyMap<K, V>`. Heap
//! accounting needs dhat as the global allocator and a test binary of its
//! own, without libtest's harness (whose threads allocate while dhat
//! counts), so it has a macro of its own:
//!
//! ```text
//! // crates/my-map/tests/heap_accounting.rs
//! map_testkit::heap_accounting_test!(my_map::MyMap);
//!
//! // crates/my-map/Cargo.toml
//! [[test]]
//! name = "heap_accounting"
//! harness = false
//! ```
//!
//! A strategy that gives memory back by itself also calls
//! `map_testkit::retention_tests!(my_map::MyMap)`, which drains maps of
//! several sizes to 1% and checks what they still hold ([`retention`]).
//!
//! The checks are plain generic functions over a [`Family`](map_api::Family), in [`checks`]
//! and [`heap`], for callers that want to compose them differently; the
//! workspace registry runs them over every registered strategy.
//!
//! Sizes shrink under Miri, so the same tests can run there.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod checks;
pub mod heap;
pub mod ops;
pub mod panics;
pub mod retention;
pub mod surface;

pub mod tracked;

pub use map_baselines::XorShift64;

#[doc(hidden)]
pub mod __private {
    pub use dhat;
    pub use libtest_mimic::Trial;
    pub use map_api::{Family, Kind, MapIter, MapStrategy, TryReserveError, Visitor};
}

/// Scales a test size down under Miri, whose interpreter is orders of
/// magnitude slower than native code.
pub const fn scaled(native: usize, miri: usize) -> usize {
    if cfg!(miri) { miri } else { native }
}

/// Generates the conformance tests for one map type or family.
///
/// `conformance_tests!(path::Map)` tests `path::Map<K, V>`, which must
/// implement [`MapStrategy`](map_api::MapStrategy) and [`Default`] for every
/// `K: Hash + Eq` and `V`. `conformance_tests!(family: F)` tests an existing
/// [`Family`](map_api::Family) `F`. Each check becomes its own `#[test]`.
#[macro_export]
macro_rules! conformance_tests {
    (family: $family:ty) => {
        $crate::__with_checks!(__family_tests($family));
    };
    ($($ty:ident)::+) => {
        $crate::__family!(__ConformanceFamily, $($ty)::+);
        $crate::conformance_tests!(family: __ConformanceFamily);
    };
}

/// Generates the retention test for one map type that gives memory back
/// by itself: [`retention::drained_maps_stay_near_right_sized`], as one
/// `#[test]`. Maps that keep their memory on purpose (a faithful port of
/// Go's map, the baselines) do not call it.
///
/// ```text
/// // crates/my-map/tests/conformance.rs
/// map_testkit::retention_tests!(my_map::MyMap);
/// ```
#[macro_export]
macro_rules! retention_tests {
    ($($ty:ident)::+) => {
        $crate::__family!(__RetentionFamily, $($ty)::+);

        #[test]
        fn drained_maps_stay_near_right_sized() {
            $crate::retention::drained_maps_stay_near_right_sized::<__RetentionFamily>();
        }
    };
}

/// Generates the conformance tests for every map a registry visits.
///
/// The argument is a function with the signature of `map_registry::visit`.
/// Each check becomes one `#[test]` that runs it on every registered map
/// and fails listing every map that failed.
///
/// `known_failures: [check: "map", ...]` lists checks a registered map is
/// known to fail (a baseline's upstream bug, say): those must still fail,
/// so the test says when the list can shrink.
#[macro_export]
macro_rules! registry_conformance_tests {
    ($visit:path) => {
        $crate::__with_checks!(__registry_tests($visit, &[]));
    };
    ($visit:path, known_failures: [$($check:ident: $map:literal),* $(,)?]) => {
        $crate::__with_checks!(__registry_tests($visit, &[$((stringify!($check), $map)),*]));
    };
}

/// The list of checks, passed to a generator macro so that the per-family
/// and per-registry forms cannot drift apart.
#[doc(hidden)]
#[macro_export]
macro_rules! __with_checks {
    ($generator:ident ($($args:tt)+)) => {
        $crate::$generator! {
            ($($args)+)
            differential_against_std => checks::differential,
            get_mut_updates_in_place => checks::get_mut_updates_in_place,
            clear_then_reuse => checks::clear_then_reuse,
            drops_every_key_and_value_exactly_once => checks::drops_exactly_once,
            zero_sized_values => checks::zero_sized_values,
            zero_sized_keys => checks::zero_sized_keys,
            large_values => checks::large_values,
            over_aligned_values => checks::over_aligned_values,
            colliding_hashes => checks::colliding_hashes,
            owned_string_keys => checks::owned_string_keys,
            iteration_visits_every_entry_once => checks::iteration_visits_every_entry_once,
            random_sequences_against_std => ops::random_sequences,
            random_sequences_with_colliding_hashes => ops::random_sequences_colliding,
            survives_panicking_hash_and_eq => panics::hash_and_eq_panics,
            survives_panics_while_draining => panics::panics_while_draining,
            survives_panicking_drop => panics::panicking_drop,
            retain_drops_rejected_values_once => panics::drops_on_retain,
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __family_tests {
    (($family:ty) $($test:ident => $($check:ident)::+,)+) => {
        $(
            #[test]
            fn $test() {
                $crate::$($check)::+::<$family>();
            }
        )+
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __registry_tests {
    (($visit:path, $known:expr) $($test:ident => $($check:ident)::+,)+) => {
        $(
            #[test]
            fn $test() {
                struct Run(
                    ::std::vec::Vec<::std::string::String>,
                    &'static [(&'static str, &'static str)],
                );
                impl $crate::__private::Visitor for Run {
                    fn visit<F: $crate::__private::Family>(&mut self) {
                        let known = self
                            .1
                            .iter()
                            .any(|&(check, map)| check == stringify!($test) && map == F::NAME);
                        match ($crate::failure_of(F::NAME, $crate::$($check)::+::<F>), known) {
                            (::core::option::Option::Some(failure), false) => self.0.push(failure),
                            (::core::option::Option::None, true) => self.0.push(::std::format!(
                                "{}: listed as a known failure of {} but passes now: take it off the list",
                                F::NAME,
                                stringify!($test),
                            )),
                            _ => {}
                        }
                    }
                }
                let mut run = Run(::std::vec::Vec::new(), $known);
                $visit(&mut run);
                $crate::assert_no_failures(stringify!($test), &run.0);
            }
        )+
    };
}

/// Hash flooding: asserts that two maps' default hashers, built
/// independently, hash no two of 64 keys alike, so an attacker cannot
/// precompute keys that collide in every map.
///
/// ```
/// use std::collections::hash_map::RandomState;
///
/// let (a, b) = (RandomState::new(), RandomState::new());
/// map_testkit::assert_seeded_per_map(&a, &b);
/// ```
pub fn assert_seeded_per_map<S: core::hash::BuildHasher>(a: &S, b: &S) {
    let same = (0..64u64)
        .filter(|k| a.hash_one(k) == b.hash_one(k))
        .count();
    assert_eq!(
        same, 0,
        "two maps hash alike: the default hasher is not seeded per map"
    );
}

/// Runs `check`, returning its panic message, prefixed with `name`, if it
/// panicked.
pub fn failure_of(name: &str, check: fn()) -> Option<String> {
    let outcome = std::panic::catch_unwind(check);
    outcome.err().map(|payload| {
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "a panic without a message".to_string());
        format!("{name}: {message}")
    })
}

/// Panics listing `failures`, if there are any.
pub fn assert_no_failures(check: &str, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{check} failed for {} map(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Generates a test binary that checks
/// [`heap_bytes`](map_api::MapStrategy::heap_bytes) against dhat for one or
/// more map types, or for families.
///
/// It installs dhat as the global allocator and a `main` that runs the
/// checks one after another on the main thread: dhat counts every thread's
/// allocations, so no test harness may run beside them (the
/// [`heap`](crate::heap) module says what libtest's threads allocate). Put
/// it in a `tests/` file of its own and turn the harness off for it:
///
/// ```toml
/// [[test]]
/// name = "heap_accounting"
/// harness = false
/// ```
///
/// The binary keeps libtest's command line and output; each map and value
/// type is a trial of its own, named
/// `heap_bytes_match_the_allocator::<map>::<value type>`. Built with the
/// harness still on, the binary has one test, which fails saying so.
///
/// `heap_accounting_test!(path::Map, other::Map)` checks map types;
/// `heap_accounting_test!(family: F, G)` checks families, and
/// `heap_accounting_test!(registry: map_registry::visit)` every map a
/// registry visits.
#[macro_export]
macro_rules! heap_accounting_test {
    (family: $($family:ty),+ $(,)?) => {
        $crate::__heap_accounting_main!(|trials| {
            $( trials.extend($crate::heap::trials::<$family>()); )+
        });
    };
    (registry: $visit:path) => {
        $crate::__heap_accounting_main!(|trials| {
            struct Collect<'a>(&'a mut ::std::vec::Vec<$crate::__private::Trial>);
            impl $crate::__private::Visitor for Collect<'_> {
                fn visit<F: $crate::__private::Family>(&mut self) {
                    self.0.extend($crate::heap::trials::<F>());
                }
            }
            $visit(&mut Collect(trials));
        });
    };
    ($($($ty:ident)::+),+ $(,)?) => {
        $crate::__heap_accounting_main!(|trials| {
            $({
                $crate::__family!(__HeapFamily, $($ty)::+);
                trials.extend($crate::heap::trials::<__HeapFamily>());
            })+
        });
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __heap_accounting_main {
    (|$trials:ident| $collect:block) => {
        #[global_allocator]
        static ALLOC: $crate::__private::dhat::Alloc = $crate::__private::dhat::Alloc;

        fn main() -> ::std::process::ExitCode {
            let mut all = ::std::vec::Vec::new();
            {
                let $trials: &mut ::std::vec::Vec<$crate::__private::Trial> = &mut all;
                $collect
            }
            $crate::heap::run_trials(all)
        }

        // Compiled only when libtest's harness builds this binary, which
        // then ignores `main`: fail rather than pass without checking.
        #[cfg(test)]
        #[test]
        fn heap_accounting_needs_harness_false() {
            panic!("{}", $crate::heap::NEEDS_HARNESS_FALSE);
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __family {
    ($name:ident, $($ty:ident)::+) => {
        struct $name;
        impl $crate::__private::Family for $name {
            const NAME: &'static str = stringify!($($ty)::+);
            const ABOUT: &'static str = "";
            const KIND: $crate::__private::Kind = $crate::__private::Kind::Strategy;
            type Map<K: ::core::hash::Hash + ::core::cmp::Eq, V> = $($ty)::+<K, V>;
        }
    };
}
