//! The shrink policy: when a map gives memory back, and how much it keeps.

use core::fmt;

/// A fraction of a table's capacity, `num / den`, between 0 and 1.
///
/// Capacity here is what [`ShrinkMap::capacity`](crate::ShrinkMap::capacity)
/// reports for a table without tombstones: 7/8 of hashbrown's power-of-two
/// bucket count (all but one bucket for tables of fewer than 8 buckets).
/// So a load of 1/4 means "a quarter of what the table can hold before it
/// grows", not a quarter of its buckets.
///
/// # Examples
///
/// ```
/// use shrink_map::Load;
///
/// let quarter = Load::new(1, 4);
/// assert_eq!((quarter.num(), quarter.den()), (1, 4));
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

/// When a [`ShrinkMap`](crate::ShrinkMap) shrinks, and to what.
///
/// After a removal leaves `len <= shrink_below * capacity`, the map
/// reallocates to the smallest table whose capacity is at least
/// `len / shrink_to`, but never below `min_capacity` (nor below a capacity
/// the user reserved, see [`ShrinkMap::reserve`](crate::ShrinkMap::reserve)).
/// The gap between the two loads is the hysteresis that keeps the map from
/// growing and shrinking over and over; docs/shrink-map.md in the
/// repository proves every operation amortized O(1) for every policy that
/// [`validate`](Self::validate) accepts.
///
/// # Choosing one
///
/// `shrink_below` decides both sides of the trade. A map drained to any
/// size has a capacity under `len / shrink_below` (else it would have
/// shrunk), so with `shrink_below = 1/2^k` it holds at most `2^(k-1)` times
/// the table a right-sized hashbrown map would need for the same entries
/// (the tables are powers of two). And each shrink moves the
/// `shrink_below * capacity` entries left, so the lower the mark, the fewer
/// entries a drain moves:
///
/// | preset | `shrink_below` → `shrink_to` | memory, at most | entries moved draining a full map, per removal |
/// |---|---|---|---|
/// | [`TIGHT`](Self::TIGHT) | 1/4 → 1/2 | 2× right-sized | about 0.9 |
/// | [`BALANCED`](Self::BALANCED) (the default) | 1/8 → 1/2 | 4× right-sized | about 0.3 |
/// | [`LAZY`](Self::LAZY) | 1/16 → 1/2 | 8× right-sized | about 0.13 |
///
/// (A full map holds between 7/16 and 7/8 of its capacity; the moves are
/// for one at 1,000,000 entries, 55% full. docs/shrink-map.md gives the
/// measured sweep the default was chosen from.) `shrink_to` is the load a
/// shrink lands on: 1/2 leaves room for the map to double before it grows
/// again, and a shrink divides the table by `shrink_to / shrink_below`
/// rounded down to a power of two, so the presets take steps of 2, 4 and 8.
///
/// # Examples
///
/// ```
/// use shrink_map::{Load, ShrinkPolicy};
///
/// let policy = ShrinkPolicy::default();
/// assert_eq!(policy, ShrinkPolicy::BALANCED);
/// assert_eq!(policy.shrink_below, Load::new(1, 8));
/// assert_eq!(policy.shrink_to, Load::new(1, 2));
/// assert_eq!(policy.min_capacity, 0);
///
/// // A custom policy: shrink at an eighth full, to a quarter full.
/// let custom = ShrinkPolicy {
///     shrink_below: Load::new(1, 8),
///     shrink_to: Load::new(1, 4),
///     ..ShrinkPolicy::DEFAULT
/// };
/// assert!(custom.validate().is_ok());
///
/// // Shrinking at 40% full would be met again right after a shrink.
/// let eager = ShrinkPolicy { shrink_below: Load::new(2, 5), ..policy };
/// assert!(eager.validate().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ShrinkPolicy {
    /// The low-water load: a removal that leaves the map at or below it
    /// shrinks the table. Zero turns automatic shrinking off. At most half
    /// of `shrink_to`.
    pub shrink_below: Load,
    /// The target load after a shrink: the new capacity is the smallest
    /// hashbrown capacity that holds `len / shrink_to` entries. Greater than
    /// zero, at most 3/4.
    pub shrink_to: Load,
    /// Automatic shrinking never goes below this capacity (in entries).
    /// Explicit [`shrink_to_fit`](crate::ShrinkMap::shrink_to_fit) does.
    pub min_capacity: usize,
}

impl ShrinkPolicy {
    /// Shrink at a quarter full, to half full: a drained map holds at most
    /// twice the table its entries need, and a drain moves about 0.9
    /// entries per removal.
    pub const TIGHT: ShrinkPolicy = ShrinkPolicy {
        shrink_below: Load::new(1, 4),
        shrink_to: Load::new(1, 2),
        min_capacity: 0,
    };

    /// Shrink at an eighth full, to half full: at most four times the table
    /// the entries need, a quarter of the table per shrink, and about 0.3
    /// entries moved per removal. Redis 7.4 shrinks its dictionaries at the
    /// same fill. The default.
    pub const BALANCED: ShrinkPolicy = ShrinkPolicy {
        shrink_below: Load::new(1, 8),
        shrink_to: Load::new(1, 2),
        min_capacity: 0,
    };

    /// Shrink at a sixteenth full, to half full: at most eight times the
    /// table the entries need, an eighth of the table per shrink, and about
    /// 0.13 entries moved per removal.
    pub const LAZY: ShrinkPolicy = ShrinkPolicy {
        shrink_below: Load::new(1, 16),
        shrink_to: Load::new(1, 2),
        min_capacity: 0,
    };

    /// The default: [`BALANCED`](Self::BALANCED), down to nothing.
    pub const DEFAULT: ShrinkPolicy = Self::BALANCED;

    /// The largest `shrink_to` accepted: a table shrunk fuller than this
    /// would grow again after a few inserts.
    pub const MAX_SHRINK_TO: Load = Load::new(3, 4);

    /// Never shrink automatically: the map keeps its capacity like
    /// `hashbrown::HashMap`, and `clear` keeps the table.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::{ShrinkMap, ShrinkPolicy};
    ///
    /// let mut map: ShrinkMap<u32, u32> = ShrinkMap::with_policy(ShrinkPolicy::never());
    /// map.extend((0..1000).map(|k| (k, k)));
    /// let full = map.heap_bytes();
    /// map.retain(|_, _| false);
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
    /// # Errors
    ///
    /// The first [`PolicyError`] the policy meets, in the order above.
    ///
    /// # Examples
    ///
    /// ```
    /// use shrink_map::{Load, PolicyError, ShrinkPolicy};
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
    fn accepts_the_presets_and_the_boundaries() {
        for preset in [
            ShrinkPolicy::DEFAULT,
            ShrinkPolicy::TIGHT,
            ShrinkPolicy::BALANCED,
            ShrinkPolicy::LAZY,
        ] {
            assert_eq!(preset.validate(), Ok(()), "{preset:?}");
        }
        assert_eq!(policy((3, 8), (3, 4)).validate(), Ok(()));
        assert_eq!(policy((1, 100), (1, 10)).validate(), Ok(()));
        assert_eq!(policy((1, 3), (2, 3)).validate(), Ok(()));
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
            policy((26, 100), (1, 2)).validate(),
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
    }

    #[test]
    #[should_panic(expected = "at most 1")]
    fn load_above_one_panics() {
        let _ = Load::new(5, 4);
    }
}
