//! The one list of map strategies and baselines.
//!
//! Benchmarks, the report and the conformance tests all iterate over this
//! registry, so adding a strategy means implementing
//! [`MapStrategy`] and adding one line to the
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
//!
//! A second, shorter list holds **policy variants**: a strategy built with
//! a non-default shrink policy, named `strategy@setting` (such as
//! `shrink-map@1/8`). The report's policy sweep measures them; nothing else
//! iterates over them. [`visit_policy_variants`] visits them and
//! [`visit_named`] finds both kinds by name.
#![warn(missing_docs)]

use core::fmt;
use core::hash::Hash;

use map_api::{Family, Kind, MapIter, MapStrategy, Visitor};

/// A registered map, as data: what reports and command lines need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StrategyInfo {
    /// The short name used on command lines and in reports.
    pub name: &'static str,
    /// Strategy or baseline.
    pub kind: Kind,
    /// A one-line description.
    pub about: &'static str,
    /// Where to read about it: a strategy's README, relative to the
    /// workspace root, or a baseline's documentation on the web.
    pub link: &'static str,
}

macro_rules! registry {
    (@link Strategy, $name:literal) => { concat!("crates/", $name, "/README.md") };
    (@link Baseline, $name:literal, $link:literal) => { $link };
    (@link Strategy, $name:literal, $link:literal) => { $link };
    ($( $family:ident = $($ty:ident)::+, $name:literal, $kind:ident, $about:literal $(, $link:literal)?; )+) => {
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
            $( StrategyInfo {
                name: $name,
                kind: Kind::$kind,
                about: $about,
                link: registry!(@link $kind, $name $(, $link)?),
            }, )+
        ];

        /// Calls `visitor` once for every registered map, in registry order.
        pub fn visit<Vis: Visitor + ?Sized>(visitor: &mut Vis) {
            $( visitor.visit::<$family>(); )+
        }
    };
}

// One line per map: `Family = type constructor, "name", Kind, "about"`,
// and for a baseline the address of its documentation. A strategy's link
// is its crate's README, `crates/<name>/README.md`.
registry! {
    StdHashMap = map_baselines::StdHashMap, "std", Baseline,
        "`std::collections::HashMap` with SipHash: what most Rust code uses; never shrinks by itself.",
        "https://doc.rust-lang.org/std/collections/struct.HashMap.html";
    Hashbrown = map_baselines::HashbrownMap, "hashbrown", Baseline,
        "`hashbrown::HashMap` with ahash: the speed reference; keeps its table until `shrink_to_fit`.",
        "https://docs.rs/hashbrown";
    IndexMap = map_baselines::IndexMapAhash, "indexmap", Baseline,
        "`indexmap::IndexMap` with ahash, removing with `swap_remove`: dense entries plus an index.",
        "https://docs.rs/indexmap";
    Boxed = map_baselines::BoxedMap, "boxed", Baseline,
        "hashbrown with `Box<V>` values: the Go article's `map[int]*[128]byte` remedy in Rust.",
        "https://docs.rs/hashbrown";
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

/// A policy variant, as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyInfo {
    /// `strategy@setting`, such as `shrink-map@1/8`.
    pub name: &'static str,
    /// The registry name of the strategy it configures.
    pub of: &'static str,
    /// The setting in words, such as `shrink below 1/4 full, to 1/2`.
    pub setting: &'static str,
}

/// Builds a map with a chosen policy: what a policy variant's
/// [`Variant`] calls for its `Default`.
pub trait MakeMap: 'static {
    /// The strategy's map type.
    type Map<K: Hash + Eq, V>: MapStrategy<K, V> + MapIter<K, V>;
    /// An empty map with the variant's policy.
    fn make<K: Hash + Eq, V>() -> Self::Map<K, V>;
}

/// A strategy's map whose `Default` is built by `P`, so that a policy
/// variant is a [`Family`] like any other.
pub struct Variant<P: MakeMap, K: Hash + Eq, V>(pub P::Map<K, V>);

impl<P: MakeMap, K: Hash + Eq, V> Default for Variant<P, K, V> {
    fn default() -> Self {
        Variant(P::make())
    }
}

impl<P: MakeMap, K: Hash + Eq, V> fmt::Debug for Variant<P, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Variant")
            .field("policy", &core::any::type_name::<P>())
            .field("len", &self.0.len())
            .finish()
    }
}

impl<P: MakeMap, K: Hash + Eq, V> MapStrategy<K, V> for Variant<P, K, V> {
    // The forwarders are `always`: each is one call, and a benchmark loop
    // through the trait should see the map's own inlining decision, as a
    // user calling the map directly does. With `#[inline]`, LLVM counted
    // the inlined callee against the forwarder and kept it out of line.
    #[inline(always)]
    fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.0.insert(key, value)
    }
    #[inline(always)]
    fn get(&self, key: &K) -> Option<&V> {
        self.0.get(key)
    }
    #[inline(always)]
    fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.0.get_mut(key)
    }
    #[inline(always)]
    fn remove(&mut self, key: &K) -> Option<V> {
        self.0.remove(key)
    }
    #[inline]
    fn len(&self) -> usize {
        self.0.len()
    }
    fn clear(&mut self) {
        self.0.clear()
    }
    fn heap_bytes(&self) -> usize {
        self.0.heap_bytes()
    }
    #[inline(always)]
    fn contains_key(&self, key: &K) -> bool {
        self.0.contains_key(key)
    }
}

impl<P: MakeMap, K: Hash + Eq, V> MapIter<K, V> for Variant<P, K, V> {
    fn for_each_entry(&self, f: impl FnMut(&K, &V)) {
        self.0.for_each_entry(f)
    }
    fn retain_entries(&mut self, f: impl FnMut(&K, &mut V) -> bool) {
        self.0.retain_entries(f)
    }
}

macro_rules! policy_variants {
    ($( $family:ident = $($ty:ident)::+, $name:literal, of $of:literal, $setting:literal,
        $make:expr; )+) => {
        $(
            #[doc = concat!("`", $name, "`: `", $of, "` set to ", $setting, ".")]
            #[derive(Debug, Clone, Copy, Default)]
            pub struct $family;

            impl MakeMap for $family {
                type Map<K: Hash + Eq, V> = $($ty)::+<K, V>;
                fn make<K: Hash + Eq, V>() -> Self::Map<K, V> {
                    $make
                }
            }

            impl Family for $family {
                const NAME: &'static str = $name;
                const ABOUT: &'static str = concat!("`", $of, "` set to ", $setting, ".");
                const KIND: Kind = Kind::Strategy;
                type Map<K: Hash + Eq, V> = Variant<$family, K, V>;
            }
        )+

        /// Every policy variant, in sweep order.
        pub const POLICY_VARIANTS: &[PolicyInfo] = &[
            $( PolicyInfo { name: $name, of: $of, setting: $setting }, )+
        ];

        /// Calls `visitor` once for every policy variant, in sweep order.
        pub fn visit_policy_variants<Vis: Visitor + ?Sized>(visitor: &mut Vis) {
            $( visitor.visit::<$family>(); )+
        }
    };
}

// One line per setting: `Family = type constructor, "name", of "strategy",
// "setting", expression building an empty map`. Another strategy's shrink
// policy joins the sweep the same way, with its own `with_policy`.
policy_variants! {
    ShrinkQuarter = shrink_map::ShrinkMap, "shrink-map@1/4", of "shrink-map",
        "shrink below 1/4 full, to 1/2 (`ShrinkPolicy::TIGHT`)",
        shrink_map::ShrinkMap::with_policy(shrink_map::ShrinkPolicy::TIGHT);
    ShrinkEighth = shrink_map::ShrinkMap, "shrink-map@1/8", of "shrink-map",
        "shrink below 1/8 full, to 1/2 (`ShrinkPolicy::BALANCED`, the default)",
        shrink_map::ShrinkMap::with_policy(shrink_map::ShrinkPolicy::BALANCED);
    ShrinkSixteenth = shrink_map::ShrinkMap, "shrink-map@1/16", of "shrink-map",
        "shrink below 1/16 full, to 1/2 (`ShrinkPolicy::LAZY`)",
        shrink_map::ShrinkMap::with_policy(shrink_map::ShrinkPolicy::LAZY);
    ShrinkNever = shrink_map::ShrinkMap, "shrink-map@never", of "shrink-map",
        "never shrink automatically (the governor's bookkeeping alone)",
        shrink_map::ShrinkMap::with_policy(shrink_map::ShrinkPolicy::never());
}

/// Looks a registered map up by name (the main list only).
pub fn find(name: &str) -> Option<&'static StrategyInfo> {
    ALL.iter().find(|info| info.name == name)
}

/// Looks a policy variant up by name.
pub fn find_variant(name: &str) -> Option<&'static PolicyInfo> {
    POLICY_VARIANTS.iter().find(|info| info.name == name)
}

/// Calls `visitor` for the registered map or policy variant called `name`;
/// returns `false` if there is none.
///
/// This is the lookup that measurement children take
/// (`map_bench::child::serve_if_child(map_registry::visit_named)`).
pub fn visit_named<Vis: Visitor + ?Sized>(name: &str, visitor: &mut Vis) -> bool {
    struct Only<'a, Vis: ?Sized> {
        name: &'a str,
        inner: &'a mut Vis,
        found: bool,
    }
    impl<Vis: Visitor + ?Sized> Visitor for Only<'_, Vis> {
        fn visit<F: Family>(&mut self) {
            if !self.found && F::NAME == self.name {
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
    if !only.found {
        visit_policy_variants(&mut only);
    }
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
    fn strategies_link_their_readme_and_baselines_their_docs() {
        for info in ALL {
            match info.kind {
                Kind::Strategy => {
                    assert_eq!(info.link, format!("crates/{}/README.md", info.name));
                    let readme = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("../..")
                        .join(info.link);
                    assert!(
                        readme.exists(),
                        "{} has no README at {}",
                        info.name,
                        info.link
                    );
                }
                Kind::Baseline => assert!(info.link.starts_with("https://"), "{}", info.name),
            }
        }
    }

    #[test]
    fn variants_name_their_strategy_and_are_found_by_name() {
        struct Seen(Vec<&'static str>);
        impl Visitor for Seen {
            fn visit<F: Family>(&mut self) {
                self.0.push(F::NAME);
            }
        }
        for variant in POLICY_VARIANTS {
            assert!(
                find(variant.of).is_some(),
                "{} configures nothing",
                variant.name
            );
            assert!(variant.name.starts_with(&format!("{}@", variant.of)));
            assert!(find(variant.name).is_none() && find_variant(variant.name).is_some());
            let mut seen = Seen(Vec::new());
            assert!(visit_named(variant.name, &mut seen));
            assert_eq!(seen.0, [variant.name]);
        }
    }

    #[test]
    fn variants_use_their_policy() {
        /// Bytes held with 1,000, 600 and 300 of 4,096 entries left.
        struct Drained(Vec<[usize; 3]>);
        impl Visitor for Drained {
            fn visit<F: Family>(&mut self) {
                let mut map = F::Map::<u64, u64>::default();
                for k in 0..4_096 {
                    map.insert(k, k);
                }
                let mut held = [0; 3];
                let mut next = 0;
                for k in 0..4_096 {
                    map.remove(&k);
                    if [1_000, 600, 300].get(next) == Some(&map.len()) {
                        held[next] = map.heap_bytes();
                        next += 1;
                    }
                }
                self.0.push(held);
            }
        }
        let mut drained = Drained(Vec::new());
        visit_policy_variants(&mut drained);
        let [tight, balanced, lazy, never] = drained.0[..] else {
            panic!("four shrink-map settings");
        };
        // 4,096 entries fill a table of capacity 7,168. Each preset
        // shrinks below its own fraction of that (1/4: 1,792; 1/8: 896;
        // 1/16: 448) to a table half full, so at 1,000 left only TIGHT has
        // shrunk, at 600 TIGHT and BALANCED, and at 300 all three, LAZY
        // straight to the smallest table.
        assert!(tight[0] < balanced[0], "{:?}", drained.0);
        assert_eq!(
            (balanced[0], lazy[0]),
            (never[0], never[0]),
            "{:?}",
            drained.0
        );
        assert!(
            balanced[1] < lazy[1] && lazy[1] == never[1],
            "{:?}",
            drained.0
        );
        assert!(
            lazy[2] < balanced[2] && balanced[2] < never[2],
            "{:?}",
            drained.0
        );
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
