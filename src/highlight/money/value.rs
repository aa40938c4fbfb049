//! Exact money values: a decimal number of the currency's main unit (`9.99` dollars, `0.003`
//! yuan for `3 厘钱`, `200000` for `二十万元`). No floats, no truncation.
//!
//! Every computation on a value lives here, and none can panic or overflow silently: the
//! operations are checked and say `None` when a result would not fit, and the detector then
//! takes the text for no amount at all. Clippy holds this module to it
//! (`arithmetic_side_effects`, `integer_division`): an unchecked `+`, `*` or `/` here is a
//! build error in CI. The field is private, so no other module can do arithmetic on a value.

#![deny(
    clippy::arithmetic_side_effects,
    clippy::integer_division,
    clippy::cast_possible_truncation
)]

use std::cmp::Ordering;
use std::fmt;

/// The most decimal places a value keeps (`0.000001` is far below any coin).
const MAX_SCALE: u32 = 12;
/// The largest mantissa: 10^24. Bigger amounts are not money anyone writes; keeping below it
/// means aligning two scales (×10^12) never overflows a `u128`.
const MAX_MANTISSA: u128 = 1_000_000_000_000_000_000_000_000;

/// `mantissa × 10^-scale`, normalized: no trailing zero in the mantissa when `scale > 0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Value {
    mantissa: u128,
    scale: u32,
}

fn pow10(n: u32) -> Option<u128> {
    10u128.checked_pow(n)
}

impl Value {
    pub const ZERO: Value = Value {
        mantissa: 0,
        scale: 0,
    };

    /// A whole number of units.
    pub fn int(n: u128) -> Option<Value> {
        Value::new(n, 0)
    }

    /// `mantissa × 10^-scale`; `None` past the limits.
    pub fn new(mantissa: u128, scale: u32) -> Option<Value> {
        let (mut m, mut s) = (mantissa, scale);
        while s > 0 && m.checked_rem(10) == Some(0) {
            m = m.checked_div(10)?;
            s = s.checked_sub(1)?;
        }
        if m == 0 {
            return Some(Value::ZERO);
        }
        (m <= MAX_MANTISSA && s <= MAX_SCALE).then_some(Value {
            mantissa: m,
            scale: s,
        })
    }

    pub fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// The value times a whole number.
    pub fn times(self, k: u128) -> Option<Value> {
        Value::new(self.mantissa.checked_mul(k)?, self.scale)
    }

    /// The value times 10^n.
    pub fn shift(self, n: u32) -> Option<Value> {
        if self.scale >= n {
            Value::new(self.mantissa, self.scale.checked_sub(n)?)
        } else {
            let up = pow10(n.checked_sub(self.scale)?)?;
            Value::new(self.mantissa.checked_mul(up)?, 0)
        }
    }

    /// The value divided by 10^n (exact: the scale grows).
    pub fn unshift(self, n: u32) -> Option<Value> {
        Value::new(self.mantissa, self.scale.checked_add(n)?)
    }

    pub fn plus(self, other: Value) -> Option<Value> {
        let (a, b, scale) = self.aligned(other)?;
        Value::new(a.checked_add(b)?, scale)
    }

    /// Both mantissas at the larger scale.
    fn aligned(self, other: Value) -> Option<(u128, u128, u32)> {
        let scale = self.scale.max(other.scale);
        let a = self
            .mantissa
            .checked_mul(pow10(scale.checked_sub(self.scale)?)?)?;
        let b = other
            .mantissa
            .checked_mul(pow10(scale.checked_sub(other.scale)?)?)?;
        Some((a, b, scale))
    }

    /// The whole part (`3999.5` → 3999).
    pub fn whole(self) -> u128 {
        pow10(self.scale)
            .and_then(|p| self.mantissa.checked_div(p))
            .unwrap_or(0)
    }

    /// `3000` → `3999`, `20` → `29`, `5` → `5`: the whole part up to just below the next step
    /// of its leading digit (`3000多` is 3000 to 3999).
    pub fn up_to_next_step(self) -> Option<Value> {
        let units = self.whole();
        if units < 10 {
            return Some(self);
        }
        let mut p: u128 = 1;
        while p.checked_mul(10)? <= units {
            p = p.checked_mul(10)?;
        }
        Value::int(units.checked_add(p)?.checked_sub(1)?)
    }

    /// `100` → `999`, `1000` → `9999`: up to just below ten times the leading place (`上百` is
    /// 100 to 999).
    pub fn up_to_next_power(self) -> Option<Value> {
        let units = self.whole();
        let mut p: u128 = 1;
        while p.checked_mul(10)? <= units {
            p = p.checked_mul(10)?;
        }
        Value::int(p.checked_mul(10)?.checked_sub(1)?)
    }

    /// The smallest power of ten by which the whole value is a multiple (`3000` → 1000,
    /// `3500` → 100, `7` → 1, `0.5` → 1).
    pub fn step(self) -> u128 {
        if self.scale > 0 || self.mantissa == 0 {
            return 1;
        }
        let mut p: u128 = 1;
        let mut m = self.mantissa;
        while m.checked_rem(10) == Some(0) {
            m = m.checked_div(10).unwrap_or(1);
            p = p.saturating_mul(10);
        }
        p
    }

    /// Digits grouped by three in the whole part: `20,000,000,000`, `1,234.56`.
    pub fn grouped(self) -> String {
        let plain = self.to_string();
        let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
        let mut out = String::new();
        let n = int.chars().count();
        for (i, c) in int.chars().enumerate() {
            let left = n.saturating_sub(i);
            if i > 0 && left.checked_rem(3) == Some(0) {
                out.push(',');
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
        }
        out
    }
}

impl PartialOrd for Value {
    fn partial_cmp(&self, other: &Value) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Value {
    fn cmp(&self, other: &Value) -> Ordering {
        // The limits keep the aligned mantissas within u128 (10^24 × 10^12).
        match self.aligned(*other) {
            Some((a, b, _)) => a.cmp(&b),
            None => self.whole().cmp(&other.whole()),
        }
    }
}

/// The exact decimal: `200000`, `9.99`, `0.003`.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.to_string();
        let scale = self.scale as usize;
        if scale == 0 {
            return f.write_str(&digits);
        }
        if digits.len() > scale {
            let (int, frac) = digits.split_at(digits.len().saturating_sub(scale));
            write!(f, "{int}.{frac}")
        } else {
            let zeros = "0".repeat(scale.saturating_sub(digits.len()));
            write!(f, "0.{zeros}{digits}")
        }
    }
}

/// In JSON a value is its exact decimal as a string (`"9.99"`): a JSON number would be read
/// as a float by most consumers.
impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(m: u128, s: u32) -> Value {
        Value::new(m, s).unwrap()
    }

    #[test]
    fn decimals_print_exactly() {
        assert_eq!(v(999, 2).to_string(), "9.99");
        assert_eq!(v(3, 3).to_string(), "0.003");
        assert_eq!(v(12_000, 0).to_string(), "12000");
        assert_eq!(v(120, 1).to_string(), "12");
        assert_eq!(Value::ZERO.to_string(), "0");
        assert_eq!(v(123_456, 2).grouped(), "1,234.56");
        assert_eq!(v(20_000_000_000, 0).grouped(), "20,000,000,000");
        assert_eq!(v(999, 0).grouped(), "999");
    }

    #[test]
    fn arithmetic_is_exact_and_checked() {
        assert_eq!(v(12, 1).shift(4), Value::int(12_000));
        assert_eq!(v(29, 2).shift(8), Value::int(29_000_000));
        assert_eq!(v(45, 0).plus(v(5, 1)), Some(v(455, 1)));
        assert_eq!(v(1, 0).unshift(3), Some(v(1, 3)));
        assert!(v(1, 0).shift(40).is_none(), "past the limit: no value");
        assert!(Value::int(u128::MAX).is_none());
        assert!(v(MAX_MANTISSA, 0).times(10).is_none());
        assert!(v(1, 12).unshift(1).is_none());
        assert!(v(999, 2) < v(10, 0));
        assert!(v(MAX_MANTISSA, 0) > v(1, MAX_SCALE));
        assert_eq!(
            Value::int(3000).unwrap().up_to_next_step(),
            Value::int(3999)
        );
        assert_eq!(Value::int(3000).unwrap().step(), 1000);
        assert_eq!(v(35, 1).step(), 1);
    }
}
