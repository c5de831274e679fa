//! The one list of map strategies and baselines.
//!
//! Benchmarks, the report and the conformance tests all iterate over this
//! registry, so adding a strategy means implementing
//! [`MapStrategy`](map_api::MapStrategy) and adding one line to the
//! `registry!` invocation below.
//!
//! ```
//! use map_api::{Family, Visitor};
//!
//! struct Names(Vec<&'static str>);
//! impl Visitor for Names {
//!     fn visit<F: Family>(&mut self) {
//!         self.0.push(F::NAME);
//!     }
//! }
//! let mut names = Names(Vec::new());
//! map_registry::visit(&mut names);
//! assert!(names.0.contains(&"hashbrown"));
//! assert_eq!(names.0.len(), map_registry::ALL.len());
//! ```
#![warn(missing_docs)]

use map_api::{Family, Kind, Visitor};

/// A registered map, as data: what reports and command lines need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StrategyInfo {
    /// The short name used on command lines and in reports.
    pub name: &'static str,
    /// Strategy or baseline.
    pub kind: Kind,
    /// A one-line description.
    pub about: &'static str,
}

macro_rules! registry {
    ($( $family:ident = $($ty:ident)::+, $name:literal, $kind:ident, $about:literal; )+) => {
        $(
            #[doc = $about]
            #[derive(Debug, Clone, Copy, Default)]
            pub struct $family;

            impl Family for $family {
                const NAME: &'static str = $name;
                const ABOUT: &'static str = $about;
                const KIND: Kind = Kind::$kind;
                type Map<K: core::hash::Hash + Eq, V> = $($ty)::+<K, V>;
            }
        )+

        /// Every registered map, in registry order.
        pub const ALL: &[StrategyInfo] = &[
            $( StrategyInfo { name: $name, kind: Kind::$kind, about: $about }, )+
        ];

        /// Calls `visitor` once for every registered map, in registry order.
        pub fn visit<Vis: Visitor + ?Sized>(visitor: &mut Vis) {
            $( visitor.visit::<$family>(); )+
        }
    };
}

registry! {
    StdHashMap = map_baselines::StdHashMap, "std", Baseline,
        "`std::collections::HashMap` with SipHash: what most Rust code uses; never shrinks by itself.";
    Hashbrown = map_baselines::HashbrownMap, "hashbrown", Baseline,
        "`hashbrown::HashMap` with ahash: the speed reference; keeps its table until `shrink_to_fit`.";
    IndexMap = map_baselines::IndexMapAhash, "indexmap", Baseline,
        "`indexmap::IndexMap` with ahash, removing with `swap_remove`: dense entries plus an index.";
    Boxed = map_baselines::BoxedMap, "boxed", Baseline,
        "hashbrown with `Box<V>` values: the Go article's `map[int]*[128]byte` remedy in Rust.";
    GoHmap = go_hmap::GoMap, "go-hmap", Strategy,
        "a faithful port of Go's classic runtime map: Go's buckets, growth and memory figures; never shrinks.";
    ShrinkMap = shrink_map::ShrinkMap, "shrink-map", Strategy,
        "hashbrown with an automatic, hysteresis-guarded shrink: memory back at the cost of an O(n) pause.";
    SlabMap = slab_map::SlabMap, "slab-map", Strategy,
        "a 4-byte-per-bucket index over a dense slab that compacts as it empties: small index, dense iteration.";
    GenMap = gen_map::GenMap, "gen-map", Strategy,
        "two generations with incremental migration: grows and shrinks without a rehash pause.";
    SplitMap = split_map::SplitMap, "split-map", Strategy,
        "a directory of small tables that split as they fill and merge as they empty (extendible hashing).";
}

/// Looks a registered map up by name.
pub fn find(name: &str) -> Option<&'static StrategyInfo> {
    ALL.iter().find(|info| info.name == name)
}

/// Calls `visitor` for the registered map called `name`; returns `false`
/// if there is none.
pub fn visit_named<Vis: Visitor + ?Sized>(name: &str, visitor: &mut Vis) -> bool {
    struct Only<'a, Vis: ?Sized> {
        name: &'a str,
        inner: &'a mut Vis,
        found: bool,
    }
    impl<Vis: Visitor + ?Sized> Visitor for Only<'_, Vis> {
        fn visit<F: Family>(&mut self) {
            if F::NAME == self.name {
                self.found = true;
                self.inner.visit::<F>();
            }
        }
    }
    let mut only = Only {
        name,
        inner: visitor,
        found: false,
    };
    visit(&mut only);
    only.found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_lower_case() {
        for (i, a) in ALL.iter().enumerate() {
            assert!(
                a.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not a command-line friendly name",
                a.name
            );
            for b in &ALL[i + 1..] {
                assert_ne!(a.name, b.name, "duplicate registry name");
            }
        }
    }

    #[test]
    fn visit_named_finds_only_that_map() {
        struct Seen(Vec<&'static str>);
        impl Visitor for Seen {
            fn visit<F: Family>(&mut self) {
                self.0.push(F::NAME);
            }
        }
        let mut seen = Seen(Vec::new());
        assert!(visit_named("indexmap", &mut seen));
        assert_eq!(seen.0, ["indexmap"]);
        assert!(!visit_named("no-such-map", &mut seen));
        assert_eq!(find("boxed").map(|info| info.kind), Some(Kind::Baseline));
    }
}
