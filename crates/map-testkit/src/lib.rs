//! The conformance kit: checks every map strategy in this workspace must
//! pass, written once against [`map_api::MapStrategy`].
//!
//! A strategy joins the kit with one macro call in a test file:
//!
//! ```ignore
//! // crates/my-map/tests/conformance.rs
//! map_testkit::conformance_tests!(my_map::MyMap);
//! ```
//!
//! That generates one `#[test]` per check for `MyMap<K, V>`. Heap
//! accounting needs dhat as the global allocator and a test binary of its
//! own, so it has a macro of its own:
//!
//! ```ignore
//! // crates/my-map/tests/heap_accounting.rs
//! map_testkit::heap_accounting_test!(my_map::MyMap);
//! ```
//!
//! The checks are plain generic functions over a [`Family`], in [`checks`]
//! and [`heap`], for callers that want to compose them differently; the
//! workspace registry runs them over every registered strategy.
//!
//! Sizes shrink under Miri, so the same tests can run there.
#![warn(missing_docs)]

pub mod checks;
pub mod heap;

pub mod tracked;

pub use map_api::XorShift64;

#[doc(hidden)]
pub mod __private {
    pub use dhat;
    pub use map_api::{Family, Kind};
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
/// [`Family`](map_api::Family) `F`.
#[macro_export]
macro_rules! conformance_tests {
    (family: $family:ty) => {
        #[test]
        fn differential_against_std() {
            $crate::checks::differential::<$family>();
        }
        #[test]
        fn get_mut_updates_in_place() {
            $crate::checks::get_mut_updates_in_place::<$family>();
        }
        #[test]
        fn clear_then_reuse() {
            $crate::checks::clear_then_reuse::<$family>();
        }
        #[test]
        fn drops_every_key_and_value_exactly_once() {
            $crate::checks::drops_exactly_once::<$family>();
        }
        #[test]
        fn zero_sized_values() {
            $crate::checks::zero_sized_values::<$family>();
        }
        #[test]
        fn zero_sized_keys() {
            $crate::checks::zero_sized_keys::<$family>();
        }
        #[test]
        fn large_values() {
            $crate::checks::large_values::<$family>();
        }
        #[test]
        fn over_aligned_values() {
            $crate::checks::over_aligned_values::<$family>();
        }
        #[test]
        fn colliding_hashes() {
            $crate::checks::colliding_hashes::<$family>();
        }
        #[test]
        fn owned_string_keys() {
            $crate::checks::owned_string_keys::<$family>();
        }
    };
    ($($ty:ident)::+) => {
        $crate::__family!(__ConformanceFamily, $($ty)::+);
        $crate::conformance_tests!(family: __ConformanceFamily);
    };
}

/// Generates a test that checks [`heap_bytes`](map_api::MapStrategy::heap_bytes)
/// against dhat for one or more map types, or for families.
///
/// It installs dhat as the global allocator, and the maps are checked one
/// after another in a single test so that no other test allocates while
/// dhat counts. Put it in a `tests/` file of its own.
///
/// `heap_accounting_test!(path::Map, other::Map)` checks map types;
/// `heap_accounting_test!(family: F, G)` checks families.
#[macro_export]
macro_rules! heap_accounting_test {
    (family: $($family:ty),+ $(,)?) => {
        #[global_allocator]
        static ALLOC: $crate::__private::dhat::Alloc = $crate::__private::dhat::Alloc;

        #[test]
        #[cfg_attr(miri, ignore = "dhat captures a backtrace per allocation, far too slow under Miri")]
        fn heap_bytes_match_the_allocator() {
            $( $crate::heap::check_heap_accounting::<$family>(); )+
        }
    };
    ($($($ty:ident)::+),+ $(,)?) => {
        #[global_allocator]
        static ALLOC: $crate::__private::dhat::Alloc = $crate::__private::dhat::Alloc;

        #[test]
        #[cfg_attr(miri, ignore = "dhat captures a backtrace per allocation, far too slow under Miri")]
        fn heap_bytes_match_the_allocator() {
            $({
                $crate::__family!(__HeapFamily, $($ty)::+);
                $crate::heap::check_heap_accounting::<__HeapFamily>();
            })+
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
