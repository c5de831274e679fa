use core::hash::Hash;

use crate::{MapIter, MapStrategy};

/// Whether a registered map is one of the workspace's strategies or a
/// baseline it is compared against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// An existing map, measured as it is.
    Baseline,
    /// A strategy crate of this workspace.
    Strategy,
}

impl Kind {
    /// A lower-case label for tables and records.
    pub const fn label(self) -> &'static str {
        match self {
            Kind::Baseline => "baseline",
            Kind::Strategy => "strategy",
        }
    }
}

/// A map strategy as a type constructor: `F::Map<K, V>` is the strategy `F`
/// instantiated at keys `K` and values `V`.
///
/// Functions cannot take a generic type such as `HashMap` unapplied, so the
/// benchmarks, the report and the conformance kit take a `Family` instead and
/// apply it to whatever key and value types a workload needs.
///
/// ```
/// use core::hash::Hash;
/// use map_api::{Family, Kind, MapIter, MapStrategy};
/// # struct StdMap<K, V>(std::collections::HashMap<K, V>);
/// # impl<K, V> Default for StdMap<K, V> { fn default() -> Self { Self(Default::default()) } }
/// # impl<K: Hash + Eq, V> MapStrategy<K, V> for StdMap<K, V> {
/// #     fn insert(&mut self, k: K, v: V) -> Option<V> { self.0.insert(k, v) }
/// #     fn get(&self, k: &K) -> Option<&V> { self.0.get(k) }
/// #     fn get_mut(&mut self, k: &K) -> Option<&mut V> { self.0.get_mut(k) }
/// #     fn remove(&mut self, k: &K) -> Option<V> { self.0.remove(k) }
/// #     fn len(&self) -> usize { self.0.len() }
/// #     fn clear(&mut self) { self.0.clear() }
/// #     fn heap_bytes(&self) -> usize { 0 }
/// # }
/// # impl<K: Hash + Eq, V> MapIter<K, V> for StdMap<K, V> {
/// #     fn for_each_entry(&self, mut f: impl FnMut(&K, &V)) { self.0.iter().for_each(|(k, v)| f(k, v)) }
/// #     fn retain_entries(&mut self, f: impl FnMut(&K, &mut V) -> bool) { self.0.retain(f) }
/// # }
///
/// // `StdMap<K, V>` implements `MapStrategy<K, V>` and `MapIter<K, V>`.
/// struct Std;
/// impl Family for Std {
///     const NAME: &'static str = "std";
///     const ABOUT: &'static str = "std::collections::HashMap";
///     const KIND: Kind = Kind::Baseline;
///     type Map<K: Hash + Eq, V> = StdMap<K, V>;
/// }
///
/// fn fill<F: Family>(n: u64) -> usize {
///     let mut map = F::Map::<u64, u64>::default();
///     for k in 0..n {
///         map.insert(k, k);
///     }
///     map.len()
/// }
/// assert_eq!(fill::<Std>(100), 100);
/// ```
pub trait Family: 'static {
    /// A short, unique, lower-case name, used on the command line and in
    /// reports.
    const NAME: &'static str;
    /// A one-line description for reports.
    const ABOUT: &'static str;
    /// Strategy or baseline.
    const KIND: Kind;

    /// The map type at keys `K` and values `V`.
    type Map<K: Hash + Eq, V>: MapStrategy<K, V> + MapIter<K, V> + Default;
}

/// Something done once per registered [`Family`]: the way benchmarks, the
/// report and the conformance tests iterate over the strategy registry.
///
/// ```
/// use map_api::{Family, Visitor};
///
/// struct Names(Vec<&'static str>);
/// impl Visitor for Names {
///     fn visit<F: Family>(&mut self) {
///         self.0.push(F::NAME);
///     }
/// }
/// # let _ = Names(Vec::new());
/// ```
pub trait Visitor {
    /// Called once for each family, in registry order.
    fn visit<F: Family>(&mut self);
}
