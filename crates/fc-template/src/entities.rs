//! Character references in text and attribute values: the five XML entities, `&nbsp;` (which
//! mini-program pages use a lot) and numeric forms. Anything else, including a bare `&` as in
//! `{{a && b}}`, is left as written.

use std::borrow::Cow;

const NAMED: &[(&str, char)] = &[
    ("lt", '<'),
    ("gt", '>'),
    ("amp", '&'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{A0}'),
];

pub(crate) fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        match decode_one(tail) {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Decodes the reference at the start of `s` (which starts with `&`): the character and the
/// length of the reference including `&` and `;`.
fn decode_one(s: &str) -> Option<(char, usize)> {
    // Bytes, not a str slice: a cut at 12 bytes could split a character.
    let semi = s.bytes().take(12).position(|b| b == b';')?;
    let body = &s[1..semi];
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        char::from_u32(code)
            .filter(|c| *c != '\0')
            .unwrap_or('\u{FFFD}')
    } else {
        NAMED.iter().find(|(name, _)| *name == body)?.1
    };
    Some((c, semi + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_known_references() {
        assert_eq!(
            decode_entities("a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;"),
            "a <b> & \"c\" 'd'"
        );
        assert_eq!(decode_entities("x&nbsp;y"), "x\u{A0}y");
        assert_eq!(decode_entities("&#65;&#x42;&#X43;&#128512;"), "ABC😀");
        assert_eq!(decode_entities("&#0;"), "\u{FFFD}");
    }

    #[test]
    fn leaves_the_rest() {
        assert_eq!(decode_entities("a && b"), "a && b");
        assert_eq!(
            decode_entities("&copy; &unknown; & &#xZZ; &"),
            "&copy; &unknown; & &#xZZ; &"
        );
        assert!(matches!(decode_entities("plain"), Cow::Borrowed(_)));
        assert_eq!(decode_entities("&中文中文中文"), "&中文中文中文");
    }
}
