//! Open edX's `compare_with_tolerance` (capa `util.py`).
//!
//! Real values are compared as Python does: each float is turned into a
//! decimal from its shortest string form (`Decimal(str(x))`), so that
//! `|2.6 - 2.5| <= 0.1` holds although the binary floats differ by
//! 0.10000000000000009. The difference is rounded to 28 significant digits,
//! Python's default decimal precision.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::calc::{self, CalcError};

/// The tolerance when the author gives none: relative, 0.001 %.
pub const DEFAULT_TOLERANCE: &str = "0.001%";

/// A tolerance as the author wrote it (`0.1`, `10%`) or as a number.
#[derive(Debug, Clone, Copy)]
pub enum Tolerance<'a> {
    Text(&'a str),
    Value(f64),
}

/// Whether `student` is within `tolerance` of `instructor`.
///
/// A `%` tolerance is that share of the instructor's value, or of the larger
/// magnitude when `relative` (the default tolerance is always relative).
pub fn compare_with_tolerance(
    student: f64,
    instructor: f64,
    tolerance: Tolerance,
    mut relative: bool,
) -> Result<bool, CalcError> {
    let empty = BTreeMap::new();
    let mut tolerance = match tolerance {
        Tolerance::Value(value) => value,
        Tolerance::Text(text) => {
            if text == DEFAULT_TOLERANCE {
                relative = true;
            }
            if let Some(percent) = text.strip_suffix('%') {
                let share = calc::evaluate(percent, &empty, false)? * 0.01;
                if relative {
                    share
                } else {
                    share * instructor.abs()
                }
            } else {
                calc::evaluate(text, &empty, false)?
            }
        }
    };
    if relative {
        tolerance *= student.abs().max(instructor.abs());
    }
    if student.is_infinite() || instructor.is_infinite() {
        return Ok(student == instructor);
    }
    if student.is_nan() || instructor.is_nan() || tolerance.is_nan() {
        return Ok(false);
    }
    let difference = Decimal::from_f64(student)
        .sub(&Decimal::from_f64(instructor))
        .abs()
        .round_to(28);
    Ok(difference.cmp(&Decimal::from_f64(tolerance)) != Ordering::Greater)
}

/// An exact decimal: `(-1)^negative * digits * 10^exponent`.
#[derive(Debug, Clone, PartialEq)]
struct Decimal {
    negative: bool,
    /// Most significant first, no leading zeros (empty for zero).
    digits: Vec<u8>,
    exponent: i64,
}

impl Decimal {
    /// `Decimal(str(value))`: the shortest decimal that reads back as
    /// `value`.
    fn from_f64(value: f64) -> Decimal {
        let text = format!("{value:e}");
        let (mantissa, exponent) = text.split_once('e').expect("`{:e}` has an exponent");
        let exponent: i64 = exponent.parse().expect("a decimal exponent");
        let negative = mantissa.starts_with('-');
        let mantissa = mantissa.trim_start_matches('-');
        let fraction_len = mantissa.split_once('.').map_or(0, |(_, f)| f.len()) as i64;
        let digits = mantissa
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| b - b'0')
            .collect();
        Decimal {
            negative,
            digits,
            exponent: exponent - fraction_len,
        }
        .normalized()
    }

    fn normalized(mut self) -> Decimal {
        let leading = self.digits.iter().take_while(|d| **d == 0).count();
        self.digits.drain(..leading);
        while self.digits.last() == Some(&0) {
            self.digits.pop();
            self.exponent += 1;
        }
        if self.digits.is_empty() {
            self.negative = false;
            self.exponent = 0;
        }
        self
    }

    fn abs(mut self) -> Decimal {
        self.negative = false;
        self
    }

    /// The digits scaled to `exponent` (which must not exceed ours).
    fn scaled(&self, exponent: i64) -> Vec<u8> {
        let mut digits = self.digits.clone();
        digits.extend(std::iter::repeat_n(0, (self.exponent - exponent) as usize));
        digits
    }

    fn sub(&self, other: &Decimal) -> Decimal {
        let negated = Decimal {
            negative: !other.negative && !other.digits.is_empty(),
            ..other.clone()
        };
        self.add(&negated)
    }

    fn add(&self, other: &Decimal) -> Decimal {
        if self.digits.is_empty() {
            return other.clone();
        }
        if other.digits.is_empty() {
            return self.clone();
        }
        let exponent = self.exponent.min(other.exponent);
        let a = self.scaled(exponent);
        let b = other.scaled(exponent);
        let (negative, digits) = if self.negative == other.negative {
            (self.negative, add_digits(&a, &b))
        } else {
            match cmp_digits(&a, &b) {
                Ordering::Equal => (false, Vec::new()),
                Ordering::Greater => (self.negative, sub_digits(&a, &b)),
                Ordering::Less => (other.negative, sub_digits(&b, &a)),
            }
        };
        Decimal {
            negative,
            digits,
            exponent,
        }
        .normalized()
    }

    /// Rounds to `precision` significant digits, half to even.
    fn round_to(mut self, precision: usize) -> Decimal {
        if self.digits.len() <= precision {
            return self;
        }
        let dropped = self.digits.split_off(precision);
        self.exponent += dropped.len() as i64;
        let first = dropped[0];
        let rest_nonzero = dropped[1..].iter().any(|d| *d != 0);
        let last_odd = self.digits.last().is_some_and(|d| d % 2 == 1);
        if first > 5 || (first == 5 && (rest_nonzero || last_odd)) {
            self.digits = add_digits(&self.digits, &[1]);
        }
        self.normalized()
    }

    fn cmp(&self, other: &Decimal) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => return Ordering::Greater,
            (true, false) => return Ordering::Less,
            _ => {}
        }
        let magnitude = if self.digits.is_empty() || other.digits.is_empty() {
            self.digits.len().cmp(&other.digits.len())
        } else {
            let exponent = self.exponent.min(other.exponent);
            cmp_digits(&self.scaled(exponent), &other.scaled(exponent))
        };
        if self.negative {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}

fn cmp_digits(a: &[u8], b: &[u8]) -> Ordering {
    let strip = |d: &[u8]| -> Vec<u8> { d.iter().copied().skip_while(|x| *x == 0).collect() };
    let (a, b) = (strip(a), strip(b));
    a.len().cmp(&b.len()).then_with(|| a.cmp(&b))
}

fn add_digits(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(a.len().max(b.len()) + 1);
    let mut carry = 0;
    let (mut i, mut j) = (a.len(), b.len());
    while i > 0 || j > 0 || carry > 0 {
        let mut sum = carry;
        if i > 0 {
            i -= 1;
            sum += a[i];
        }
        if j > 0 {
            j -= 1;
            sum += b[j];
        }
        out.push(sum % 10);
        carry = sum / 10;
    }
    out.reverse();
    out
}

/// `a - b` for `a >= b`.
fn sub_digits(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(a.len());
    let mut borrow = 0i8;
    let mut j = b.len();
    for i in (0..a.len()).rev() {
        let mut d = a[i] as i8 - borrow;
        if j > 0 {
            j -= 1;
            d -= b[j] as i8;
        }
        if d < 0 {
            d += 10;
            borrow = 1;
        } else {
            borrow = 0;
        }
        out.push(d as u8);
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn within(student: f64, instructor: f64, tolerance: &str) -> bool {
        compare_with_tolerance(student, instructor, Tolerance::Text(tolerance), false).unwrap()
    }

    #[test]
    fn decimal_comparison_accepts_the_exact_boundary() {
        assert!(within(2.6, 2.5, "0.1"));
        assert!(within(2.4, 2.5, "0.1"));
        assert!(!within(2.61, 2.5, "0.1"));
    }

    #[test]
    fn percent_is_relative_to_the_instructor_value() {
        assert!(within(4.39, 4.0, "10%"));
        assert!(!within(4.41, 4.0, "10%"));
    }

    #[test]
    fn the_default_tolerance_is_relative_to_the_larger_value() {
        assert!(within(1.9 * 1e24, 1.9e24, DEFAULT_TOLERANCE));
        assert!(within(100_000.9, 100_000.0, DEFAULT_TOLERANCE));
        assert!(!within(100_002.0, 100_000.0, DEFAULT_TOLERANCE));
    }

    #[test]
    fn infinities_and_nans() {
        assert!(within(f64::INFINITY, f64::INFINITY, "1"));
        assert!(!within(f64::NAN, 1.0, "1"));
    }

    #[test]
    fn decimals_round_half_even_to_28_digits() {
        let d = Decimal::from_f64(1e30)
            .sub(&Decimal::from_f64(1e-30))
            .round_to(28);
        assert_eq!(d, Decimal::from_f64(1e30));
        assert_eq!(Decimal::from_f64(-0.0), Decimal::from_f64(0.0));
    }
}
