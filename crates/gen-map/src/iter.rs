//! Iterators: the current generation, then the previous one. A key lives
//! in exactly one generation, so every entry appears exactly once.

use core::fmt;
use core::iter::{Chain, FusedIterator};

use crate::generations::Table;
use crate::table_alloc::TableAlloc;
use hashbrown::hash_table;

/// One walk over both generations: current, then previous.
type Both<I> = Chain<I, I>;

/// Borrowed entries, from [`GenMap::iter`](crate::GenMap::iter).
pub struct Iter<'a, K, V> {
    inner: Both<hash_table::Iter<'a, (K, V)>>,
    left: usize,
}

impl<'a, K, V> Iter<'a, K, V> {
    pub(crate) fn new(current: &'a Table<K, V>, previous: &'a Table<K, V>) -> Self {
        Self {
            inner: current.iter().chain(previous.iter()),
            left: current.len() + previous.len(),
        }
    }
}

impl<K, V> Clone for Iter<'_, K, V> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            left: self.left,
        }
    }
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let (k, v) = self.inner.next()?;
        self.left -= 1;
        Some((k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}
impl<K, V> FusedIterator for Iter<'_, K, V> {}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Iter<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// Entries with mutable values, from [`GenMap::iter_mut`](crate::GenMap::iter_mut).
pub struct IterMut<'a, K, V> {
    inner: Both<hash_table::IterMut<'a, (K, V)>>,
    left: usize,
}

impl<'a, K, V> IterMut<'a, K, V> {
    pub(crate) fn new(current: &'a mut Table<K, V>, previous: &'a mut Table<K, V>) -> Self {
        let left = current.len() + previous.len();
        Self {
            inner: current.iter_mut().chain(previous.iter_mut()),
            left,
        }
    }
}

impl<'a, K, V> Iterator for IterMut<'a, K, V> {
    type Item = (&'a K, &'a mut V);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let (k, v) = self.inner.next()?;
        self.left -= 1;
        Some((&*k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<K, V> ExactSizeIterator for IterMut<'_, K, V> {}
impl<K, V> FusedIterator for IterMut<'_, K, V> {}

impl<K, V> fmt::Debug for IterMut<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IterMut").field("left", &self.left).finish()
    }
}

/// Owned entries, from `into_iter` and [`GenMap::drain`](crate::GenMap::drain);
/// entries not taken are dropped with it.
pub struct IntoIter<K, V> {
    inner: Both<hash_table::IntoIter<(K, V), TableAlloc>>,
    left: usize,
}

impl<K, V> IntoIter<K, V> {
    pub(crate) fn new(current: Table<K, V>, previous: Table<K, V>) -> Self {
        let left = current.len() + previous.len();
        Self {
            inner: current.into_iter().chain(previous),
            left,
        }
    }
}

impl<K, V> Iterator for IntoIter<K, V> {
    type Item = (K, V);

    #[inline]
    fn next(&mut self) -> Option<(K, V)> {
        let entry = self.inner.next()?;
        self.left -= 1;
        Some(entry)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<K, V> ExactSizeIterator for IntoIter<K, V> {}
impl<K, V> FusedIterator for IntoIter<K, V> {}

impl<K, V> fmt::Debug for IntoIter<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IntoIter")
            .field("left", &self.left)
            .finish()
    }
}

/// The entries [`GenMap::drain`](crate::GenMap::drain) took out.
pub type Drain<K, V> = IntoIter<K, V>;

macro_rules! projection {
    ($(#[$doc:meta])* $name:ident<$lt:lifetime>($inner:ident) -> $item:ty, |$k:ident, $v:ident| $out:expr) => {
        $(#[$doc])*
        pub struct $name<$lt, K, V>(pub(crate) $inner<$lt, K, V>);

        impl<$lt, K, V> Iterator for $name<$lt, K, V> {
            type Item = $item;

            #[inline]
            fn next(&mut self) -> Option<$item> {
                self.0.next().map(|($k, $v)| $out)
            }

            fn size_hint(&self) -> (usize, Option<usize>) {
                self.0.size_hint()
            }
        }

        impl<K, V> ExactSizeIterator for $name<'_, K, V> {}
        impl<K, V> FusedIterator for $name<'_, K, V> {}

        impl<K, V> fmt::Debug for $name<'_, K, V> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name)).field("left", &self.0.left).finish()
            }
        }
    };
}

projection!(
    /// Keys, from [`GenMap::keys`](crate::GenMap::keys).
    Keys<'a>(Iter) -> &'a K, |k, _v| k
);
projection!(
    /// Values, from [`GenMap::values`](crate::GenMap::values).
    Values<'a>(Iter) -> &'a V, |_k, v| v
);
projection!(
    /// Mutable values, from [`GenMap::values_mut`](crate::GenMap::values_mut).
    ValuesMut<'a>(IterMut) -> &'a mut V, |_k, v| v
);
