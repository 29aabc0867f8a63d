//! The scanner behind `esm.rs`: skips what can hide an `import`/`export` word (strings,
//! comments, template literals, regular expressions) and tells a regex `/` from a division
//! by the token before it, the way JS tokenizers without a parser do.

/// A token of an import/export statement.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token {
    Word(String),
    /// A string literal with its quotes, as written.
    Str(String),
    Punct(u8),
}

/// What came before, for the regex-or-division decision and statement starts.
#[derive(Clone, Copy, PartialEq)]
enum Prev {
    Start,
    /// A value ends here (`)`, `]`, a name, a number, a string): `/` divides.
    Value,
    /// An operator, `(`, `,`, `{`, `;`, or a keyword like `return`: `/` starts a regex.
    Operator,
    /// `}` or `;`: a statement may start next.
    End,
}

#[derive(Clone)]
pub(super) struct Scanner<'a> {
    s: &'a [u8],
    i: usize,
    last: usize,
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// Keywords after which `/` starts a regex.
const REGEX_AFTER: &[&str] = &[
    "return",
    "typeof",
    "instanceof",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "do",
    "else",
    "yield",
    "await",
];

impl<'a> Scanner<'a> {
    pub fn new(s: &'a [u8]) -> Scanner<'a> {
        Scanner::at(s, 0)
    }

    pub fn at(s: &'a [u8], i: usize) -> Scanner<'a> {
        Scanner { s, i, last: i }
    }

    pub fn pos(&self) -> usize {
        self.i
    }

    fn byte(&self, at: usize) -> u8 {
        self.s.get(at).copied().unwrap_or(0)
    }

    /// Skips whitespace and comments; returns whether a newline was crossed.
    fn skip_trivia(&mut self) -> bool {
        let mut newline = false;
        while self.i < self.s.len() {
            match (self.byte(self.i), self.byte(self.i + 1)) {
                (b'\n', _) => {
                    newline = true;
                    self.i += 1;
                }
                (b' ' | b'\t' | b'\r' | 0x0b | 0x0c, _) => self.i += 1,
                (b'/', b'/') => {
                    while self.i < self.s.len() && self.byte(self.i) != b'\n' {
                        self.i += 1;
                    }
                }
                (b'/', b'*') => {
                    self.i += 2;
                    while self.i < self.s.len()
                        && !(self.byte(self.i) == b'*' && self.byte(self.i + 1) == b'/')
                    {
                        newline |= self.byte(self.i) == b'\n';
                        self.i += 1;
                    }
                    self.i = (self.i + 2).min(self.s.len());
                }
                _ => break,
            }
        }
        newline
    }

    fn skip_string(&mut self, quote: u8) {
        self.i += 1;
        while self.i < self.s.len() {
            match self.byte(self.i) {
                b'\\' => self.i += 2,
                b if b == quote => {
                    self.i += 1;
                    return;
                }
                b'\n' => return,
                _ => self.i += 1,
            }
        }
    }

    /// Skips template text from just after a backtick or a `}` closing `${`. Returns true
    /// when it stopped at `${` (after it), false at the closing backtick (after it).
    fn skip_template_text(&mut self) -> bool {
        while self.i < self.s.len() {
            match self.byte(self.i) {
                b'\\' => self.i += 2,
                b'`' => {
                    self.i += 1;
                    return false;
                }
                b'$' if self.byte(self.i + 1) == b'{' => {
                    self.i += 2;
                    return true;
                }
                _ => self.i += 1,
            }
        }
        false
    }

    fn skip_regex(&mut self) {
        self.i += 1;
        let mut class = false;
        while self.i < self.s.len() {
            match self.byte(self.i) {
                b'\\' => self.i += 2,
                b'[' => {
                    class = true;
                    self.i += 1;
                }
                b']' => {
                    class = false;
                    self.i += 1;
                }
                b'/' if !class => {
                    self.i += 1;
                    break;
                }
                b'\n' => return,
                _ => self.i += 1,
            }
        }
        while is_ident(self.byte(self.i)) {
            self.i += 1;
        }
    }

    fn read_word(&mut self) -> String {
        let start = self.i;
        while self.i < self.s.len() && (is_ident(self.byte(self.i)) || self.byte(self.i) == b'\\') {
            self.i += 1;
        }
        String::from_utf8_lossy(&self.s[start..self.i]).into_owned()
    }

    /// Scans code from here and returns where the next top-level `import`/`export`
    /// statement starts (not `import(...)`/`import.meta`), or `None` at the end.
    pub fn next_module_keyword(&mut self) -> Option<usize> {
        let mut depth = 0usize;
        // Depths at which a template's `${` opened.
        let mut templates: Vec<usize> = Vec::new();
        let mut prev = Prev::Start;
        loop {
            let newline = self.skip_trivia();
            if self.i >= self.s.len() {
                return None;
            }
            let b = self.byte(self.i);
            match b {
                b'\'' | b'"' => {
                    self.skip_string(b);
                    prev = Prev::Value;
                }
                b'`' => {
                    self.i += 1;
                    if self.skip_template_text() {
                        templates.push(depth);
                        depth += 1;
                        prev = Prev::Operator;
                    } else {
                        prev = Prev::Value;
                    }
                }
                b'/' if prev != Prev::Value => {
                    self.skip_regex();
                    prev = Prev::Value;
                }
                b'{' | b'(' | b'[' => {
                    depth += 1;
                    self.i += 1;
                    prev = Prev::Operator;
                }
                b'}' | b')' | b']' => {
                    depth = depth.saturating_sub(1);
                    self.i += 1;
                    prev = if b == b'}' { Prev::End } else { Prev::Value };
                    if b == b'}' && templates.last() == Some(&depth) {
                        templates.pop();
                        if self.skip_template_text() {
                            templates.push(depth);
                            depth += 1;
                            prev = Prev::Operator;
                        } else {
                            prev = Prev::Value;
                        }
                    }
                }
                b';' => {
                    self.i += 1;
                    prev = Prev::End;
                }
                b if is_ident(b) || b == b'\\' => {
                    let start = self.i;
                    let word = self.read_word();
                    let statement_start = prev == Prev::Start
                        || prev == Prev::End
                        || (newline && prev == Prev::Value);
                    if depth == 0 && statement_start && (word == "import" || word == "export") {
                        let mut after = self.clone();
                        after.skip_trivia();
                        let next = after.byte(after.i);
                        if !(word == "import" && (next == b'(' || next == b'.')) {
                            return Some(start);
                        }
                    }
                    prev = if b.is_ascii_digit() {
                        Prev::Value
                    } else if REGEX_AFTER.contains(&word.as_str()) {
                        Prev::Operator
                    } else {
                        Prev::Value
                    };
                }
                _ => {
                    self.i += 1;
                    // `x++ / 2` is rare; `.5` and numbers are read as words above.
                    prev = Prev::Operator;
                }
            }
        }
    }

    /// The next token of an import/export statement.
    pub fn token(&mut self) -> Option<Token> {
        self.skip_trivia();
        self.last = self.i;
        let b = self.byte(self.i);
        if self.i >= self.s.len() {
            return None;
        }
        if b == b'\'' || b == b'"' {
            let start = self.i;
            self.skip_string(b);
            self.i = self.i.min(self.s.len());
            let text = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
            let closed = text.len() >= 2 && text.ends_with(b as char);
            return closed.then_some(Token::Str(text));
        }
        if is_ident(b) {
            return Some(Token::Word(self.read_word()));
        }
        self.i += 1;
        Some(Token::Punct(b))
    }

    /// Puts the last token back.
    pub fn back(&mut self) {
        self.i = self.last;
    }

    pub fn peek(&self) -> Option<Token> {
        self.clone().token()
    }

    pub fn word(&mut self) -> Option<String> {
        match self.token()? {
            Token::Word(w) => Some(w),
            _ => None,
        }
    }

    pub fn string(&mut self) -> Option<String> {
        match self.token()? {
            Token::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn expect_word(&mut self, word: &str) -> Option<()> {
        (self.word()? == word).then_some(())
    }

    /// After the statement's last token: takes a `;` on the same line; returns the end.
    pub fn end_statement(&mut self) -> usize {
        self.i = self.i.min(self.s.len());
        let mut j = self.i;
        while matches!(self.byte(j), b' ' | b'\t') {
            j += 1;
        }
        if self.byte(j) == b';' {
            self.i = j + 1;
        }
        self.i
    }

    /// The name a `function`/`async function`/`function*`/`class` declaration here
    /// declares; `None` for anything else or an anonymous one. Does not move.
    pub fn declared_name(&self) -> Option<String> {
        let mut st = self.clone();
        let mut word = st.word()?;
        if word == "async" {
            word = st.word()?;
        }
        match word.as_str() {
            "function" => {
                if st.peek() == Some(Token::Punct(b'*')) {
                    st.token();
                }
                st.word()
            }
            "class" => st.word().filter(|w| w != "extends"),
            _ => None,
        }
    }

    /// The names a `const`/`let`/`var` declaration here declares: plain names and the
    /// names inside simple `{}`/`[]` patterns. Does not move.
    pub fn declarator_names(&self) -> Vec<String> {
        let mut st = self.clone();
        let mut names = Vec::new();
        loop {
            match st.token() {
                Some(Token::Word(w)) => names.push(w),
                Some(Token::Punct(open @ (b'{' | b'['))) => st.pattern_names(open, &mut names),
                _ => return names,
            }
            // Skip the initializer to a `,` at this level; stop at the statement's end.
            let mut depth = 0usize;
            loop {
                let newline = st.skip_trivia();
                if depth == 0 && newline {
                    let next = st.byte(st.i);
                    if is_ident(next) || next == b'}' {
                        return names;
                    }
                }
                match st.byte(st.i) {
                    0 => return names,
                    b'\'' | b'"' => st.skip_string(st.byte(st.i)),
                    b'`' => {
                        st.i += 1;
                        // A nested `${` is skipped as code up to its `}`, good enough here.
                        while st.skip_template_text() {
                            st.skip_balanced();
                        }
                    }
                    b'{' | b'(' | b'[' => {
                        depth += 1;
                        st.i += 1;
                    }
                    b'}' | b')' | b']' => {
                        if depth == 0 {
                            return names;
                        }
                        depth -= 1;
                        st.i += 1;
                    }
                    b';' if depth == 0 => return names,
                    b',' if depth == 0 => {
                        st.i += 1;
                        break;
                    }
                    _ => st.i += 1,
                }
            }
        }
    }

    /// Skips code up to and including the `}` that closes the current `${`.
    fn skip_balanced(&mut self) {
        let mut depth = 0usize;
        while self.i < self.s.len() {
            match self.byte(self.i) {
                b'\'' | b'"' => self.skip_string(self.byte(self.i)),
                b'{' => {
                    depth += 1;
                    self.i += 1;
                }
                b'}' => {
                    self.i += 1;
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                }
                _ => self.i += 1,
            }
        }
    }

    /// Skips one bracketed group starting here (`{...}`, `[...]`, `(...)`).
    fn skip_group(&mut self) {
        let mut depth = 0usize;
        while let Some(token) = self.token() {
            match token {
                Token::Punct(b'{' | b'[' | b'(') => depth += 1,
                Token::Punct(b'}' | b']' | b')') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    /// Names bound by a destructuring pattern after its opening bracket: a name followed by
    /// `,`, `=` or the closing bracket (not `:`, which names a property).
    fn pattern_names(&mut self, open: u8, names: &mut Vec<String>) {
        let close = if open == b'{' { b'}' } else { b']' };
        // Inside a default value (`a = f(x)`): its names bind nothing.
        let mut in_default = false;
        while let Some(token) = self.token() {
            if in_default {
                match token {
                    Token::Punct(b',') => in_default = false,
                    Token::Punct(b) if b == close => return,
                    Token::Punct(b'{' | b'[' | b'(') => {
                        self.back();
                        self.skip_group();
                    }
                    _ => {}
                }
                continue;
            }
            match token {
                Token::Punct(b'=') => in_default = true,
                Token::Punct(b) if b == close => return,
                Token::Punct(inner @ (b'{' | b'[')) => self.pattern_names(inner, names),
                Token::Word(w) if w.starts_with(|c: char| c.is_ascii_digit()) => {}
                Token::Word(w) => match self.peek() {
                    Some(Token::Punct(b',' | b'=')) => names.push(w),
                    Some(Token::Punct(b)) if b == close => names.push(w),
                    _ => {}
                },
                _ => {}
            }
        }
    }
}
