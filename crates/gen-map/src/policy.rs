//! The shrink policy: when a map starts a smaller generation, and how full
//! that generation starts.
//!
//! The shape is shrink-map's `ShrinkPolicy`, field for field, so that one
//! sweep can build variants of both crates the same way.

use core::fmt;

/// A fraction of a table's capacity, `num / den`, between 0 and 1.
///
/// Capacity here is what a generation holds before it is full: 7/8 of
/// hashbrown's power-of-two bucket count (all but one bucket for tables of
/// fewer than 8 buckets). So a load of 1/4 means "a quarter of what the
/// table can hold", not a quarter of its buckets.
///
/// ```
/// use gen_map::Load;
///
/// let eighth = Load::new(1, 8);
/// assert_eq!((eighth.num(), eighth.den()), (1, 8));
/// assert_eq!(eighth.to_string(), "1/8");
/// assert!(Load::ZERO.is_zero());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Load {
    num: u32,
    den: u32,
}

impl Load {
    /// No load at all: as a `shrink_below`, it turns shrinking off.
    pub const ZERO: Load = Load { num: 0, den: 1 };

    /// The fraction `num / den`.
    ///
    /// # Panics
    ///
    /// Panics if `den` is zero or `num > den`: a load is at most the whole
    /// capacity.
    ///
    /// ```
    /// use gen_map::Load;
    ///
    /// assert_eq!(Load::new(2, 8), Load::new(2, 8));
    /// ```
    pub const fn new(num: u32, den: u32) -> Load {
        assert!(den != 0, "Load::new: the denominator must not be zero");
        assert!(
            num <= den,
            "Load::new: a load is a fraction of capacity, at most 1"
        );
        Load { num, den }
    }

    /// The numerator.
    pub const fn num(self) -> u32 {
        self.num
    }

    /// The denominator.
    pub const fn den(self) -> u32 {
        self.den
    }

    /// Whether the fraction is zero.
    pub const fn is_zero(self) -> bool {
        self.num == 0
    }

    /// Whether `self <= other`.
    const fn at_most(self, other: Load) -> bool {
        (self.num as u64) * (other.den as u64) <= (other.num as u64) * (self.den as u64)
    }

    /// `floor(self * capacity)`: the most entries at this load.
    pub(crate) fn of(self, capacity: usize) -> usize {
        let entries = (capacity as u128) * (self.num as u128) / (self.den as u128);
        // At most `capacity`, since the load is at most 1.
        entries as usize
    }

    /// The smallest capacity at which `len` entries are at most this load:
    /// `ceil(len / self)`, saturating. `self` must not be zero.
    pub(crate) fn capacity_for(self, len: usize) -> usize {
        let wanted = ((len as u128) * (self.den as u128)).div_ceil(self.num as u128);
        usize::try_from(wanted).unwrap_or(usize::MAX)
    }
}

impl fmt::Display for Load {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.num, self.den)
    }
}

/// When a [`GenMap`](crate::GenMap) starts a smaller generation, and to
/// what size.
///
/// After a removal leaves `len <= shrink_below * capacity`, and no
/// migration is under way, the map starts a generation with the smallest
/// table whose capacity is at least `len / shrink_to`, but never below
/// `min_capacity`, and migrates into it a batch per write. The gap between
/// the two loads is the hysteresis that keeps the map from growing and
/// shrinking over and over.
///
/// The default shrinks at an eighth full, to half full: docs/gen-map.md in
/// the repository gives the sweep it was chosen from, and the cost of the
/// others (shrinking sooner keeps less memory and moves more entries per
/// removal).
///
/// ```
/// use gen_map::{Load, ShrinkPolicy};
///
/// let policy = ShrinkPolicy::default();
/// assert_eq!(policy.shrink_below, Load::new(1, 8));
/// assert_eq!(policy.shrink_to, Load::new(1, 2));
/// assert_eq!(policy.min_capacity, 0);
///
/// // Shrinking at 40% full would be met again right after a shrink.
/// let eager = ShrinkPolicy { shrink_below: Load::new(2, 5), ..policy };
/// assert!(eager.validate().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ShrinkPolicy {
    /// The low-water load: a removal that leaves the map at or below it
    /// starts a smaller generation. Zero turns automatic shrinking off. At
    /// most half of `shrink_to`.
    pub shrink_below: Load,
    /// The load the smaller generation starts at: its capacity is the
    /// smallest a table can have that holds `len / shrink_to` entries.
    /// Greater than zero, at most 3/4.
    pub shrink_to: Load,
    /// Automatic shrinking never goes below this capacity (in entries).
    /// [`shrink_to_fit`](crate::GenMap::shrink_to_fit) and
    /// [`clear`](crate::GenMap::clear) do.
    pub min_capacity: usize,
}

impl ShrinkPolicy {
    /// The default: shrink when an eighth full, to half full, down to
    /// nothing.
    pub const DEFAULT: ShrinkPolicy = ShrinkPolicy {
        shrink_below: Load::new(1, 8),
        shrink_to: Load::new(1, 2),
        min_capacity: 0,
    };

    /// The largest `shrink_to` accepted: a table shrunk fuller than this
    /// would grow again after a few inserts.
    pub const MAX_SHRINK_TO: Load = Load::new(3, 4);

    /// Never shrink automatically: the map keeps its largest generation
    /// like `hashbrown::HashMap` keeps its table, until
    /// [`shrink_to_fit`](crate::GenMap::shrink_to_fit) or
    /// [`clear`](crate::GenMap::clear).
    ///
    /// ```
    /// use gen_map::{GenMap, ShrinkPolicy};
    ///
    /// let mut map: GenMap<u32, u32> = GenMap::with_policy(ShrinkPolicy::never());
    /// map.extend((0..1000).map(|k| (k, k)));
    /// let full = map.heap_bytes();
    /// map.retain(|&k, _| k < 10);
    /// assert_eq!(map.heap_bytes(), full);
    /// ```
    pub const fn never() -> ShrinkPolicy {
        ShrinkPolicy {
            shrink_below: Load::ZERO,
            shrink_to: Load::new(1, 2),
            min_capacity: 0,
        }
    }

    /// Whether this policy never shrinks on its own.
    ///
    /// ```
    /// use gen_map::ShrinkPolicy;
    ///
    /// assert!(ShrinkPolicy::never().is_never());
    /// assert!(!ShrinkPolicy::DEFAULT.is_never());
    /// ```
    pub const fn is_never(&self) -> bool {
        self.shrink_below.is_zero()
    }

    /// Checks that the policy cannot thrash.
    ///
    /// A policy is accepted if `shrink_below` is zero (never shrink), or if
    /// `0 < shrink_to <= 3/4` and `shrink_below <= shrink_to / 2`. The
    /// second condition is the hysteresis under hashbrown's rounding: a
    /// shrink picks a power-of-two bucket count, so the load right after it
    /// can be as low as just above `shrink_to / 2`, and that must stay above
    /// the low-water mark.
    ///
    /// ```
    /// use gen_map::{Load, PolicyError, ShrinkPolicy};
    ///
    /// let full = ShrinkPolicy { shrink_to: Load::new(1, 1), ..ShrinkPolicy::DEFAULT };
    /// assert_eq!(full.validate(), Err(PolicyError::TargetTooFull));
    /// assert_eq!(ShrinkPolicy::never().validate(), Ok(()));
    /// ```
    pub const fn validate(&self) -> Result<(), PolicyError> {
        if self.is_never() {
            return Ok(());
        }
        if self.shrink_to.is_zero() {
            return Err(PolicyError::ZeroTarget);
        }
        if !self.shrink_to.at_most(Self::MAX_SHRINK_TO) {
            return Err(PolicyError::TargetTooFull);
        }
        // shrink_below <= shrink_to / 2, cross-multiplied in u128 so that
        // no denominator can overflow it.
        let below = (self.shrink_below.num as u128) * (self.shrink_to.den as u128) * 2;
        let half_target = (self.shrink_to.num as u128) * (self.shrink_below.den as u128);
        if below > half_target {
            return Err(PolicyError::NoHysteresis);
        }
        Ok(())
    }

    /// The capacity a shrink from a generation holding `len` entries asks
    /// for: `len / shrink_to`, at least `min_capacity`.
    pub(crate) fn target(&self, len: usize) -> usize {
        self.shrink_to.capacity_for(len).max(self.min_capacity)
    }
}

impl Default for ShrinkPolicy {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Why [`ShrinkPolicy::validate`] rejected a policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PolicyError {
    /// `shrink_to` is zero although shrinking is on: no table holds the
    /// entries at zero load.
    ZeroTarget,
    /// `shrink_to` is above 3/4: a table shrunk that full grows again after
    /// a few inserts, and a removal after that growth can shrink it again.
    TargetTooFull,
    /// `shrink_below` is above half of `shrink_to`: after a shrink rounded
    /// up to a power of two, the table could already be at the low-water
    /// mark.
    NoHysteresis,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PolicyError::ZeroTarget => {
                "shrink policy: shrink_to must be greater than zero when shrink_below is not zero"
            }
            PolicyError::TargetTooFull => {
                "shrink policy: shrink_to must be at most 3/4, or a shrunk table would grow \
                 again after a few inserts and the map could thrash"
            }
            PolicyError::NoHysteresis => {
                "shrink policy: shrink_below must be at most half of shrink_to, because \
                 hashbrown's power-of-two rounding can leave a freshly shrunk table at just \
                 above shrink_to / 2, and it must not be at the low-water mark again"
            }
        })
    }
}

impl std::error::Error for PolicyError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(below: (u32, u32), to: (u32, u32)) -> ShrinkPolicy {
        ShrinkPolicy {
            shrink_below: Load::new(below.0, below.1),
            shrink_to: Load::new(to.0, to.1),
            min_capacity: 0,
        }
    }

    #[test]
    fn accepts_the_default_and_its_boundaries() {
        assert_eq!(ShrinkPolicy::DEFAULT.validate(), Ok(()));
        assert_eq!(policy((1, 4), (1, 2)).validate(), Ok(()));
        assert_eq!(policy((3, 8), (3, 4)).validate(), Ok(()));
        assert_eq!(policy((1, 100), (1, 10)).validate(), Ok(()));
        assert_eq!(policy((1, u32::MAX), (2, u32::MAX - 1)).validate(), Ok(()));
    }

    #[test]
    fn rejects_policies_that_could_thrash() {
        assert_eq!(
            policy((1, 4), (4, 5)).validate(),
            Err(PolicyError::TargetTooFull)
        );
        assert_eq!(
            policy((1, 2), (1, 2)).validate(),
            Err(PolicyError::NoHysteresis)
        );
        assert_eq!(
            policy((1, 4), (0, 2)).validate(),
            Err(PolicyError::ZeroTarget)
        );
        assert_eq!(
            policy((1, 4), (1, u32::MAX)).validate(),
            Err(PolicyError::NoHysteresis)
        );
    }

    #[test]
    fn error_messages_name_the_field() {
        assert!(
            PolicyError::NoHysteresis
                .to_string()
                .contains("shrink_below")
        );
        assert!(PolicyError::TargetTooFull.to_string().contains("3/4"));
    }

    #[test]
    fn load_arithmetic_is_exact() {
        let half = Load::new(1, 2);
        assert_eq!(half.capacity_for(0), 0);
        assert_eq!(half.capacity_for(7), 14);
        assert_eq!(Load::new(2, 3).capacity_for(5), 8);
        assert_eq!(Load::new(1, 4).capacity_for(usize::MAX), usize::MAX);
        assert_eq!(Load::new(1, 8).of(1_835_008), 229_376);
        assert_eq!(Load::new(1, 8).of(7), 0);
        assert_eq!(Load::new(1, 1).of(usize::MAX), usize::MAX);
        let policy = ShrinkPolicy {
            min_capacity: 100,
            ..ShrinkPolicy::DEFAULT
        };
        assert_eq!(policy.target(10), 100);
        assert_eq!(policy.target(1_000), 2_000);
    }

    #[test]
    #[should_panic(expected = "at most 1")]
    fn load_above_one_panics() {
        let _ = Load::new(5, 4);
    }
}
