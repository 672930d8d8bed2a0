//! Open edX's expression language, as the `openedx-calc` package evaluates
//! it for numerical and formula questions.
//!
//! ```text
//! sum      = [+|-] product {(+|-) product}
//! product  = parallel {(*|/) parallel}
//! parallel = power {"||" power}          a||b = 1/(1/a + 1/b)
//! power    = atom {"^" atom}             right-associative
//! atom     = number | name "(" sum ")" | name | "(" sum ")"
//! number   = [+|-] digits[.digits] [e[+|-]digits] [%]
//! ```
//!
//! Names are case-insensitive unless asked otherwise; the constants are `e`
//! and `pi`; the functions are openedx-calc's (`sqrt`, `sin`, `ln`, `log10`,
//! `fact`, `arcsinh`, ...). Values are real: the imaginary units `i` and `j`
//! are refused, and what would be complex in Open edX (`sqrt(-1)`) is NaN,
//! which never compares equal to anything.

use std::collections::BTreeMap;

/// Why an expression cannot be evaluated; the messages are Open edX's.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CalcError {
    /// Parentheses do not match.
    #[error("{0}")]
    UnmatchedParenthesis(String),
    /// A name that is neither a variable nor a constant.
    #[error("{0}")]
    UndefinedVariable(String),
    /// Not an expression at all.
    #[error("invalid math syntax")]
    Syntax,
    /// `fact` of a negative or fractional number.
    #[error("factorial() only accepts non-negative integral values")]
    Factorial,
    /// Division by zero or a similar arithmetic failure.
    #[error("{0}")]
    Arithmetic(String),
    /// The imaginary unit `i` or `j`.
    #[error("complex numbers are not supported")]
    Complex,
    /// Longer than [`MAX_EXPRESSION_CHARS`] or nested deeper than
    /// [`MAX_NESTING`]: refused before it can exhaust the stack or pin a
    /// thread (Lyceum's limit; Open edX has none).
    #[error("{0}")]
    TooComplex(String),
}

/// The longest expression evaluated, in characters: a learner's answer, an
/// author's answer or tolerance.
pub const MAX_EXPRESSION_CHARS: usize = 1000;

/// The deepest nesting of parentheses and function calls evaluated.
pub const MAX_NESTING: usize = 64;

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Number(f64),
    Variable(String),
    Function(String, Box<Expr>),
    /// Terms with their signs (`true` = minus).
    Sum(Vec<(bool, Expr)>),
    /// Factors with their operator (`true` = divide).
    Product(Vec<(bool, Expr)>),
    Parallel(Vec<Expr>),
    Power(Vec<Expr>),
}

/// Evaluates `expression` with `variables` (on top of `e` and `pi`).
///
/// An empty expression is NaN, as in Open edX.
pub fn evaluate(
    expression: &str,
    variables: &BTreeMap<String, f64>,
    case_sensitive: bool,
) -> Result<f64, CalcError> {
    // Bytes first, so that a huge text is refused without walking it.
    if expression.len() > MAX_EXPRESSION_CHARS
        && expression.chars().take(MAX_EXPRESSION_CHARS + 1).count() > MAX_EXPRESSION_CHARS
    {
        return Err(CalcError::TooComplex(format!(
            "Invalid Input: the expression is longer than {MAX_EXPRESSION_CHARS} characters."
        )));
    }
    if expression.trim().is_empty() {
        return Ok(f64::NAN);
    }
    check_parens(expression)?;
    let mut parser = Parser {
        chars: expression.chars().collect(),
        pos: 0,
        depth: 0,
        variables: Vec::new(),
        functions: Vec::new(),
    };
    let tree = parser.sum()?;
    parser.skip_whitespace();
    if parser.pos != parser.chars.len() {
        return Err(CalcError::Syntax);
    }

    let casify = |name: &str| {
        if case_sensitive {
            name.to_owned()
        } else {
            name.to_lowercase()
        }
    };
    let mut all: BTreeMap<String, f64> = BTreeMap::new();
    all.insert("e".into(), std::f64::consts::E);
    all.insert("pi".into(), std::f64::consts::PI);
    for (name, value) in variables {
        all.insert(casify(name), *value);
    }
    let mut bad: Vec<&String> = parser
        .variables
        .iter()
        .filter(|name| {
            let key = casify(name);
            !all.contains_key(&key) && key != "i" && key != "j"
        })
        .collect();
    bad.sort();
    bad.dedup();
    if !bad.is_empty() {
        let names: Vec<&str> = bad.iter().map(|s| s.as_str()).collect();
        return Err(CalcError::UndefinedVariable(format!(
            "Invalid Input: {} not permitted in answer as a variable",
            names.join(", ")
        )));
    }
    let mut bad: Vec<&String> = parser
        .functions
        .iter()
        .filter(|name| function(&casify(name)).is_none())
        .collect();
    bad.sort();
    bad.dedup();
    if !bad.is_empty() {
        let names: Vec<&str> = bad.iter().map(|s| s.as_str()).collect();
        return Err(CalcError::UndefinedVariable(format!(
            "Invalid Input: {} not permitted in answer as a function",
            names.join(", ")
        )));
    }
    eval(
        &tree,
        &|name: &str| {
            let key = casify(name);
            match all.get(&key) {
                Some(value) => Ok(*value),
                None => Err(CalcError::Complex),
            }
        },
        &casify,
    )
}

/// openedx-calc's `check_parens`.
fn check_parens(formula: &str) -> Result<(), CalcError> {
    let mut count: i64 = 0;
    for (index, c) in formula.char_indices() {
        match c {
            '(' => count += 1,
            ')' => {
                count -= 1;
                if count < 0 {
                    return Err(CalcError::UnmatchedParenthesis(format!(
                        "Invalid Input: A closing parenthesis was found after segment {}, \
                         but there is no matching opening parenthesis before it.",
                        &formula[..index]
                    )));
                }
            }
            _ => {}
        }
    }
    if count > 0 {
        return Err(CalcError::UnmatchedParenthesis(format!(
            "Invalid Input: Parentheses are unmatched. {count} parentheses were opened but never closed."
        )));
    }
    Ok(())
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    /// Parentheses and function calls open around the current position.
    depth: usize,
    variables: Vec<String>,
    functions: Vec<String>,
}

impl Parser {
    fn skip_whitespace(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    /// The next non-space character, without consuming it.
    fn peek(&mut self) -> Option<char> {
        self.skip_whitespace();
        self.chars.get(self.pos).copied()
    }

    fn eat(&mut self, token: &str) -> bool {
        self.skip_whitespace();
        let matches = token
            .chars()
            .enumerate()
            .all(|(i, c)| self.chars.get(self.pos + i) == Some(&c));
        if matches {
            self.pos += token.chars().count();
        }
        matches
    }

    /// Parses a parenthesised `sum` (after its `(`) one level deeper,
    /// refusing to go past [`MAX_NESTING`]: the parser and [`eval`] recurse
    /// once per level.
    fn nested_sum(&mut self) -> Result<Expr, CalcError> {
        if self.depth >= MAX_NESTING {
            return Err(CalcError::TooComplex(format!(
                "Invalid Input: parentheses and functions are nested more than {MAX_NESTING} deep."
            )));
        }
        self.depth += 1;
        let inner = self.sum();
        self.depth -= 1;
        inner
    }

    fn sign(&mut self) -> Option<bool> {
        match self.peek() {
            Some('+') => {
                self.pos += 1;
                Some(false)
            }
            Some('-') => {
                self.pos += 1;
                Some(true)
            }
            _ => None,
        }
    }

    fn sum(&mut self) -> Result<Expr, CalcError> {
        let first_sign = self.sign().unwrap_or(false);
        let mut terms = vec![(first_sign, self.product()?)];
        loop {
            let start = self.pos;
            match self.sign() {
                Some(minus) => match self.product() {
                    Ok(term) => terms.push((minus, term)),
                    Err(err) => {
                        self.pos = start;
                        return Err(err);
                    }
                },
                None => break,
            }
        }
        Ok(Expr::Sum(terms))
    }

    fn product(&mut self) -> Result<Expr, CalcError> {
        let mut factors = vec![(false, self.parallel()?)];
        loop {
            let divide = match self.peek() {
                Some('*') => false,
                Some('/') => true,
                _ => break,
            };
            self.pos += 1;
            factors.push((divide, self.parallel()?));
        }
        Ok(Expr::Product(factors))
    }

    fn parallel(&mut self) -> Result<Expr, CalcError> {
        let mut terms = vec![self.power()?];
        while self.eat("||") {
            terms.push(self.power()?);
        }
        Ok(Expr::Parallel(terms))
    }

    fn power(&mut self) -> Result<Expr, CalcError> {
        let mut atoms = vec![self.atom()?];
        while self.eat("^") {
            atoms.push(self.atom()?);
        }
        Ok(Expr::Power(atoms))
    }

    fn atom(&mut self) -> Result<Expr, CalcError> {
        let start = self.pos;
        if let Some(number) = self.number() {
            return Ok(Expr::Number(number));
        }
        self.pos = start;
        match self.peek() {
            Some('(') => {
                self.pos += 1;
                let inner = self.nested_sum()?;
                if !self.eat(")") {
                    return Err(CalcError::Syntax);
                }
                Ok(inner)
            }
            Some(c) if c.is_alphabetic() => {
                let name = self.name();
                let after_name = self.pos;
                if self.eat("(") {
                    let argument = self.nested_sum()?;
                    if !self.eat(")") {
                        return Err(CalcError::Syntax);
                    }
                    self.functions.push(name.clone());
                    Ok(Expr::Function(name, Box::new(argument)))
                } else {
                    self.pos = after_name;
                    self.variables.push(name.clone());
                    Ok(Expr::Variable(name))
                }
            }
            _ => Err(CalcError::Syntax),
        }
    }

    /// A letter, then letters, digits and `_`, then primes (`x'`).
    fn name(&mut self) -> String {
        let mut name = String::new();
        while let Some(&c) = self.chars.get(self.pos) {
            if c.is_alphanumeric() || c == '_' {
                name.push(c);
                self.pos += 1;
            } else {
                break;
            }
        }
        while self.chars.get(self.pos) == Some(&'\'') {
            name.push('\'');
            self.pos += 1;
        }
        name
    }

    fn digits(&mut self) -> String {
        let mut digits = String::new();
        while let Some(&c) = self.chars.get(self.pos) {
            if c.is_ascii_digit() {
                digits.push(c);
                self.pos += 1;
            } else {
                break;
            }
        }
        digits
    }

    /// A number literal (pyparsing allows spaces between its parts, not
    /// inside the mantissa).
    fn number(&mut self) -> Option<f64> {
        let mut text = String::new();
        if let Some(minus) = self.sign() {
            text.push(if minus { '-' } else { '+' });
        }
        self.skip_whitespace();
        let whole = self.digits();
        if !whole.is_empty() {
            text.push_str(&whole);
            if self.chars.get(self.pos) == Some(&'.') {
                self.pos += 1;
                text.push('.');
                text.push_str(&self.digits());
            }
        } else if self.chars.get(self.pos) == Some(&'.') {
            self.pos += 1;
            let fraction = self.digits();
            if fraction.is_empty() {
                return None;
            }
            text.push('.');
            text.push_str(&fraction);
        } else {
            return None;
        }
        let before_exponent = self.pos;
        if matches!(self.peek(), Some('e' | 'E')) {
            self.pos += 1;
            let mut exponent = String::from("e");
            if let Some(minus) = self.sign() {
                exponent.push(if minus { '-' } else { '+' });
            }
            self.skip_whitespace();
            let digits = self.digits();
            if digits.is_empty() {
                self.pos = before_exponent;
            } else {
                exponent.push_str(&digits);
                text.push_str(&exponent);
            }
        }
        let before_suffix = self.pos;
        let mut value: f64 = text.parse().ok()?;
        if self.peek() == Some('%') {
            self.pos += 1;
            value *= 0.01;
        } else {
            self.pos = before_suffix;
        }
        Some(value)
    }
}

type Lookup<'a> = &'a dyn Fn(&str) -> Result<f64, CalcError>;

fn eval(expr: &Expr, lookup: Lookup, casify: &dyn Fn(&str) -> String) -> Result<f64, CalcError> {
    Ok(match expr {
        Expr::Number(value) => *value,
        Expr::Variable(name) => lookup(name)?,
        Expr::Function(name, argument) => {
            let value = eval(argument, lookup, casify)?;
            let f = function(&casify(name)).ok_or(CalcError::Syntax)?;
            f(value)?
        }
        Expr::Sum(terms) => {
            let mut total = 0.0;
            for (minus, term) in terms {
                let value = eval(term, lookup, casify)?;
                if *minus {
                    total -= value;
                } else {
                    total += value;
                }
            }
            total
        }
        Expr::Product(factors) => {
            let mut product = 1.0;
            for (divide, factor) in factors {
                let value = eval(factor, lookup, casify)?;
                if *divide {
                    if value == 0.0 {
                        return Err(CalcError::Arithmetic("division by zero".into()));
                    }
                    product /= value;
                } else {
                    product *= value;
                }
            }
            product
        }
        Expr::Parallel(terms) => {
            let values = terms
                .iter()
                .map(|term| eval(term, lookup, casify))
                .collect::<Result<Vec<f64>, _>>()?;
            if values.len() == 1 {
                values[0]
            } else if values.contains(&0.0) {
                f64::NAN
            } else {
                1.0 / values.iter().map(|v| 1.0 / v).sum::<f64>()
            }
        }
        Expr::Power(atoms) => {
            let values = atoms
                .iter()
                .map(|atom| eval(atom, lookup, casify))
                .collect::<Result<Vec<f64>, _>>()?;
            let mut iter = values.into_iter().rev();
            let mut power = iter.next().unwrap_or(f64::NAN);
            for base in iter {
                if base == 0.0 && power < 0.0 {
                    return Err(CalcError::Arithmetic(
                        "0.0 cannot be raised to a negative power".into(),
                    ));
                }
                power = base.powf(power);
            }
            power
        }
    })
}

type Function = fn(f64) -> Result<f64, CalcError>;

fn function(name: &str) -> Option<Function> {
    fn ok(value: f64) -> Result<f64, CalcError> {
        Ok(value)
    }
    Some(match name {
        "sin" => |x| ok(x.sin()),
        "cos" => |x| ok(x.cos()),
        "tan" => |x| ok(x.tan()),
        "sec" => |x| ok(1.0 / x.cos()),
        "csc" => |x| ok(1.0 / x.sin()),
        "cot" => |x| ok(1.0 / x.tan()),
        "sqrt" => |x| ok(x.sqrt()),
        "log10" => |x| ok(x.log10()),
        "log2" => |x| ok(x.log2()),
        "ln" => |x| ok(x.ln()),
        "exp" => |x| ok(x.exp()),
        "arccos" => |x| ok(x.acos()),
        "arcsin" => |x| ok(x.asin()),
        "arctan" => |x| ok(x.atan()),
        "arcsec" => |x| ok((1.0 / x).acos()),
        "arccsc" => |x| ok((1.0 / x).asin()),
        "arccot" => |x| ok((1.0 / x).atan()),
        "abs" => |x| ok(x.abs()),
        "fact" | "factorial" => factorial,
        "sinh" => |x| ok(x.sinh()),
        "cosh" => |x| ok(x.cosh()),
        "tanh" => |x| ok(x.tanh()),
        "sech" => |x| ok(1.0 / x.cosh()),
        "csch" => |x| ok(1.0 / x.sinh()),
        "coth" => |x| ok(1.0 / x.tanh()),
        "arcsinh" => |x| ok(x.asinh()),
        "arccosh" => |x| ok(x.acosh()),
        "arctanh" => |x| ok(x.atanh()),
        "arcsech" => |x| ok((1.0 / x).acosh()),
        "arccsch" => |x| ok((1.0 / x).asinh()),
        "arccoth" => |x| ok((1.0 / x).atanh()),
        _ => return None,
    })
}

fn factorial(x: f64) -> Result<f64, CalcError> {
    if x < 0.0 || x.fract() != 0.0 || !x.is_finite() {
        return Err(CalcError::Factorial);
    }
    let mut result = 1.0_f64;
    let mut n = 2.0;
    while n <= x && result.is_finite() {
        result *= n;
        n += 1.0;
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calc(expression: &str) -> Result<f64, CalcError> {
        evaluate(expression, &BTreeMap::new(), false)
    }

    #[test]
    fn numbers_and_operators() {
        assert_eq!(calc("1+2*3"), Ok(7.0));
        assert_eq!(calc("-2^2"), Ok(-4.0));
        assert_eq!(calc("2^3^2"), Ok(512.0));
        assert_eq!(calc("2*-3"), Ok(-6.0));
        assert_eq!(calc("1 - -1"), Ok(2.0));
        assert_eq!(calc(".5e1"), Ok(5.0));
        assert_eq!(calc("50%"), Ok(0.5));
        assert_eq!(calc("1||1"), Ok(0.5));
        assert_eq!(calc("1.9*10^24"), Ok(1.9 * 1e24));
        assert_eq!(calc("(1+2)/4"), Ok(0.75));
    }

    #[test]
    fn constants_and_functions_ignore_case() {
        assert_eq!(calc("PI"), Ok(std::f64::consts::PI));
        assert_eq!(calc("Sqrt(16)"), Ok(4.0));
        assert_eq!(calc("fact(5)"), Ok(120.0));
        assert_eq!(calc("fact(-1)"), Err(CalcError::Factorial));
    }

    #[test]
    fn variables_come_from_the_caller() {
        let vars = BTreeMap::from([("x".to_owned(), 2.0), ("Y".to_owned(), 3.0)]);
        assert_eq!(evaluate("x+2*y", &vars, false), Ok(8.0));
        assert!(matches!(
            evaluate("x+2*y", &vars, true),
            Err(CalcError::UndefinedVariable(_))
        ));
    }

    #[test]
    fn bad_input_is_refused_with_open_edx_messages() {
        assert_eq!(calc("5 m"), Err(CalcError::Syntax));
        assert_eq!(
            calc("5*m"),
            Err(CalcError::UndefinedVariable(
                "Invalid Input: m not permitted in answer as a variable".into()
            ))
        );
        assert!(matches!(
            calc("(1+2"),
            Err(CalcError::UnmatchedParenthesis(_))
        ));
        assert!(
            matches!(calc("foo(2)"), Err(CalcError::UndefinedVariable(m)) if m.contains("as a function"))
        );
        assert_eq!(calc("2*i"), Err(CalcError::Complex));
        assert!(matches!(calc("1/0"), Err(CalcError::Arithmetic(_))));
        assert!(calc("").unwrap().is_nan());
    }

    #[test]
    fn huge_and_deeply_nested_expressions_are_refused_without_overflowing() {
        let started = std::time::Instant::now();
        // 100,000 open brackets: refused by length before anything walks them.
        let brackets = "(".repeat(100_000);
        assert!(matches!(calc(&brackets), Err(CalcError::TooComplex(_))));
        let balanced = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
        assert!(matches!(calc(&balanced), Err(CalcError::TooComplex(_))));
        // Short enough, but nested too deep: refused by depth.
        let deep = format!(
            "{}1{}",
            "(".repeat(MAX_NESTING + 1),
            ")".repeat(MAX_NESTING + 1)
        );
        assert!(deep.len() <= MAX_EXPRESSION_CHARS);
        assert!(matches!(calc(&deep), Err(CalcError::TooComplex(m)) if m.contains("nested")));
        let functions = format!(
            "{}1{}",
            "sin(".repeat(MAX_NESTING + 1),
            ")".repeat(MAX_NESTING + 1)
        );
        assert!(matches!(calc(&functions), Err(CalcError::TooComplex(_))));
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn nesting_up_to_the_limit_still_evaluates() {
        let deepest = format!("{}2{}", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
        assert_eq!(calc(&deepest), Ok(2.0));
        assert_eq!(calc("((1+2)*(3-(4/(2))))^2"), Ok(9.0));
        assert_eq!(calc("sqrt(abs(-(((16)))))"), Ok(4.0));
        // Exactly the longest expression allowed.
        let longest = format!("1{}", "+1".repeat((MAX_EXPRESSION_CHARS - 1) / 2));
        assert!(longest.chars().count() <= MAX_EXPRESSION_CHARS);
        assert_eq!(calc(&longest), Ok(500.0));
        // Characters, not bytes, count.
        let spaced = format!("1{}", "\u{a0}".repeat(MAX_EXPRESSION_CHARS - 1));
        assert!(spaced.len() > MAX_EXPRESSION_CHARS);
        assert_eq!(calc(&spaced), Ok(1.0));
    }
}
