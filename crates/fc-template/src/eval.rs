//! Evaluates expressions with JavaScript semantics (coercions, loose equality, string
//! comparison, `+` concatenation), reading data through a [`Scope`].
//!
//! One deliberate difference: a missing step in a path (`a.b.c` with `a` undefined) gives
//! `undefined` instead of a TypeError, as both WeChat runtimes do. Arrays and objects are
//! compared by reference in JS; evaluated values here have no identity, so `==`/`===` on two
//! of them is always false (even `a === a`), which matches JS for literals like `[] == []`.

use crate::expr::{ArrayItem, BinaryOp, Expr, Lit, LogicalOp, ObjectItem, Prop, UnaryOp};
use crate::value::Val;
use serde_json::Value;
use std::borrow::Cow;
use std::cmp::Ordering;

/// Resolves the root names of expressions: `item`/`index` aliases of enclosing `wx:for`s
/// first, then page (or component) data. One is built per evaluation context by the caller.
pub trait Scope {
    /// The value of a root identifier, or `None` when it is undefined.
    fn lookup(&self, name: &str) -> Option<Value>;

    /// Same as [`lookup`](Scope::lookup) but lends the value instead of copying it. The
    /// evaluator reads `list[3].name` through this, so only the final value is copied; a scope
    /// that holds its data should override it to avoid cloning a whole list per lookup.
    fn lookup_with(&self, name: &str, f: &mut dyn FnMut(Option<&Value>)) {
        let v = self.lookup(name);
        f(v.as_ref())
    }

    /// Calls `function` of the `<wxs>` module named `module` (`{{m.fmt(x)}}`); `None` when there
    /// is no such module or function. Any other call in a template yields `undefined`.
    fn call(&self, module: &str, function: &str, args: &[Value]) -> Option<Value> {
        let _ = (module, function, args);
        None
    }
}

/// Page data as a scope: its top-level keys are the root names.
impl Scope for serde_json::Map<String, Value> {
    fn lookup(&self, name: &str) -> Option<Value> {
        self.get(name).cloned()
    }

    fn lookup_with(&self, name: &str, f: &mut dyn FnMut(Option<&Value>)) {
        f(self.get(name))
    }
}

/// An object value as a scope (anything else has no names).
impl Scope for Value {
    fn lookup(&self, name: &str) -> Option<Value> {
        self.get(name).cloned()
    }

    fn lookup_with(&self, name: &str, f: &mut dyn FnMut(Option<&Value>)) {
        f(self.as_object().and_then(|m| m.get(name)))
    }
}

impl Expr {
    /// Evaluates against `scope`; `undefined` (and NaN/Infinity, as in JSON) become `null`.
    pub fn eval(&self, scope: &dyn Scope) -> Value {
        // A plain path (`list`, `item.name`, `a[0].b`) is the common case, and its value can
        // be a large list: copy it once from the data instead of converting it twice.
        if let Some(v) = self.eval_plain_path(scope) {
            return v;
        }
        self.eval_val(scope).into_json()
    }

    /// The value of an identifier followed by constant properties, read straight from the
    /// data; `None` when the expression is anything else or the path reaches a string or an
    /// array's `length` (left to the general evaluator).
    fn eval_plain_path(&self, scope: &dyn Scope) -> Option<Value> {
        let (root, props) = self.member_chain();
        let Expr::Ident(name) = root else { return None };
        if props.iter().any(|p| matches!(p, Prop::Computed(_))) {
            return None;
        }
        let mut out = None;
        scope.lookup_with(name, &mut |v| {
            let mut cur = v;
            for prop in &props {
                cur = match (cur, prop) {
                    (None, _) => None,
                    (Some(Value::Object(m)), Prop::Name(n)) => fc_protocol::field(m, n),
                    (Some(Value::Object(m)), Prop::Index(i)) => m.get(&i.to_string()),
                    (Some(Value::Array(a)), Prop::Index(i)) => a.get(*i),
                    (Some(Value::Array(_) | Value::String(_)), _) => return,
                    (Some(_), _) => None,
                };
            }
            out = Some(cur.cloned().unwrap_or(Value::Null));
        });
        out
    }

    pub(crate) fn eval_val(&self, scope: &dyn Scope) -> Val {
        match self {
            Expr::Lit(l) => match l {
                Lit::Undefined => Val::Undefined,
                Lit::Null => Val::Null,
                Lit::Bool(b) => Val::Bool(*b),
                Lit::Num(n) => Val::Num(*n),
                Lit::Str(s) => Val::Str(s.clone()),
            },
            Expr::Ident(name) => {
                let mut out = Val::Undefined;
                scope.lookup_with(name, &mut |v| {
                    out = v.map_or(Val::Undefined, Val::from_json)
                });
                out
            }
            Expr::Member(..) => eval_member(self, scope),
            Expr::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        ArrayItem::Item(e) => out.push(e.eval_val(scope)),
                        ArrayItem::Spread(e) => match e.eval_val(scope) {
                            Val::Arr(a) => out.extend(a),
                            Val::Str(s) => out.extend(s.chars().map(|c| Val::Str(c.to_string()))),
                            // Spreading a non-iterable throws in JS; a template shows nothing.
                            _ => {}
                        },
                    }
                }
                Val::Arr(out)
            }
            Expr::Object(items) => {
                let mut out: Vec<(String, Val)> = Vec::new();
                for item in items {
                    match item {
                        ObjectItem::Prop(k, e) => set_prop(&mut out, k.clone(), e.eval_val(scope)),
                        ObjectItem::Spread(e) => match e.eval_val(scope) {
                            Val::Obj(m) => {
                                m.into_iter().for_each(|(k, v)| set_prop(&mut out, k, v))
                            }
                            Val::Arr(a) => a
                                .into_iter()
                                .enumerate()
                                .for_each(|(i, v)| set_prop(&mut out, i.to_string(), v)),
                            Val::Str(s) => s.chars().enumerate().for_each(|(i, c)| {
                                set_prop(&mut out, i.to_string(), Val::Str(c.into()))
                            }),
                            _ => {}
                        },
                    }
                }
                Val::Obj(out)
            }
            Expr::Unary(op, e) => {
                let v = e.eval_val(scope);
                match op {
                    UnaryOp::Not => Val::Bool(!v.truthy()),
                    UnaryOp::Neg => Val::Num(-v.to_number()),
                    UnaryOp::Plus => Val::Num(v.to_number()),
                    UnaryOp::TypeOf => Val::Str(v.type_of().to_string()),
                }
            }
            Expr::Binary(op, a, b) => binary(*op, &a.eval_val(scope), &b.eval_val(scope)),
            Expr::Logical(op, a, b) => {
                let left = a.eval_val(scope);
                let take_left = match op {
                    LogicalOp::And => !left.truthy(),
                    LogicalOp::Or => left.truthy(),
                    LogicalOp::Nullish => !left.is_nullish(),
                };
                if take_left {
                    left
                } else {
                    b.eval_val(scope)
                }
            }
            Expr::Cond(t, a, b) => {
                if t.eval_val(scope).truthy() {
                    a.eval_val(scope)
                } else {
                    b.eval_val(scope)
                }
            }
            Expr::Call(callee, args) => eval_call(callee, args, scope),
        }
    }
}

/// Later keys override earlier ones but keep the first one's place, as in JS objects.
fn set_prop(out: &mut Vec<(String, Val)>, key: String, value: Val) {
    match out.iter_mut().find(|(k, _)| *k == key) {
        Some(slot) => slot.1 = value,
        None => out.push((key, value)),
    }
}

/// A property key after evaluation.
enum Key<'a> {
    Name(Cow<'a, str>),
    Index(usize),
}

impl Key<'_> {
    fn from_val(v: Val) -> Key<'static> {
        match v {
            Val::Num(n) if n >= 0.0 && n.fract() == 0.0 && n < 4294967295.0 => {
                Key::Index(n as usize)
            }
            other => Key::Name(Cow::Owned(other.to_js_string())),
        }
    }

    fn name(&self) -> Cow<'_, str> {
        match self {
            Key::Name(s) => Cow::Borrowed(s.as_ref()),
            Key::Index(i) => Cow::Owned(i.to_string()),
        }
    }

    /// Array index: a number, or a string in canonical form (`"3"`, not `"03"`).
    fn index(&self) -> Option<usize> {
        match self {
            Key::Index(i) => Some(*i),
            Key::Name(s) => {
                let canonical =
                    s == "0" || (!s.starts_with('0') && s.bytes().all(|b| b.is_ascii_digit()));
                if canonical && !s.is_empty() {
                    s.parse().ok()
                } else {
                    None
                }
            }
        }
    }
}

fn eval_member(expr: &Expr, scope: &dyn Scope) -> Val {
    let (root, props) = expr.member_chain();
    let keys: smallvec::SmallVec<[Key<'_>; 4]> = props
        .iter()
        .map(|p| match p {
            Prop::Name(n) => Key::Name(Cow::Borrowed(n.as_str())),
            Prop::Index(i) => Key::Index(*i),
            Prop::Computed(e) => Key::from_val(e.eval_val(scope)),
        })
        .collect();
    match root {
        Expr::Ident(name) => {
            let mut out = Val::Undefined;
            scope.lookup_with(name, &mut |v| {
                out = v.map_or(Val::Undefined, |v| get_json(v, &keys));
            });
            out
        }
        other => get_val(other.eval_val(scope), &keys),
    }
}

/// Follows `keys` through borrowed JSON, copying only what is found at the end.
fn get_json(mut v: &Value, keys: &[Key<'_>]) -> Val {
    for (i, key) in keys.iter().enumerate() {
        v = match v {
            Value::Object(m) => match fc_protocol::field(m, key.name().as_ref()) {
                Some(next) => next,
                None => return Val::Undefined,
            },
            Value::Array(a) => match key.index() {
                Some(n) => match a.get(n) {
                    Some(next) => next,
                    None => return Val::Undefined,
                },
                None if key.name() == "length" => {
                    return get_val(Val::Num(a.len() as f64), &keys[i + 1..]);
                }
                None => return Val::Undefined,
            },
            Value::String(s) => return get_val(Val::Str(s.clone()), &keys[i..]),
            _ => return Val::Undefined,
        };
    }
    Val::from_json(v)
}

fn get_val(mut v: Val, keys: &[Key<'_>]) -> Val {
    for key in keys {
        v = match v {
            Val::Obj(m) => {
                let name = key.name();
                m.into_iter()
                    .find(|(k, _)| *k == name)
                    .map_or(Val::Undefined, |(_, v)| v)
            }
            Val::Arr(a) => match key.index() {
                Some(n) => a.into_iter().nth(n).unwrap_or(Val::Undefined),
                None if key.name() == "length" => Val::Num(a.len() as f64),
                None => Val::Undefined,
            },
            Val::Str(s) => {
                // JS strings are UTF-16: `length` and indices count code units.
                let units: Vec<u16> = s.encode_utf16().collect();
                match key.index() {
                    Some(n) => units.get(n).map_or(Val::Undefined, |u| {
                        Val::Str(String::from_utf16_lossy(&[*u]))
                    }),
                    None if key.name() == "length" => Val::Num(units.len() as f64),
                    None => Val::Undefined,
                }
            }
            _ => Val::Undefined,
        };
    }
    v
}

fn eval_call(callee: &Expr, args: &[Expr], scope: &dyn Scope) -> Val {
    let Expr::Member(obj, prop) = callee else {
        return Val::Undefined;
    };
    let Expr::Ident(module) = obj.as_ref() else {
        return Val::Undefined;
    };
    let function = match prop {
        Prop::Name(n) => n.clone(),
        Prop::Index(i) => i.to_string(),
        Prop::Computed(e) => e.eval_val(scope).to_js_string(),
    };
    let args: Vec<Value> = args.iter().map(|a| a.eval(scope)).collect();
    scope
        .call(module, &function, &args)
        .map_or(Val::Undefined, |v| Val::from_json(&v))
}

fn binary(op: BinaryOp, a: &Val, b: &Val) -> Val {
    match op {
        BinaryOp::Add => add(a, b),
        BinaryOp::Sub => Val::Num(a.to_number() - b.to_number()),
        BinaryOp::Mul => Val::Num(a.to_number() * b.to_number()),
        BinaryOp::Div => Val::Num(a.to_number() / b.to_number()),
        // Rust's `%` on f64 is C's fmod: the sign follows the dividend, as in JS.
        BinaryOp::Rem => Val::Num(a.to_number() % b.to_number()),
        BinaryOp::LooseEq => Val::Bool(loose_equals(a, b)),
        BinaryOp::LooseNe => Val::Bool(!loose_equals(a, b)),
        BinaryOp::StrictEq => Val::Bool(strict_equals(a, b)),
        BinaryOp::StrictNe => Val::Bool(!strict_equals(a, b)),
        BinaryOp::Lt => Val::Bool(compare(a, b) == Some(Ordering::Less)),
        BinaryOp::Gt => Val::Bool(compare(a, b) == Some(Ordering::Greater)),
        BinaryOp::Le => Val::Bool(matches!(
            compare(a, b),
            Some(Ordering::Less | Ordering::Equal)
        )),
        BinaryOp::Ge => Val::Bool(matches!(
            compare(a, b),
            Some(Ordering::Greater | Ordering::Equal)
        )),
    }
}

/// `+`: concatenation when either side is (or converts to) a string, else numeric addition.
fn add(a: &Val, b: &Val) -> Val {
    let (pa, pb) = (a.to_primitive(), b.to_primitive());
    if matches!(pa, Val::Str(_)) || matches!(pb, Val::Str(_)) {
        Val::Str(pa.to_js_string() + &pb.to_js_string())
    } else {
        Val::Num(pa.to_number() + pb.to_number())
    }
}

pub(crate) fn strict_equals(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::Undefined, Val::Undefined) | (Val::Null, Val::Null) => true,
        (Val::Bool(x), Val::Bool(y)) => x == y,
        (Val::Num(x), Val::Num(y)) => x == y,
        (Val::Str(x), Val::Str(y)) => x == y,
        _ => false,
    }
}

/// The `==` algorithm (IsLooselyEqual).
pub(crate) fn loose_equals(a: &Val, b: &Val) -> bool {
    let is_object = |v: &Val| matches!(v, Val::Arr(_) | Val::Obj(_));
    match (a, b) {
        (Val::Undefined | Val::Null, Val::Undefined | Val::Null) => true,
        (Val::Undefined | Val::Null, _) | (_, Val::Undefined | Val::Null) => false,
        (Val::Num(x), Val::Str(_)) => *x == b.to_number(),
        (Val::Str(_), Val::Num(y)) => a.to_number() == *y,
        (Val::Bool(_), _) => loose_equals(&Val::Num(a.to_number()), b),
        (_, Val::Bool(_)) => loose_equals(a, &Val::Num(b.to_number())),
        (Val::Num(_) | Val::Str(_), _) if is_object(b) => loose_equals(a, &b.to_primitive()),
        (_, Val::Num(_) | Val::Str(_)) if is_object(a) => loose_equals(&a.to_primitive(), b),
        _ => strict_equals(a, b),
    }
}

/// Relational comparison: two strings compare by UTF-16 code units, anything else as numbers;
/// `None` when a NaN is involved (so every relation is false).
fn compare(a: &Val, b: &Val) -> Option<Ordering> {
    let (pa, pb) = (a.to_primitive(), b.to_primitive());
    if let (Val::Str(x), Val::Str(y)) = (&pa, &pb) {
        return Some(x.encode_utf16().cmp(y.encode_utf16()));
    }
    pa.to_number().partial_cmp(&pb.to_number())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_paths_without_copying_roots() {
        struct Counting(Value, std::cell::Cell<u32>);
        impl Scope for Counting {
            fn lookup(&self, name: &str) -> Option<Value> {
                self.1.set(self.1.get() + 1);
                self.0.get(name).cloned()
            }
            fn lookup_with(&self, name: &str, f: &mut dyn FnMut(Option<&Value>)) {
                f(self.0.get(name))
            }
        }
        let scope = Counting(
            json!({"list": [{"name": "a"}, {"name": "b"}], "i": 1}),
            0.into(),
        );
        let e = Expr::parse("list[i].name + list.length").expect("valid");
        assert_eq!(e.eval(&scope), json!("b2"));
        assert_eq!(scope.1.get(), 0, "lookup (a copy) was not needed");
    }

    #[test]
    fn wxs_calls_go_through_the_scope() {
        struct WithModule(Value);
        impl Scope for WithModule {
            fn lookup(&self, name: &str) -> Option<Value> {
                self.0.get(name).cloned()
            }
            fn call(&self, module: &str, function: &str, args: &[Value]) -> Option<Value> {
                let x = args.first()?.as_f64()?;
                (module == "m" && function == "twice").then(|| json!(x * 2.0))
            }
        }
        let scope = WithModule(json!({"price": 21, "m": {"twice": 1}}));
        let eval = |s: &str| Expr::parse(s).expect(s).eval(&scope);
        assert_eq!(eval("m.twice(price)"), json!(42));
        assert_eq!(eval("m['twice'](price)"), json!(42));
        assert_eq!(eval("m.other(price)"), json!(null));
        assert_eq!(eval("price.toFixed(2)"), json!(null));
        assert_eq!(eval("twice(price)"), json!(null));
    }

    #[test]
    fn eval_keeps_types_and_maps_undefined_to_null() {
        let data = json!({"a": {"b": [1, 2]}, "s": "hé😀"});
        let eval = |s: &str| Expr::parse(s).expect(s).eval(&data);
        assert_eq!(eval("a"), json!({"b": [1, 2]}));
        assert_eq!(eval("a.b[1]"), json!(2));
        assert_eq!(eval("a.b['1']"), json!(2));
        assert_eq!(eval("a.b['01']"), json!(null));
        assert_eq!(eval("a.missing.deeper"), json!(null));
        assert_eq!(eval("s.length"), json!(4));
        assert_eq!(eval("s[1]"), json!("é"));
        assert_eq!(eval("0/0"), json!(null));
        assert_eq!(eval("{x: 1, y: undefined}"), json!({"x": 1}));
        assert_eq!(eval("{...a, b: 3, c: 4}"), json!({"b": 3, "c": 4}));
        assert_eq!(eval("{c: 0, ...{c: 1, d: 2}}"), json!({"c": 1, "d": 2}));
        assert_eq!(eval("[...a.b, ...'xy']"), json!([1, 2, "x", "y"]));
        assert_eq!(eval("a.b.length.x"), json!(null));
        // Plain paths keep the data's own JSON (a float stays a float).
        let data = json!({"f": 1.0, "l": [1.5, {"k": "v"}], "s": "ab", "o": {"0": "zero"}});
        let eval = |s: &str| Expr::parse(s).expect(s).eval(&data);
        assert_eq!(eval("f"), json!(1.0));
        assert_eq!(eval("l[1].k"), json!("v"));
        assert_eq!(eval("l[2].k"), json!(null));
        assert_eq!(eval("l.length"), json!(2));
        assert_eq!(eval("l['1'].k"), json!("v"));
        assert_eq!(eval("s[1]"), json!("b"));
        assert_eq!(eval("o[0]"), json!("zero"));
        assert_eq!(eval("f.x.y"), json!(null));
        assert_eq!(eval("nothing"), json!(null));
    }
}
