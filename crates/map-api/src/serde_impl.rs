//! The deserializing half of [`serde_impls!`](crate::serde_impls): one
//! visitor for every strategy's map.

use core::fmt;
use core::marker::PhantomData;
use core::mem::size_of;

use serde::Deserializer;
use serde::de::{MapAccess, Visitor};

/// The most a deserializer pre-allocates, as serde's own collection impls
/// do: a document can claim any length, and trusting it would let a few
/// bytes of input reserve gigabytes.
const MAX_PREALLOC_BYTES: usize = 1024 * 1024;

/// The capacity to reserve for a map whose document claims `hint` entries:
/// the claim, capped at 1 MiB of `(K, V)` pairs (0 for zero-sized pairs,
/// which need no room). The map still grows past it as entries arrive.
pub fn cautious_capacity<K, V>(hint: Option<usize>) -> usize {
    match size_of::<(K, V)>() {
        0 => 0,
        entry => hint.unwrap_or(0).min(MAX_PREALLOC_BYTES / entry),
    }
}

/// Deserializes a map of `K -> V` into `M`, made by `with_capacity` and
/// filled by `insert`; a repeated key keeps its last value.
pub fn deserialize_map<'de, D, K, V, M>(
    deserializer: D,
    name: &'static str,
    with_capacity: impl FnOnce(usize) -> M,
    insert: impl FnMut(&mut M, K, V),
) -> Result<M, D::Error>
where
    D: Deserializer<'de>,
    K: serde::Deserialize<'de>,
    V: serde::Deserialize<'de>,
{
    /// What the visitor makes, without owning any of it.
    type Produces<K, V, M> = fn() -> (K, V, M);

    struct MapVisitor<K, V, M, W, I> {
        name: &'static str,
        with_capacity: W,
        insert: I,
        marker: PhantomData<Produces<K, V, M>>,
    }

    impl<'de, K, V, M, W, I> Visitor<'de> for MapVisitor<K, V, M, W, I>
    where
        K: serde::Deserialize<'de>,
        V: serde::Deserialize<'de>,
        W: FnOnce(usize) -> M,
        I: FnMut(&mut M, K, V),
    {
        type Value = M;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a map (for a {})", self.name)
        }

        fn visit_map<A: MapAccess<'de>>(mut self, mut access: A) -> Result<M, A::Error> {
            let mut map = (self.with_capacity)(cautious_capacity::<K, V>(access.size_hint()));
            while let Some((key, value)) = access.next_entry()? {
                (self.insert)(&mut map, key, value);
            }
            Ok(map)
        }
    }

    deserializer.deserialize_map(MapVisitor {
        name,
        with_capacity,
        insert,
        marker: PhantomData,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_is_capped_at_a_mebibyte() {
        assert_eq!(cautious_capacity::<u64, u64>(Some(10)), 10);
        assert_eq!(cautious_capacity::<u64, u64>(None), 0);
        assert_eq!(cautious_capacity::<u64, u64>(Some(usize::MAX)), 65_536);
        assert_eq!(cautious_capacity::<(), ()>(Some(usize::MAX)), 0);
    }
}
