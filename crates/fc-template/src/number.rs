//! JavaScript's two number/string conversions: `String(n)` (Number::toString, radix 10) and
//! `Number(s)` (StringToNumber). Templates print numbers the way the page's JS would, so
//! `{{1/3}}` must show `0.3333333333333333` and `{{1e21}}` must show `1e+21`, never Rust's
//! `1000000000000000000000`.

/// Formats a number as JS `String(n)` does: shortest round-trip digits, integers without
/// `.0`, `-0` as `0`, exponent form below 1e-6 and from 1e21 up.
pub(crate) fn number_to_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    // Whole numbers below 2^53 (ids, counts, indices) print as integers; the digits below
    // are for the rest.
    if x.fract() == 0.0 && x.abs() < 9007199254740992.0 {
        return (x as i64).to_string();
    }
    shortest_digits_to_string(x)
}

/// `number_to_string` for a finite, non-zero `x`, from its shortest round-trip digits.
fn shortest_digits_to_string(x: f64) -> String {
    if x < 0.0 {
        return format!("-{}", shortest_digits_to_string(-x));
    }
    // Rust's `{:e}` without a precision prints the shortest digits that round-trip, which is
    // exactly the digit string ECMAScript's Number::toString asks for.
    let exp_form = format!("{x:e}");
    let (mantissa, exp) = exp_form.split_once('e').unwrap_or((exp_form.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i32;
    let n = exp + 1;
    if k <= n && n <= 21 {
        let mut s = digits;
        s.extend(std::iter::repeat_n('0', (n - k) as usize));
        s
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at(n as usize);
        format!("{int}.{frac}")
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let sign = if n - 1 < 0 { '-' } else { '+' };
        let e = (n - 1).abs();
        if k == 1 {
            format!("{digits}e{sign}{e}")
        } else {
            let (first, rest) = digits.split_at(1);
            format!("{first}.{rest}e{sign}{e}")
        }
    }
}

/// The characters JS `String.prototype.trim` and `Number(s)` strip.
pub(crate) fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{B}' | '\u{C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

/// Converts a string to a number as JS `Number(s)` does: surrounding whitespace ignored, empty
/// is 0, `0x`/`0o`/`0b` prefixes, `Infinity` with an optional sign, otherwise a decimal literal
/// or NaN. Rust's own parser would also accept `inf` and `nan`, which JS does not.
pub fn string_to_number(s: &str) -> f64 {
    let t = s.trim_matches(is_js_whitespace);
    if t.is_empty() {
        return 0.0;
    }
    for (prefix, radix) in [
        ("0x", 16),
        ("0X", 16),
        ("0o", 8),
        ("0O", 8),
        ("0b", 2),
        ("0B", 2),
    ] {
        if let Some(body) = t.strip_prefix(prefix) {
            return parse_radix(body, radix);
        }
    }
    let (negative, body) = match t.as_bytes()[0] {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let magnitude = if body == "Infinity" {
        f64::INFINITY
    } else if is_decimal_literal(body) {
        body.parse::<f64>().unwrap_or(f64::NAN)
    } else {
        f64::NAN
    };
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

/// Digits in `radix`, at least one; accumulated in f64 like JS does for large values.
pub(crate) fn parse_radix(body: &str, radix: u32) -> f64 {
    if body.is_empty() {
        return f64::NAN;
    }
    let mut value = 0.0f64;
    for c in body.chars() {
        match c.to_digit(radix) {
            Some(d) => value = value * f64::from(radix) + f64::from(d),
            None => return f64::NAN,
        }
    }
    value
}

/// `digits [. digits] [e [+-] digits]` with at least one mantissa digit (`.5` and `5.` count).
fn is_decimal_literal(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut mantissa_digits = i - int_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        mantissa_digits += i - frac_start;
    }
    if mantissa_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_numbers_like_js() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-1.0, "-1"),
            (1.5, "1.5"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1.0 / 3.0, "0.3333333333333333"),
            (100.0, "100"),
            (123456789.0, "123456789"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (1.5e21, "1.5e+21"),
            (1e-6, "0.000001"),
            (1e-7, "1e-7"),
            (1.25e-7, "1.25e-7"),
            (0.000123, "0.000123"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (9007199254740993.0, "9007199254740992"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (-2.5e-8, "-2.5e-8"),
        ];
        for (x, want) in cases {
            assert_eq!(number_to_string(*x), *want, "String({x:?})");
        }
    }

    /// The integer shortcut prints what the general digits do.
    #[test]
    fn whole_numbers_print_as_the_general_path_does() {
        let mut x = 1.0f64;
        while x < 9007199254740992.0 {
            for v in [x, x + 1.0, x * 3.0 - 1.0, -x, -(x + 7.0)] {
                if v.abs() < 9007199254740992.0 {
                    assert_eq!(number_to_string(v), shortest_digits_to_string(v), "{v:?}");
                }
            }
            x = (x * 1.7).round();
        }
        assert_eq!(number_to_string(9007199254740991.0), "9007199254740991");
        assert_eq!(number_to_string(-12000.0), "-12000");
    }

    #[test]
    fn parses_strings_like_js() {
        let cases: &[(&str, f64)] = &[
            ("", 0.0),
            ("  ", 0.0),
            (" 42 ", 42.0),
            ("1.5", 1.5),
            (".5", 0.5),
            ("5.", 5.0),
            ("-3", -3.0),
            ("+3", 3.0),
            ("1e3", 1000.0),
            ("0x1A", 26.0),
            ("0b101", 5.0),
            ("0o17", 15.0),
            ("Infinity", f64::INFINITY),
            ("-Infinity", f64::NEG_INFINITY),
            ("\u{A0}7\n", 7.0),
        ];
        for (s, want) in cases {
            assert_eq!(string_to_number(s), *want, "Number({s:?})");
        }
        for s in [
            "abc", "1e", "inf", "nan", "NaN", "1 2", "0x", "-0x10", "1_000", ".",
        ] {
            assert!(string_to_number(s).is_nan(), "Number({s:?}) should be NaN");
        }
    }
}
