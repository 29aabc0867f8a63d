//! Parsing one complex selector (one comma-list item) into a `Selector`.
//!
//! Unsupported syntax (`+`/`~` combinators, unknown pseudo-classes and pseudo-elements,
//! `:host`) is an error so the caller drops just that selector with a warning.

use cssparser::{parse_nth, Parser, Token};

use crate::selector::{AttrOp, AttrSelector, Combinator, Compound, Nth, Pseudo, Selector};
use crate::{invalid, PResult};

/// Parses one complex selector; `input` must be delimited to it (one comma-list item).
pub(crate) fn parse_selector(input: &mut Parser<'_>) -> PResult<Selector> {
    let mut compounds: Vec<Compound> = Vec::new();
    let mut combinators: Vec<Combinator> = Vec::new();
    let mut current: Option<(Compound, usize)> = None;
    let mut pending: Option<Combinator> = None;
    let mut pseudo: Option<Pseudo> = None;
    input.skip_whitespace();
    while let Ok(token) = input.next_including_whitespace().cloned() {
        if pseudo.is_some() && !matches!(token, Token::WhiteSpace(_)) {
            return invalid("nothing may follow a pseudo-element");
        }
        match token {
            Token::WhiteSpace(_) => {
                if let Some((c, _)) = current.take() {
                    compounds.push(c);
                    pending = Some(Combinator::Descendant);
                }
            }
            Token::Delim('>') => {
                if let Some((c, _)) = current.take() {
                    compounds.push(c);
                }
                if compounds.is_empty() {
                    return invalid("selector starts with a combinator");
                }
                pending = Some(Combinator::Child);
            }
            Token::Delim(c @ ('+' | '~')) => {
                return invalid(format!("combinator `{c}` is not supported yet"));
            }
            token => {
                let (compound, parts) = current.get_or_insert_with(|| {
                    if !compounds.is_empty() {
                        combinators.push(pending.take().unwrap_or(Combinator::Descendant));
                    }
                    (Compound::default(), 0)
                });
                if let Some(p) = parse_simple(input, token, compound, *parts)? {
                    pseudo = Some(p);
                }
                *parts += 1;
            }
        }
    }
    if let Some((c, _)) = current {
        compounds.push(c);
    } else if pending == Some(Combinator::Child) {
        return invalid("selector ends with a combinator");
    }
    if compounds.is_empty() {
        return invalid("empty selector");
    }
    let mut counts = [0u32; 3];
    for c in &compounds {
        for (total, n) in counts.iter_mut().zip(c.specificity()) {
            *total += n;
        }
    }
    // A pseudo-element counts as a type selector.
    counts[2] += u32::from(pseudo.is_some());
    compounds.reverse();
    combinators.reverse();
    let [ids, classes, tags] = counts.map(|n| n.min(1023));
    Ok(Selector {
        compounds,
        combinators,
        pseudo,
        specificity: (ids << 20) | (classes << 10) | tags,
    })
}

/// Adds one simple selector starting with `token` to `compound`; `parts` is how many simple
/// selectors the compound already has (a type selector must come first). Returns the
/// pseudo-element when the simple selector was one.
fn parse_simple(
    input: &mut Parser<'_>,
    token: Token<'_>,
    compound: &mut Compound,
    parts: usize,
) -> PResult<Option<Pseudo>> {
    match token {
        Token::Ident(name) if parts == 0 => compound.tag = Some(name.to_ascii_lowercase()),
        Token::Delim('*') if parts == 0 => {}
        Token::Ident(_) | Token::Delim('*') => {
            return invalid("a type selector must come first in a compound");
        }
        Token::Delim('.') => match input.next_including_whitespace()? {
            Token::Ident(class) => compound.classes.push(class.to_string()),
            _ => return invalid("`.` must be followed by a class name"),
        },
        Token::IDHash(id) => compound.ids.push(id.to_string()),
        Token::Hash(id) => return invalid(format!("`#{id}` is not a valid id selector")),
        Token::SquareBracketBlock => {
            let attr = input.parse_nested_block(parse_attribute)?;
            compound.attrs.push(attr);
        }
        Token::Colon => return parse_pseudo(input, compound),
        _ => return invalid("unexpected token in selector"),
    }
    Ok(None)
}

/// After a `:`: a pseudo-class (added to `compound`) or a pseudo-element (returned).
fn parse_pseudo(input: &mut Parser<'_>, compound: &mut Compound) -> PResult<Option<Pseudo>> {
    let nth = |a, b, from_end, of_type| Nth {
        a,
        b,
        from_end,
        of_type,
    };
    match input.next_including_whitespace()?.clone() {
        Token::Colon => {
            let name = match input.next_including_whitespace()? {
                Token::Ident(name) => name.to_ascii_lowercase(),
                _ => return invalid("bad pseudo-element"),
            };
            return match pseudo_element(&name) {
                Some(p) => Ok(Some(p)),
                None => invalid(format!("pseudo-element `::{name}` is not supported")),
            };
        }
        Token::Ident(name) => {
            let lower = name.to_ascii_lowercase();
            // CSS 2 spelled these two pseudo-elements with one colon; sheets still do.
            if lower == "before" || lower == "after" {
                return Ok(pseudo_element(&lower));
            }
            match lower.as_str() {
                "first-child" => compound.nth.push(nth(0, 1, false, false)),
                "last-child" => compound.nth.push(nth(0, 1, true, false)),
                "only-child" => {
                    compound.nth.push(nth(0, 1, false, false));
                    compound.nth.push(nth(0, 1, true, false));
                }
                "first-of-type" => compound.nth.push(nth(0, 1, false, true)),
                "last-of-type" => compound.nth.push(nth(0, 1, true, true)),
                "host" => {
                    return invalid("`:host` applies only in component style sheets (not yet)");
                }
                _ => return invalid(format!("pseudo-class `:{name}` is not supported yet")),
            }
        }
        Token::Function(name) => {
            let lower = name.to_ascii_lowercase();
            let (from_end, of_type) = match lower.as_str() {
                "nth-child" => (false, false),
                "nth-last-child" => (true, false),
                "nth-of-type" => (false, true),
                "nth-last-of-type" => (true, true),
                "not" => {
                    let args = input.parse_nested_block(|i| {
                        i.parse_comma_separated(|arg| arg.parse_entirely(parse_not_argument))
                    })?;
                    compound.not.extend(args);
                    return Ok(None);
                }
                "host" => {
                    return invalid("`:host()` applies only in component style sheets (not yet)");
                }
                _ => return invalid(format!("pseudo-class `:{name}()` is not supported yet")),
            };
            let (a, b) = input.parse_nested_block(|i| {
                let ab = parse_nth(i)?;
                i.expect_exhausted()?;
                Ok(ab)
            })?;
            compound.nth.push(nth(a, b, from_end, of_type));
        }
        _ => return invalid("bad pseudo-class"),
    }
    Ok(None)
}

fn pseudo_element(name: &str) -> Option<Pseudo> {
    match name {
        "before" => Some(Pseudo::Before),
        "after" => Some(Pseudo::After),
        "placeholder" | "-webkit-input-placeholder" => Some(Pseudo::Placeholder),
        _ => None,
    }
}

/// One argument of `:not()`: a compound selector without combinators or pseudo-elements.
fn parse_not_argument(input: &mut Parser<'_>) -> PResult<Compound> {
    let mut compound = Compound::default();
    let mut parts = 0;
    input.skip_whitespace();
    while let Ok(token) = input.next_including_whitespace().cloned() {
        if let Token::WhiteSpace(_) = token {
            if input.is_exhausted() {
                break;
            }
            return invalid("`:not()` takes compound selectors only");
        }
        if parse_simple(input, token, &mut compound, parts)?.is_some() {
            return invalid("pseudo-elements are not allowed in `:not()`");
        }
        parts += 1;
    }
    if parts == 0 {
        return invalid("empty `:not()` argument");
    }
    Ok(compound)
}

/// The inside of `[...]`: `name`, or `name op value` with an optional `i`/`s` flag.
fn parse_attribute(input: &mut Parser<'_>) -> PResult<AttrSelector> {
    let name = input.expect_ident()?.to_ascii_lowercase();
    if input.is_exhausted() {
        return Ok(AttrSelector {
            name,
            test: None,
            ignore_case: false,
        });
    }
    let op = match input.next()? {
        Token::Delim('=') => AttrOp::Equal,
        Token::IncludeMatch => AttrOp::Includes,
        Token::DashMatch => AttrOp::DashMatch,
        Token::PrefixMatch => AttrOp::Prefix,
        Token::SuffixMatch => AttrOp::Suffix,
        Token::SubstringMatch => AttrOp::Substring,
        _ => return invalid("bad attribute selector operator"),
    };
    let value = match input.next()? {
        Token::Ident(v) | Token::QuotedString(v) => v.to_string(),
        _ => return invalid("attribute selector value must be an identifier or a string"),
    };
    let ignore_case = match input.try_parse(|i| i.expect_ident_cloned()) {
        Ok(flag) if flag.eq_ignore_ascii_case("i") => true,
        Ok(flag) if flag.eq_ignore_ascii_case("s") => false,
        Ok(flag) => return invalid(format!("unknown attribute selector flag `{flag}`")),
        Err(_) => false,
    };
    input.expect_exhausted()?;
    Ok(AttrSelector {
        name,
        test: Some((op, value)),
        ignore_case,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::TestTree;

    fn sel(src: &str) -> PResult<Selector> {
        Parser::new(src).parse_entirely(parse_selector)
    }

    fn spec(src: &str) -> u32 {
        sel(src).map(|s| s.specificity).unwrap_or(u32::MAX)
    }

    #[test]
    fn specificity_counts_ids_classes_tags() {
        assert_eq!(spec("view"), 1);
        assert_eq!(spec("*"), 0);
        assert_eq!(spec(".a"), 1 << 10);
        assert_eq!(spec("button.primary"), (1 << 10) | 1);
        assert_eq!(spec("#x .a > view:first-child"), (1 << 20) | (2 << 10) | 1);
        assert!(spec("#x") > spec(".a.b.c.d"));
        assert_eq!(spec("button[type=primary]"), (1 << 10) | 1);
        assert_eq!(spec("[plain][disabled]"), 2 << 10);
        assert_eq!(spec("li:nth-child(2n+1)"), (1 << 10) | 1);
        assert_eq!(spec("button::after"), 2);
        assert_eq!(spec(".a:after"), (1 << 10) | 1);
        // :not() counts as its most specific argument, not as a pseudo-class of its own.
        assert_eq!(spec(".a:not(.b)"), 2 << 10);
        assert_eq!(spec("view:not(#x, .y)"), (1 << 20) | 1);
        assert_eq!(spec(":only-child"), 2 << 10, "first-child and last-child");
    }

    #[test]
    fn rejects_unsupported_selectors() {
        for bad in [
            "view:active",
            "view::selection",
            "::-webkit-scrollbar",
            "a + b",
            "a ~ b",
            "> a",
            "a >",
            ".",
            "view*",
            ":host",
            ":host(.a)",
            "view::after .x",
            "view::after:first-child",
            ":not(.a .b)",
            ":not(::after)",
            ":not()",
            "view:nth-child(x)",
            "[=a]",
            "[a==b]",
            "[a=1px]",
            "[a=b x]",
        ] {
            assert!(sel(bad).is_err(), "{bad} should be rejected");
        }
        assert!(sel(".a view").is_ok());
        assert!(sel("#1abc").is_err());
        assert!(sel("view::after ").is_ok());
    }

    #[test]
    fn pseudo_elements_are_recorded() {
        let p = |s: &str| sel(s).ok().and_then(|s| s.pseudo);
        assert_eq!(p("button::after"), Some(Pseudo::After));
        assert_eq!(p(".a:before"), Some(Pseudo::Before));
        assert_eq!(p("input::placeholder"), Some(Pseudo::Placeholder));
        assert_eq!(p("::-webkit-input-placeholder"), Some(Pseudo::Placeholder));
        assert_eq!(p("button"), None);
    }

    #[test]
    fn matches_compounds_and_combinators() {
        let mut t = TestTree::new();
        let page = t.add(None, "page");
        let list = t.add(Some(page), "view#list.list");
        let a = t.add(Some(list), "view.item.on");
        let b = t.add(Some(list), "view.item");
        let inner = t.add(Some(b), "text.label");
        let m = |s: &str, n: usize| sel(s).map(|s| s.matches(t.node(n))).unwrap_or(false);

        assert!(m("view", a));
        assert!(m("VIEW", a));
        assert!(m("*", inner));
        assert!(m(".item.on", a));
        assert!(!m(".item.on", b));
        assert!(m("#list > .item", b));
        assert!(!m("#list > .label", inner));
        assert!(m("#list .label", inner));
        assert!(m("page view text", inner));
        assert!(m("page > view > view > text", inner));
        assert!(!m("page > view > text", inner));
        assert!(m(".item:first-child", a));
        assert!(!m(".item:first-child", b));
        assert!(m(".item:last-child", b));
        assert!(m("text:first-child:last-child", inner));
        assert!(m("text:only-child", inner));
        assert!(!m(".item:only-child", a));
        assert!(m("page", page));
        assert!(!m("view page", page));
    }

    #[test]
    fn nth_child_forms() {
        let mut t = TestTree::new();
        let page = t.add(None, "page");
        let rows: Vec<usize> = (0..7).map(|_| t.add(Some(page), "view.row")).collect();
        let picked = |s: &str| -> Vec<usize> {
            let s = sel(s).ok();
            (0..rows.len())
                .filter(|&i| s.as_ref().is_some_and(|s| s.matches(t.node(rows[i]))))
                .map(|i| i + 1)
                .collect()
        };
        assert_eq!(picked(".row:nth-child(odd)"), [1, 3, 5, 7]);
        assert_eq!(picked(".row:nth-child(even)"), [2, 4, 6]);
        assert_eq!(picked(":nth-child(3)"), [3]);
        assert_eq!(picked(":nth-child(3n)"), [3, 6]);
        assert_eq!(picked(":nth-child(3n+1)"), [1, 4, 7]);
        assert_eq!(picked(":nth-child(-n+3)"), [1, 2, 3]);
        assert_eq!(picked(":nth-child(n+5)"), [5, 6, 7]);
        assert_eq!(picked(":nth-child( 2n - 1 )"), [1, 3, 5, 7]);
        assert_eq!(picked(":nth-last-child(2)"), [6]);
        assert_eq!(picked(":nth-last-child(-n+2)"), [6, 7]);
        assert_eq!(picked(":nth-child(0)"), Vec::<usize>::new());
    }

    #[test]
    fn of_type_counts_only_same_tag_siblings() {
        let mut t = TestTree::new();
        let page = t.add(None, "page");
        let v1 = t.add(Some(page), "view");
        let t1 = t.add(Some(page), "text");
        let v2 = t.add(Some(page), "view");
        let t2 = t.add(Some(page), "text");
        let m = |s: &str, n: usize| sel(s).map(|s| s.matches(t.node(n))).unwrap_or(false);
        assert!(m("text:first-of-type", t1));
        assert!(!m("text:first-child", t1));
        assert!(m("view:last-of-type", v2));
        assert!(m("view:nth-of-type(2)", v2));
        assert!(!m("view:nth-of-type(2)", v1));
        assert!(m("text:nth-last-of-type(1)", t2));
    }

    #[test]
    fn not_matches_when_no_argument_does() {
        let mut t = TestTree::new();
        let page = t.add(None, "page");
        let a = t.add(Some(page), "view.item.on");
        let b = t.add(Some(page), "view.item");
        let c = t.add(Some(page), "text#x.item");
        let m = |s: &str, n: usize| sel(s).map(|s| s.matches(t.node(n))).unwrap_or(false);
        assert!(m(".item:not(.on)", b));
        assert!(!m(".item:not(.on)", a));
        assert!(m(".item:not(:last-child)", a));
        assert!(!m(".item:not(:last-child)", c));
        assert!(m(":not(view)", c));
        assert!(!m(".item:not(.on, #x)", c));
        assert!(m(".item:not(text.on)", c));
        assert!(!m(".item:not(text.item)", c));
    }

    #[test]
    fn attribute_selectors_compare_values() {
        let mut t = TestTree::new();
        let page = t.add(None, "page");
        let b = t.add(Some(page), "button#go.btn");
        t.set_attr(b, "type", "primary");
        t.set_attr(b, "plain", "");
        t.set_attr(b, "lang", "zh-CN");
        t.set_attr(b, "data-tags", "big  red shiny");
        t.set_attr(b, "src", "/images/logo.png");
        let m = |s: &str| sel(s).map(|s| s.matches(t.node(b))).unwrap_or(false);
        assert!(m("[type]"));
        assert!(m("[plain]"));
        assert!(!m("[disabled]"));
        assert!(m("button[type=primary]"));
        assert!(m("button[type=\"primary\"]"));
        assert!(m("[type='primary']"));
        assert!(!m("[type=warn]"));
        assert!(!m("[type=PRIMARY]"));
        assert!(m("[type=PRIMARY i]"));
        assert!(m("[data-tags~=red]"));
        assert!(!m("[data-tags~=re]"));
        assert!(!m("[data-tags~=\"big red\"]"));
        assert!(m("[lang|=zh]"));
        assert!(m("[lang|=zh-CN]"));
        assert!(!m("[lang|=z]"));
        assert!(m("[src^='/images']"));
        assert!(m("[src$=\".png\"]"));
        assert!(m("[src*=logo]"));
        assert!(!m("[src*=\"\"]"), "an empty operand never matches");
        assert!(!m("[plain^=\"\"]"));
        assert!(m("[plain=\"\"]"));
        // Classes and id live outside the attribute map in the view tree.
        assert!(m("[class~=btn]"));
        assert!(m("[id=go]"));
        assert!(m("[type=primary][plain]:first-child"));
    }

    #[test]
    fn index_key_prefers_the_most_selective_part() {
        let key = |s: &str| {
            sel(s)
                .map(|s| format!("{:?}", s.index_key()))
                .unwrap_or_default()
        };
        assert_eq!(key("view.a#b"), "Id(\"b\")");
        assert_eq!(key(".x view.a"), "Class(\"a\")");
        assert_eq!(key(".x VIEW"), "Tag(\"view\")");
        assert_eq!(key("view *"), "Universal");
        assert_eq!(key("[type=primary]"), "Universal");
        assert_eq!(key("button::after"), "Tag(\"button\")");
    }
}
