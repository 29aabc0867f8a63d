//! ES module syntax (`import`/`export`) in bundle scripts, rewritten to the CommonJS the
//! loader runs (`module.rs`), so files mixing `require` and `import` work both ways.
//!
//! boa's AST keeps no positions for import/export declarations, so this is a careful
//! byte-level rewrite instead: a scanner that knows strings, comments, template literals
//! (with nested `${}`) and regular expressions finds `import`/`export` at the top level and
//! rewrites only those statements, keeping every line where it was (a replaced statement is
//! padded with its newlines; `export` before a declaration becomes spaces, so columns stay
//! too). Exports become getters on `exports` (live bindings, as Babel does), defined after
//! the file's last line; imports become `const` bindings from `require` (not live: a value
//! re-assigned later in the exporting module is not seen, which apps almost never rely on).

mod scan;

use scan::{Scanner, Token};

/// The rewritten text, or `None` when the file has no top-level `import`/`export`.
pub(crate) fn to_commonjs(text: &str) -> Option<String> {
    let s = text.as_bytes();
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut exports: Vec<(String, String)> = Vec::new();
    let mut temp = 0usize;
    let mut scanner = Scanner::new(s);
    while let Some(start) = scanner.next_module_keyword() {
        let start = start.min(s.len());
        let mut st = Scanner::at(s, start);
        let keyword = st.word().unwrap_or_default();
        let done = if keyword == "import" {
            import(&mut st, &mut temp)
        } else {
            export(&mut st, &mut temp, &mut exports)
        };
        // Syntax the rewrite does not know: leave it, boa reports it where it is.
        let Some((end, replacement)) = done else {
            continue;
        };
        let newlines = s[start..end].iter().filter(|&&b| b == b'\n').count();
        let mut replacement = replacement;
        replacement.push_str(&"\n".repeat(newlines));
        edits.push((start, end, replacement));
        scanner = Scanner::at(s, end);
    }
    if edits.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for (start, end, replacement) in edits {
        out.push_str(&text[at..start]);
        out.push_str(&replacement);
        at = end;
    }
    out.push_str(&text[at..]);
    out.push_str("\n;Object.defineProperty(exports, \"__esModule\", { value: true });");
    for (name, expr) in exports {
        out.push_str(&format!(
            "Object.defineProperty(exports, {}, {{ enumerable: true, configurable: true, get: function () {{ return {expr}; }} }});",
            quote(&name)
        ));
    }
    Some(out)
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `import ...;` from just after `import`: (end of the statement, its CommonJS form).
fn import(st: &mut Scanner, temp: &mut usize) -> Option<(usize, String)> {
    let mut default = None;
    let mut namespace = None;
    let mut named: Vec<(String, String)> = Vec::new();
    let source = match st.token()? {
        Token::Str(src) => src,
        Token::Word(name) => {
            default = Some(name);
            match st.token()? {
                Token::Punct(b',') => clause(st, &mut namespace, &mut named)?,
                Token::Word(w) if w == "from" => st.string()?,
                _ => return None,
            }
        }
        Token::Punct(b'*') | Token::Punct(b'{') => {
            st.back();
            clause(st, &mut namespace, &mut named)?
        }
        _ => return None,
    };
    let end = st.end_statement();
    let require = format!("require({source})");
    let mut out = String::new();
    let module =
        if default.is_some() as u8 + namespace.is_some() as u8 + (!named.is_empty()) as u8 > 1 {
            *temp += 1;
            out.push_str(&format!("const __fc_m{temp} = {require}; "));
            format!("__fc_m{temp}")
        } else {
            require
        };
    if default.is_none() && namespace.is_none() && named.is_empty() {
        out.push_str(&format!("{module};"));
    }
    if let Some(name) = default {
        out.push_str(&format!(
            "const {name} = (function (m) {{ return m && m.__esModule ? m.default : m; }})({module}); "
        ));
    }
    if let Some(name) = namespace {
        out.push_str(&format!("const {name} = {module}; "));
    }
    if !named.is_empty() {
        let fields: Vec<String> = named
            .iter()
            .map(|(imported, local)| format!("{}: {local}", quote(imported)))
            .collect();
        out.push_str(&format!("const {{ {} }} = {module};", fields.join(", ")));
    }
    Some((end, out.trim_end().to_string()))
}

/// `* as ns from 'm'` or `{a, b as c} from 'm'`: the source.
fn clause(
    st: &mut Scanner,
    namespace: &mut Option<String>,
    named: &mut Vec<(String, String)>,
) -> Option<String> {
    match st.token()? {
        Token::Punct(b'*') => {
            st.expect_word("as")?;
            *namespace = Some(st.word()?);
        }
        Token::Punct(b'{') => *named = specifiers(st)?,
        _ => return None,
    }
    st.expect_word("from")?;
    st.string()
}

/// `a, b as c, "x-y" as d }` after a `{`: (name in the other module, name here) pairs.
fn specifiers(st: &mut Scanner) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    loop {
        let first = match st.token()? {
            Token::Punct(b'}') => return Some(out),
            Token::Word(w) => w,
            Token::Str(s) => s[1..s.len() - 1].to_string(),
            _ => return None,
        };
        let second = match st.token()? {
            Token::Word(w) if w == "as" => {
                let local = match st.token()? {
                    Token::Word(w) => w,
                    Token::Str(s) => s[1..s.len() - 1].to_string(),
                    _ => return None,
                };
                match st.token()? {
                    Token::Punct(b',') => {}
                    Token::Punct(b'}') => {
                        out.push((first, local));
                        return Some(out);
                    }
                    _ => return None,
                }
                local
            }
            Token::Punct(b',') => first.clone(),
            Token::Punct(b'}') => {
                out.push((first.clone(), first));
                return Some(out);
            }
            _ => return None,
        };
        out.push((first, second));
    }
}

/// `export ...` from just after `export`. Declarations keep their text (`export` becomes
/// spaces); the names go to `exports` as (exported name, expression).
fn export(
    st: &mut Scanner,
    temp: &mut usize,
    exports: &mut Vec<(String, String)>,
) -> Option<(usize, String)> {
    let keyword_end = st.pos();
    let blank = |end: usize| " ".repeat(end - (keyword_end - "export".len()));
    let token = st.token()?;
    match token {
        Token::Word(w) if w == "default" => {
            let default_end = st.pos();
            if let Some(name) = st.declared_name() {
                exports.push(("default".into(), name));
                return Some((default_end, blank(default_end)));
            }
            Some((default_end, "exports.default =".to_string()))
        }
        Token::Word(w) if w == "function" || w == "class" || w == "async" => {
            st.back();
            let name = st.declared_name()?;
            exports.push((name.clone(), name));
            Some((keyword_end, blank(keyword_end)))
        }
        Token::Word(w) if w == "const" || w == "let" || w == "var" => {
            for name in st.declarator_names() {
                exports.push((name.clone(), name));
            }
            Some((keyword_end, blank(keyword_end)))
        }
        Token::Punct(b'{') => {
            let list = specifiers(st)?;
            let mut source = None;
            if let Some(Token::Word(w)) = st.peek() {
                if w == "from" {
                    st.token();
                    source = Some(st.string()?);
                }
            }
            let end = st.end_statement();
            let mut out = String::new();
            let module = match source {
                Some(src) => {
                    *temp += 1;
                    out = format!("const __fc_m{temp} = require({src});");
                    Some(format!("__fc_m{temp}"))
                }
                None => None,
            };
            for (local, exported) in list {
                let expr = match &module {
                    Some(m) => format!("{m}[{}]", quote(&local)),
                    None => local,
                };
                exports.push((exported, expr));
            }
            Some((end, out))
        }
        Token::Punct(b'*') => {
            let ns = match st.token()? {
                Token::Word(w) if w == "as" => Some(st.word()?),
                Token::Word(w) if w == "from" => {
                    st.back();
                    None
                }
                _ => return None,
            };
            st.expect_word("from")?;
            let src = st.string()?;
            let end = st.end_statement();
            *temp += 1;
            let out = match ns {
                Some(ns) => {
                    exports.push((ns, format!("__fc_m{temp}")));
                    format!("const __fc_m{temp} = require({src});")
                }
                None => format!(
                    "(function (m) {{ Object.keys(m).forEach(function (k) {{ if (k !== 'default' && !Object.prototype.hasOwnProperty.call(exports, k)) Object.defineProperty(exports, k, {{ enumerable: true, configurable: true, get: function () {{ return m[k]; }} }}); }}); }})(require({src}));"
                ),
            };
            Some((end, out))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
