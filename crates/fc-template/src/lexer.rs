//! Splits the text between `{{` and `}}` into tokens. The lexer already rejects the parts of
//! JavaScript that templates do not allow (assignment, `++`, template literals, arrows,
//! bitwise operators), so the message can name the construct instead of "unexpected `=`".

use crate::number::parse_radix;
use crate::ExprError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Punct {
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Dot,
    Ellipsis,
    Comma,
    Colon,
    Question,
    QuestionQuestion,
    Not,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    EqEq,
    EqEqEq,
    NotEq,
    NotEqEq,
    Lt,
    Le,
    Gt,
    Ge,
    AndAnd,
    OrOr,
}

impl Punct {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Punct::LParen => "(",
            Punct::RParen => ")",
            Punct::LBracket => "[",
            Punct::RBracket => "]",
            Punct::LBrace => "{",
            Punct::RBrace => "}",
            Punct::Dot => ".",
            Punct::Ellipsis => "...",
            Punct::Comma => ",",
            Punct::Colon => ":",
            Punct::Question => "?",
            Punct::QuestionQuestion => "??",
            Punct::Not => "!",
            Punct::Plus => "+",
            Punct::Minus => "-",
            Punct::Star => "*",
            Punct::Slash => "/",
            Punct::Percent => "%",
            Punct::EqEq => "==",
            Punct::EqEqEq => "===",
            Punct::NotEq => "!=",
            Punct::NotEqEq => "!==",
            Punct::Lt => "<",
            Punct::Le => "<=",
            Punct::Gt => ">",
            Punct::Ge => ">=",
            Punct::AndAnd => "&&",
            Punct::OrOr => "||",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Num(f64),
    Str(String),
    /// Identifiers and keywords alike: `for` is a fine object key and member name.
    Word(String),
    Punct(Punct),
    Eof,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    /// Byte offset of the token in the expression text.
    pub offset: usize,
}

/// Longest match first: `===` before `==` before `=`.
const PUNCTS: &[(&str, Punct)] = &[
    ("...", Punct::Ellipsis),
    ("===", Punct::EqEqEq),
    ("!==", Punct::NotEqEq),
    ("==", Punct::EqEq),
    ("!=", Punct::NotEq),
    ("<=", Punct::Le),
    (">=", Punct::Ge),
    ("&&", Punct::AndAnd),
    ("||", Punct::OrOr),
    ("??", Punct::QuestionQuestion),
    ("(", Punct::LParen),
    (")", Punct::RParen),
    ("[", Punct::LBracket),
    ("]", Punct::RBracket),
    ("{", Punct::LBrace),
    ("}", Punct::RBrace),
    (".", Punct::Dot),
    (",", Punct::Comma),
    (":", Punct::Colon),
    ("?", Punct::Question),
    ("!", Punct::Not),
    ("+", Punct::Plus),
    ("-", Punct::Minus),
    ("*", Punct::Star),
    ("/", Punct::Slash),
    ("%", Punct::Percent),
    ("<", Punct::Lt),
    (">", Punct::Gt),
];

/// Constructs recognised only to be refused with a clear reason.
const REFUSED: &[(&str, &str)] = &[
    ("++", "`++` is not allowed in a template expression"),
    ("--", "`--` is not allowed in a template expression"),
    (
        "=>",
        "arrow functions are not allowed in a template expression",
    ),
    (
        "**",
        "the `**` operator is not supported in a template expression",
    ),
    (
        "?.",
        "optional chaining `?.` is not supported in a template expression",
    ),
    (
        "`",
        "template literals (backticks) are not allowed in a template expression",
    ),
    (
        ";",
        "`;` is not allowed: a template expression is a single expression",
    ),
];

pub(crate) fn tokenize(src: &str) -> Result<Vec<Token>, ExprError> {
    let bytes = src.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &src[i..];
        let Some(c) = rest.chars().next() else { break };
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && rest[1..].starts_with(|d: char| d.is_ascii_digit())) {
            let (value, len) = lex_number(rest).map_err(|m| ExprError::new(i, m))?;
            tokens.push(Token {
                tok: Tok::Num(value),
                offset: i,
            });
            i += len;
            continue;
        }
        if c == '\'' || c == '"' {
            let (value, len) = lex_string(rest).map_err(|(at, m)| ExprError::new(i + at, m))?;
            tokens.push(Token {
                tok: Tok::Str(value),
                offset: i,
            });
            i += len;
            continue;
        }
        if is_ident_start(c) {
            let len = rest
                .find(|ch: char| !is_ident_part(ch))
                .unwrap_or(rest.len());
            tokens.push(Token {
                tok: Tok::Word(rest[..len].to_string()),
                offset: i,
            });
            i += len;
            continue;
        }
        // `?.5` is `? .5` (a ternary), not optional chaining.
        let optional_chain =
            rest.starts_with("?.") && !rest[2..].starts_with(|d: char| d.is_ascii_digit());
        if let Some((_, msg)) = REFUSED
            .iter()
            .find(|(p, _)| rest.starts_with(p) && (*p != "?." || optional_chain))
        {
            return Err(ExprError::new(i, *msg));
        }
        if let Some((p, punct)) = PUNCTS.iter().find(|(p, _)| rest.starts_with(p)) {
            tokens.push(Token {
                tok: Tok::Punct(*punct),
                offset: i,
            });
            i += p.len();
            continue;
        }
        let msg = match c {
            '=' => "assignment is not allowed in a template expression".to_string(),
            '&' | '|' | '^' | '~' => {
                format!("bitwise operator `{c}` is not supported in a template expression")
            }
            _ => format!("unexpected character `{c}`"),
        };
        return Err(ExprError::new(i, msg));
    }
    tokens.push(Token {
        tok: Tok::Eof,
        offset: src.len(),
    });
    Ok(tokens)
}

pub(crate) fn is_ident_start(c: char) -> bool {
    c == '_' || c == '$' || c.is_alphabetic()
}

pub(crate) fn is_ident_part(c: char) -> bool {
    is_ident_start(c) || c.is_ascii_digit() || c.is_alphanumeric()
}

/// A numeric literal at the start of `s`: decimal with fraction and exponent, or `0x`/`0o`/`0b`.
fn lex_number(s: &str) -> Result<(f64, usize), String> {
    let b = s.as_bytes();
    let radix = match (b.first(), b.get(1)) {
        (Some(b'0'), Some(b'x' | b'X')) => Some(16),
        (Some(b'0'), Some(b'o' | b'O')) => Some(8),
        (Some(b'0'), Some(b'b' | b'B')) => Some(2),
        _ => None,
    };
    let (value, len) = if let Some(radix) = radix {
        let digits = s[2..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(s.len() - 2);
        let value = parse_radix(&s[2..2 + digits], radix);
        if value.is_nan() {
            return Err(format!("invalid number `{}`", &s[..2 + digits]));
        }
        (value, 2 + digits)
    } else {
        let mut i = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
        }
        if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
            let mut j = i + 1;
            if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
                j += 1;
            }
            let exp_start = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j == exp_start {
                return Err(format!("invalid number `{}`", &s[..j]));
            }
            i = j;
        }
        let value = s[..i]
            .parse::<f64>()
            .map_err(|_| format!("invalid number `{}`", &s[..i]))?;
        (value, i)
    };
    if let Some(c) = s[len..].chars().next().filter(|c| is_ident_start(*c)) {
        return Err(format!("invalid number `{}`", &s[..len + c.len_utf8()]));
    }
    Ok((value, len))
}

/// A quoted string at the start of `s` (which begins with its quote). Returns the decoded value
/// and the length including both quotes; on error, the offset within `s` and a message.
fn lex_string(s: &str) -> Result<(String, usize), (usize, String)> {
    let mut chars = s.char_indices();
    let Some((_, quote)) = chars.next() else {
        return Err((0, "unterminated string".to_string()));
    };
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        if c == quote {
            return Ok((out, i + 1));
        }
        if c == '\n' || c == '\r' {
            return Err((0, "unterminated string".to_string()));
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((j, e)) = chars.next() else { break };
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{C}'),
            'v' => out.push('\u{B}'),
            '0' => out.push('\0'),
            '\n' => {}
            'x' | 'u' => {
                let rest = &s[j + 1..];
                let (code, used) = if e == 'u' && rest.starts_with('{') {
                    let close = rest
                        .find('}')
                        .ok_or((i, "bad `\\u{…}` escape".to_string()))?;
                    (u32::from_str_radix(&rest[1..close], 16).ok(), close + 1)
                } else {
                    let n = if e == 'x' { 2 } else { 4 };
                    let hex = rest
                        .get(..n)
                        .filter(|h| h.chars().all(|d| d.is_ascii_hexdigit()));
                    (hex.and_then(|h| u32::from_str_radix(h, 16).ok()), n)
                };
                let code = code.ok_or((i, format!("bad `\\{e}` escape")))?;
                // A lone surrogate cannot live in a Rust string; show the replacement mark.
                out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                for _ in 0..used {
                    chars.next();
                }
            }
            other => out.push(other),
        }
    }
    Err((0, "unterminated string".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        tokenize(src)
            .expect("valid")
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    #[test]
    fn tokens_and_offsets() {
        let t = tokenize("a.b === 'x'").expect("valid");
        assert_eq!(
            t[0],
            Token {
                tok: Tok::Word("a".into()),
                offset: 0
            }
        );
        assert_eq!(
            t[1],
            Token {
                tok: Tok::Punct(Punct::Dot),
                offset: 1
            }
        );
        assert_eq!(
            t[3],
            Token {
                tok: Tok::Punct(Punct::EqEqEq),
                offset: 4
            }
        );
        assert_eq!(
            t[4],
            Token {
                tok: Tok::Str("x".into()),
                offset: 8
            }
        );
        assert_eq!(t[5].tok, Tok::Eof);
    }

    #[test]
    fn numbers() {
        assert_eq!(
            toks("1.5e3 .5 0x1f 0b11"),
            vec![
                Tok::Num(1500.0),
                Tok::Num(0.5),
                Tok::Num(31.0),
                Tok::Num(3.0),
                Tok::Eof
            ]
        );
        assert!(tokenize("3in").is_err());
        assert!(tokenize("3中").is_err());
        assert!(tokenize("1e").is_err());
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(
            toks(r#"'a\'b' "c\"d" '\n\x41\u0042\u{1F600}'"#),
            vec![
                Tok::Str("a'b".into()),
                Tok::Str("c\"d".into()),
                Tok::Str("\nAB\u{1F600}".into()),
                Tok::Eof
            ]
        );
        assert_eq!(toks("'}}{{'"), vec![Tok::Str("}}{{".into()), Tok::Eof]);
        let e = tokenize("a + 'open").expect_err("unterminated");
        assert_eq!(e.offset, 4);
    }

    #[test]
    fn refuses_with_reasons() {
        for (src, needle, at) in [
            ("a = 1", "assignment", 2),
            ("a++", "++", 1),
            ("`x`", "template literals", 0),
            ("(x) => x", "arrow", 4),
            ("a & b", "bitwise", 2),
            ("a?.b", "optional chaining", 1),
            ("a; b", ";", 1),
            ("#", "unexpected character", 0),
        ] {
            let e = tokenize(src).expect_err(src);
            assert!(e.message.contains(needle), "{src}: {}", e.message);
            assert_eq!(e.offset, at, "{src}");
        }
        // A ternary with a fraction is not optional chaining.
        assert!(tokenize("a?.5:1").is_ok());
    }
}
