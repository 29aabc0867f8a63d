//! The expression tree of one `{{ }}` and the data paths it reads.
//!
//! Dependencies are what lets the view layer skip bindings a `setData` cannot have changed:
//! a binding must be re-evaluated when any path it reads overlaps a changed path. A path
//! stops at the first step that is not a constant (`a[i].x` reads `a` and `i`) and at
//! `.length` (`list.length` reads `list`), which is always a safe over-approximation.

use fc_protocol::{DataPath, PathSeg};

/// A parse error inside `{{ }}`, located by byte offset in the expression text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ExprError {
    /// Byte offset in the text between `{{` and `}}`.
    pub offset: usize,
    pub message: String,
}

impl ExprError {
    pub(crate) fn new(offset: usize, message: impl Into<String>) -> Self {
        Self {
            offset,
            message: message.into(),
        }
    }
}

/// A plain path read only as one side of an equality test (`item.id === selected`: the
/// use of `selected`, with `item.id` as `other`), found by [`Binding::reads`](crate::Binding::reads).
/// When only that path changes, the test can change only where `other` equals its old or its
/// new value: the view layer indexes the bindings that read a name this way by `other`'s value.
#[derive(Debug, Clone)]
pub struct EqualityUse<'e> {
    /// The path compared, rooted at an identifier.
    pub path: DataPath,
    /// The expression on the other side.
    pub other: &'e Expr,
    /// `==`/`!=` (else `===`/`!==`).
    pub loose: bool,
}

/// A constant written in the expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `!x`
    Not,
    /// `-x`
    Neg,
    /// `+x`
    Plus,
    /// `typeof x`
    TypeOf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    /// `==`
    LooseEq,
    /// `!=`
    LooseNe,
    /// `===`
    StrictEq,
    /// `!==`
    StrictNe,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Short-circuit operators: the right side is evaluated only when needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogicalOp {
    And,
    Or,
    /// `??`
    Nullish,
}

/// The property part of a member access.
#[derive(Debug, Clone, PartialEq)]
pub enum Prop {
    /// `a.b` or `a['b']`
    Name(String),
    /// `a[0]`: a constant non-negative integer
    Index(usize),
    /// `a[i]`, `a[i + 1]`
    Computed(Box<Expr>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum ArrayItem {
    Item(Expr),
    /// `[...a]`
    Spread(Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub enum ObjectItem {
    /// `k: v`; shorthand `{a}` is stored as `a: a`.
    Prop(String, Expr),
    /// `...o`
    Spread(Expr),
}

/// One parsed `{{ }}` expression. Build it with [`Expr::parse`]; evaluate with
/// [`Expr::eval`](crate::Expr::eval).
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Lit(Lit),
    /// A root name, resolved through the [`Scope`](crate::Scope).
    Ident(String),
    Member(Box<Expr>, Prop),
    Array(Vec<ArrayItem>),
    Object(Vec<ObjectItem>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    Logical(LogicalOp, Box<Expr>, Box<Expr>),
    /// `test ? then : else`
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `m.fn(args)`: only `<wxs>` module functions can be called; see [`Scope::call`](crate::Scope::call).
    Call(Box<Expr>, Vec<Expr>),
}

impl Expr {
    /// Parses the text between `{{` and `}}`.
    pub fn parse(text: &str) -> crate::Result<Expr> {
        crate::expr_parse::parse_expr(text).map(|(expr, _)| expr)
    }

    /// The data path this expression is, when it is nothing but one (`a`, `a.b[2].c`):
    /// then a value written at that path is exactly what it evaluates to.
    pub fn as_path(&self) -> Option<DataPath> {
        match self {
            Expr::Ident(name) => Some(DataPath(vec![PathSeg::Key(name.as_str().into())])),
            Expr::Member(base, prop) => {
                let mut p = base.as_path()?;
                p.0.push(match prop {
                    Prop::Name(n) => PathSeg::Key(n.as_str().into()),
                    Prop::Index(i) => PathSeg::Index(*i),
                    Prop::Computed(_) => return None,
                });
                Some(p)
            }
            _ => None,
        }
    }

    /// The data paths this expression reads, rooted at identifiers, without duplicates and
    /// without paths already covered by a shorter one.
    pub fn deps(&self) -> Vec<DataPath> {
        let mut out = Vec::new();
        self.collect_deps(&mut out);
        minimize_paths(out)
    }

    pub(crate) fn collect_deps(&self, out: &mut Vec<DataPath>) {
        self.collect_reads(out, None);
    }

    /// [`Expr::collect_deps`], except that, when `eq` is given, a plain path that is one
    /// side of an equality test (`===`, `!==`, `==`, `!=`) goes to `eq` with the other side
    /// instead of to `out`.
    pub(crate) fn collect_reads<'e>(
        &'e self,
        out: &mut Vec<DataPath>,
        mut eq: Option<&mut Vec<EqualityUse<'e>>>,
    ) {
        match self {
            Expr::Binary(
                op @ (BinaryOp::StrictEq
                | BinaryOp::StrictNe
                | BinaryOp::LooseEq
                | BinaryOp::LooseNe),
                a,
                b,
            ) if eq.is_some() => {
                let loose = matches!(op, BinaryOp::LooseEq | BinaryOp::LooseNe);
                for (side, other) in [(a, b), (b, a)] {
                    match (side.comparable_path(), eq.as_deref_mut()) {
                        (Some(path), Some(uses)) => uses.push(EqualityUse { path, other, loose }),
                        (_, uses) => side.collect_reads(out, uses),
                    }
                }
                return;
            }
            _ => {}
        }
        let mut eq = eq;
        match self {
            Expr::Lit(_) => {}
            Expr::Ident(name) => out.push(DataPath::key(name)),
            Expr::Member(..) => {
                let (root, props) = self.member_chain();
                let mut computed = Vec::new();
                match root {
                    Expr::Ident(name) => {
                        let mut segs = vec![PathSeg::Key(name.as_str().into())];
                        let mut constant = true;
                        for prop in props {
                            match prop {
                                Prop::Name(n) if constant && n != "length" => {
                                    segs.push(PathSeg::Key(n.as_str().into()))
                                }
                                Prop::Index(i) if constant => segs.push(PathSeg::Index(*i)),
                                Prop::Computed(e) => {
                                    constant = false;
                                    computed.push(e);
                                }
                                _ => constant = false,
                            }
                        }
                        out.push(DataPath(segs));
                    }
                    other => {
                        other.collect_reads(out, eq.as_deref_mut());
                        computed.extend(props.iter().filter_map(|p| match p {
                            Prop::Computed(e) => Some(e),
                            _ => None,
                        }));
                    }
                }
                for e in computed {
                    e.collect_reads(out, eq.as_deref_mut());
                }
            }
            Expr::Array(items) => {
                for item in items {
                    match item {
                        ArrayItem::Item(e) | ArrayItem::Spread(e) => {
                            e.collect_reads(out, eq.as_deref_mut())
                        }
                    }
                }
            }
            Expr::Object(items) => {
                for item in items {
                    match item {
                        ObjectItem::Prop(_, e) | ObjectItem::Spread(e) => {
                            e.collect_reads(out, eq.as_deref_mut())
                        }
                    }
                }
            }
            Expr::Unary(_, e) => e.collect_reads(out, eq.as_deref_mut()),
            Expr::Binary(_, a, b) | Expr::Logical(_, a, b) => {
                a.collect_reads(out, eq.as_deref_mut());
                b.collect_reads(out, eq.as_deref_mut());
            }
            Expr::Cond(t, a, b) => {
                t.collect_reads(out, eq.as_deref_mut());
                a.collect_reads(out, eq.as_deref_mut());
                b.collect_reads(out, eq.as_deref_mut());
            }
            Expr::Call(callee, args) => {
                // `m.fn(x)`: `m` is a wxs module, not data; only computed parts of the callee
                // and the arguments are read. Any other callee reads nothing useful either:
                // a call on data always yields undefined.
                let (_, props) = callee.member_chain();
                for prop in props {
                    if let Prop::Computed(e) = prop {
                        e.collect_reads(out, eq.as_deref_mut());
                    }
                }
                for arg in args {
                    arg.collect_reads(out, eq.as_deref_mut());
                }
            }
        }
    }

    /// The path this expression is when an equality test against it can be decided from
    /// the data at that path alone: constant names and indexes, no `length` (which the
    /// data does not hold).
    fn comparable_path(&self) -> Option<DataPath> {
        let p = self.as_path()?;
        let plain = p.0.iter().skip(1).all(|s| match s {
            PathSeg::Key(k) => &**k != "length",
            PathSeg::Index(_) => true,
        });
        plain.then_some(p)
    }

    /// Splits `a.b[c].d` into its root (`a`) and the properties in order.
    /// The root of a member chain and its properties, outermost last. Inline: bindings
    /// such as `item.label` evaluate it for every row built.
    pub(crate) fn member_chain(&self) -> (&Expr, smallvec::SmallVec<[&Prop; 4]>) {
        let mut props = smallvec::SmallVec::new();
        let mut cur = self;
        while let Expr::Member(obj, prop) = cur {
            props.push(prop);
            cur = obj;
        }
        props.reverse();
        (cur, props)
    }
}

/// Drops exact duplicates and paths that have a shorter path of the list as a prefix,
/// keeping first-seen order.
pub(crate) fn minimize_paths(paths: Vec<DataPath>) -> Vec<DataPath> {
    let mut out: Vec<DataPath> = Vec::new();
    for p in paths {
        if out
            .iter()
            .any(|q| q.0.len() <= p.0.len() && p.0.starts_with(&q.0))
        {
            continue;
        }
        out.retain(|q| !(q.0.len() > p.0.len() && q.0.starts_with(&p.0)));
        out.push(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deps(src: &str) -> Vec<String> {
        Expr::parse(src)
            .expect(src)
            .deps()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn paths_read() {
        assert_eq!(deps("a.b[0].c"), ["a.b[0].c"]);
        assert_eq!(deps("a['b'][1]"), ["a.b[1]"]);
        assert_eq!(deps("a[i].x"), ["a", "i"]);
        assert_eq!(deps("list.length"), ["list"]);
        assert_eq!(
            deps("list.length > 0 ? list[0].name : empty"),
            ["list", "empty"]
        );
        assert_eq!(deps("a.b + a.b.c + a.b"), ["a.b"]);
        assert_eq!(deps("a.b.c + a"), ["a"]);
        assert_eq!(deps("m[i][j]"), ["m", "i", "j"]);
        assert_eq!(
            deps("'lit' + 1 + true + null + undefined"),
            Vec::<String>::new()
        );
        assert_eq!(deps("{...item, b, c: d.e}"), ["item", "b", "d.e"]);
        assert_eq!(deps("[x, ...y]"), ["x", "y"]);
        assert_eq!(deps("tools.fmt(price, unit)"), ["price", "unit"]);
        assert_eq!(deps("!flag && typeof t"), ["flag", "t"]);
        assert_eq!(deps("[a, b][k].c"), ["a", "b", "k"]);
        assert_eq!(deps("a[b.c]"), ["a", "b.c"]);
    }
}
