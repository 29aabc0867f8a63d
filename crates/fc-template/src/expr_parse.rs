//! Recursive-descent parser for `{{ }}` expressions: the JavaScript subset of the template
//! spec (§1), with JS precedence. Two template-only forms sit at the top level: an object
//! body without its braces (`{{a: 1, ...o}}`, `{{a, b}}`), used by `<template data>`.
//!
//! Nesting is capped so a hostile bundle cannot overflow the stack while parsing, evaluating
//! or dropping a tree.

use crate::expr::{
    ArrayItem, BinaryOp, Expr, ExprError, Lit, LogicalOp, ObjectItem, Prop, UnaryOp,
};
use crate::lexer::{tokenize, Punct, Tok, Token};

/// Deepest expression tree accepted (counting every operator and member step).
const MAX_DEPTH: u32 = 200;

/// A call found while parsing; the compiler warns about those that are not `<wxs>` calls.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CallSite {
    /// Byte offset of the callee in the expression text.
    pub offset: usize,
    /// `m` for `m.fn(…)` or `m['fn'](…)`, the only shape that can reach a wxs module.
    pub module: Option<String>,
    /// The callee as written, shortened, for messages.
    pub callee: String,
}

pub(crate) fn parse_expr(text: &str) -> Result<(Expr, Vec<CallSite>), ExprError> {
    let tokens = tokenize(text)?;
    let mut p = Parser {
        tokens,
        pos: 0,
        calls: Vec::new(),
        src: text,
    };
    let expr = p.parse_top()?;
    Ok((expr, p.calls))
}

struct Parser<'s> {
    tokens: Vec<Token>,
    pos: usize,
    calls: Vec<CallSite>,
    src: &'s str,
}

/// An expression with the depth of its tree.
type Parsed = (Expr, u32);

impl Parser<'_> {
    fn peek(&self) -> &Tok {
        self.peek_at(0)
    }

    fn peek_at(&self, ahead: usize) -> &Tok {
        let last = self.tokens.len() - 1;
        &self.tokens[(self.pos + ahead).min(last)].tok
    }

    fn offset(&self) -> usize {
        let last = self.tokens.len() - 1;
        self.tokens[self.pos.min(last)].offset
    }

    fn bump(&mut self) -> Tok {
        let t = self.peek().clone();
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
        t
    }

    fn eat(&mut self, p: Punct) -> bool {
        if *self.peek() == Tok::Punct(p) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, p: Punct) -> Result<(), ExprError> {
        if self.eat(p) {
            Ok(())
        } else {
            Err(self.unexpected(&format!("expected `{}`", p.as_str())))
        }
    }

    fn unexpected(&self, context: &str) -> ExprError {
        let found = match self.peek() {
            Tok::Eof => "end of expression".to_string(),
            Tok::Num(_) => "a number".to_string(),
            Tok::Str(_) => "a string".to_string(),
            Tok::Word(w) => format!("`{w}`"),
            Tok::Punct(p) => format!("`{}`", p.as_str()),
        };
        ExprError::new(self.offset(), format!("{context}, found {found}"))
    }

    fn check_depth(&self, depth: u32) -> Result<u32, ExprError> {
        if depth > MAX_DEPTH {
            Err(ExprError::new(
                self.offset(),
                "expression is nested too deeply",
            ))
        } else {
            Ok(depth)
        }
    }

    /// Whole expression text: an expression, or an object body without braces.
    fn parse_top(&mut self) -> Result<Expr, ExprError> {
        if *self.peek() == Tok::Eof {
            return Err(ExprError::new(self.offset(), "empty expression"));
        }
        let object_body = *self.peek() == Tok::Punct(Punct::Ellipsis)
            || (matches!(self.peek(), Tok::Word(_) | Tok::Str(_) | Tok::Num(_))
                && *self.peek_at(1) == Tok::Punct(Punct::Colon));
        let expr = if object_body {
            self.parse_object_body(Tok::Eof, 0)?.0
        } else {
            let start = self.pos;
            let calls = self.calls.len();
            let (expr, _) = self.parse_cond(0)?;
            if *self.peek() == Tok::Punct(Punct::Comma) {
                // `{{a, b}}`: shorthand object without braces. Reparse as such.
                self.pos = start;
                self.calls.truncate(calls);
                self.parse_object_body(Tok::Eof, 0)?.0
            } else {
                expr
            }
        };
        if *self.peek() != Tok::Eof {
            return Err(self.unexpected("expected end of expression"));
        }
        Ok(expr)
    }

    fn parse_cond(&mut self, depth: u32) -> Result<Parsed, ExprError> {
        let depth = self.check_depth(depth + 1)?;
        let (test, d0) = self.parse_binary(0, depth)?;
        if !self.eat(Punct::Question) {
            return Ok((test, d0));
        }
        let (then, d1) = self.parse_cond(depth)?;
        self.expect(Punct::Colon)?;
        let (other, d2) = self.parse_cond(depth)?;
        let d = self.check_depth(d0.max(d1).max(d2) + 1)?;
        Ok((
            Expr::Cond(Box::new(test), Box::new(then), Box::new(other)),
            d,
        ))
    }

    /// Precedence climbing over the binary and logical operators, all left-associative.
    fn parse_binary(&mut self, min_prec: u8, depth: u32) -> Result<Parsed, ExprError> {
        let (mut lhs, mut d) = self.parse_unary(depth)?;
        while let Tok::Punct(p) = *self.peek() {
            let Some((prec, op)) = binary_op(p).filter(|(prec, _)| *prec >= min_prec) else {
                break;
            };
            self.bump();
            let (rhs, rd) = self.parse_binary(prec + 1, depth)?;
            d = self.check_depth(d.max(rd) + 1)?;
            lhs = match op {
                Op::Binary(b) => Expr::Binary(b, Box::new(lhs), Box::new(rhs)),
                Op::Logical(l) => Expr::Logical(l, Box::new(lhs), Box::new(rhs)),
            };
        }
        Ok((lhs, d))
    }

    fn parse_unary(&mut self, depth: u32) -> Result<Parsed, ExprError> {
        let depth = self.check_depth(depth + 1)?;
        let op = match self.peek() {
            Tok::Punct(Punct::Not) => Some(UnaryOp::Not),
            Tok::Punct(Punct::Minus) => Some(UnaryOp::Neg),
            Tok::Punct(Punct::Plus) => Some(UnaryOp::Plus),
            Tok::Word(w) if w == "typeof" => Some(UnaryOp::TypeOf),
            _ => None,
        };
        let Some(op) = op else {
            return self.parse_postfix(depth);
        };
        self.bump();
        let (operand, d) = self.parse_unary(depth)?;
        Ok((Expr::Unary(op, Box::new(operand)), self.check_depth(d + 1)?))
    }

    fn parse_postfix(&mut self, depth: u32) -> Result<Parsed, ExprError> {
        let start = self.offset();
        let (mut expr, mut d) = self.parse_primary(depth)?;
        loop {
            if self.eat(Punct::Dot) {
                let Tok::Word(name) = self.peek().clone() else {
                    return Err(self.unexpected("expected a property name after `.`"));
                };
                self.bump();
                expr = Expr::Member(Box::new(expr), Prop::Name(name));
            } else if self.eat(Punct::LBracket) {
                let (key, kd) = self.parse_cond(depth)?;
                self.expect(Punct::RBracket)?;
                d = d.max(kd);
                let prop = match key {
                    Expr::Lit(Lit::Str(s)) => Prop::Name(s),
                    Expr::Lit(Lit::Num(n)) if n >= 0.0 && n.fract() == 0.0 && n < 4294967295.0 => {
                        Prop::Index(n as usize)
                    }
                    other => Prop::Computed(Box::new(other)),
                };
                expr = Expr::Member(Box::new(expr), prop);
            } else if *self.peek() == Tok::Punct(Punct::LParen) {
                let callee_end = self.offset();
                self.bump();
                let mut args = Vec::new();
                while !self.eat(Punct::RParen) {
                    let (arg, ad) = self.parse_cond(depth)?;
                    d = d.max(ad);
                    args.push(arg);
                    if !self.eat(Punct::Comma) {
                        self.expect(Punct::RParen)?;
                        break;
                    }
                }
                self.calls
                    .push(call_site(&expr, start, &self.src[start..callee_end]));
                expr = Expr::Call(Box::new(expr), args);
            } else {
                break;
            }
            d = self.check_depth(d + 1)?;
        }
        Ok((expr, d))
    }

    fn parse_primary(&mut self, depth: u32) -> Result<Parsed, ExprError> {
        let at = self.offset();
        let tok = self.peek().clone();
        if matches!(tok, Tok::Eof | Tok::Punct(_))
            && !matches!(
                tok,
                Tok::Punct(Punct::LParen | Punct::LBracket | Punct::LBrace)
            )
        {
            return Err(self.unexpected("expected a value"));
        }
        self.bump();
        match tok {
            Tok::Num(n) => Ok((Expr::Lit(Lit::Num(n)), 1)),
            Tok::Str(s) => Ok((Expr::Lit(Lit::Str(s)), 1)),
            Tok::Word(w) => {
                let expr = match w.as_str() {
                    "true" => Expr::Lit(Lit::Bool(true)),
                    "false" => Expr::Lit(Lit::Bool(false)),
                    "null" => Expr::Lit(Lit::Null),
                    "undefined" => Expr::Lit(Lit::Undefined),
                    "new" | "function" | "class" | "this" | "delete" | "void" | "in"
                    | "instanceof" | "var" | "let" | "const" | "return" | "await" | "yield" => {
                        return Err(ExprError::new(
                            at,
                            format!("`{w}` is not allowed in a template expression"),
                        ))
                    }
                    _ => Expr::Ident(w),
                };
                Ok((expr, 1))
            }
            Tok::Punct(Punct::LParen) => {
                let inner = self.parse_cond(depth)?;
                if *self.peek() == Tok::Punct(Punct::Comma) {
                    return Err(ExprError::new(
                        self.offset(),
                        "comma sequences are not allowed in a template expression",
                    ));
                }
                self.expect(Punct::RParen)?;
                Ok(inner)
            }
            Tok::Punct(Punct::LBracket) => self.parse_array(depth),
            _ => self.parse_object_body(Tok::Punct(Punct::RBrace), depth),
        }
    }

    fn parse_array(&mut self, depth: u32) -> Result<Parsed, ExprError> {
        let mut items = Vec::new();
        let mut d = 1;
        while !self.eat(Punct::RBracket) {
            let spread = self.eat(Punct::Ellipsis);
            let (e, ed) = self.parse_cond(depth)?;
            d = d.max(ed + 1);
            items.push(if spread {
                ArrayItem::Spread(e)
            } else {
                ArrayItem::Item(e)
            });
            if !self.eat(Punct::Comma) {
                self.expect(Punct::RBracket)?;
                break;
            }
        }
        Ok((Expr::Array(items), self.check_depth(d)?))
    }

    /// Object members up to `end` (`}` or the end of the text), the opening brace consumed.
    fn parse_object_body(&mut self, end: Tok, depth: u32) -> Result<Parsed, ExprError> {
        let mut items = Vec::new();
        let mut d = 1;
        while *self.peek() != end {
            if self.eat(Punct::Ellipsis) {
                let (e, ed) = self.parse_cond(depth)?;
                d = d.max(ed + 1);
                items.push(ObjectItem::Spread(e));
            } else {
                let (key, is_word) = match self.peek().clone() {
                    Tok::Word(w) => (w, true),
                    Tok::Str(s) => (s, false),
                    Tok::Num(n) => (crate::number::number_to_string(n), false),
                    _ => return Err(self.unexpected("expected a property name")),
                };
                self.bump();
                if self.eat(Punct::Colon) {
                    let (e, ed) = self.parse_cond(depth)?;
                    d = d.max(ed + 1);
                    items.push(ObjectItem::Prop(key, e));
                } else if is_word {
                    items.push(ObjectItem::Prop(key.clone(), Expr::Ident(key)));
                } else {
                    return Err(self.unexpected("expected `:`"));
                }
            }
            if !self.eat(Punct::Comma) {
                break;
            }
        }
        if end == Tok::Punct(Punct::RBrace) {
            self.expect(Punct::RBrace)?;
        } else if *self.peek() != end {
            return Err(self.unexpected("expected `,`"));
        }
        Ok((Expr::Object(items), self.check_depth(d)?))
    }
}

enum Op {
    Binary(BinaryOp),
    Logical(LogicalOp),
}

/// JS precedence, low to high. `??` shares the level of `||` (JS forbids mixing them
/// without parentheses; templates in the wild do not, so accept it).
fn binary_op(p: Punct) -> Option<(u8, Op)> {
    Some(match p {
        Punct::QuestionQuestion => (1, Op::Logical(LogicalOp::Nullish)),
        Punct::OrOr => (1, Op::Logical(LogicalOp::Or)),
        Punct::AndAnd => (2, Op::Logical(LogicalOp::And)),
        Punct::EqEq => (3, Op::Binary(BinaryOp::LooseEq)),
        Punct::NotEq => (3, Op::Binary(BinaryOp::LooseNe)),
        Punct::EqEqEq => (3, Op::Binary(BinaryOp::StrictEq)),
        Punct::NotEqEq => (3, Op::Binary(BinaryOp::StrictNe)),
        Punct::Lt => (4, Op::Binary(BinaryOp::Lt)),
        Punct::Le => (4, Op::Binary(BinaryOp::Le)),
        Punct::Gt => (4, Op::Binary(BinaryOp::Gt)),
        Punct::Ge => (4, Op::Binary(BinaryOp::Ge)),
        Punct::Plus => (5, Op::Binary(BinaryOp::Add)),
        Punct::Minus => (5, Op::Binary(BinaryOp::Sub)),
        Punct::Star => (6, Op::Binary(BinaryOp::Mul)),
        Punct::Slash => (6, Op::Binary(BinaryOp::Div)),
        Punct::Percent => (6, Op::Binary(BinaryOp::Rem)),
        _ => return None,
    })
}

fn call_site(callee: &Expr, offset: usize, text: &str) -> CallSite {
    let module = match callee {
        Expr::Member(obj, Prop::Name(_)) => match obj.as_ref() {
            Expr::Ident(m) => Some(m.clone()),
            _ => None,
        },
        _ => None,
    };
    let text = text.trim();
    let callee = if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text.to_string()
    };
    CallSite {
        offset,
        module,
        callee,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Expr {
        Expr::parse(src).expect(src)
    }

    fn err(src: &str) -> ExprError {
        Expr::parse(src).expect_err(src)
    }

    fn id(n: &str) -> Box<Expr> {
        Box::new(Expr::Ident(n.into()))
    }

    fn num(n: f64) -> Box<Expr> {
        Box::new(Expr::Lit(Lit::Num(n)))
    }

    #[test]
    fn precedence() {
        assert_eq!(
            parse("1 + 2 * 3"),
            Expr::Binary(
                BinaryOp::Add,
                num(1.0),
                Box::new(Expr::Binary(BinaryOp::Mul, num(2.0), num(3.0)))
            )
        );
        assert_eq!(
            parse("a - b - c"),
            Expr::Binary(
                BinaryOp::Sub,
                Box::new(Expr::Binary(BinaryOp::Sub, id("a"), id("b"))),
                id("c")
            )
        );
        assert_eq!(
            parse("a || b && c"),
            Expr::Logical(
                LogicalOp::Or,
                id("a"),
                Box::new(Expr::Logical(LogicalOp::And, id("b"), id("c")))
            )
        );
        assert_eq!(
            parse("a ? b : c ? d : e"),
            Expr::Cond(
                id("a"),
                id("b"),
                Box::new(Expr::Cond(id("c"), id("d"), id("e")))
            )
        );
        assert_eq!(
            parse("-a.b"),
            Expr::Unary(
                UnaryOp::Neg,
                Box::new(Expr::Member(id("a"), Prop::Name("b".into())))
            )
        );
        assert_eq!(parse("typeof x"), Expr::Unary(UnaryOp::TypeOf, id("x")));
    }

    #[test]
    fn members_and_literals() {
        assert_eq!(
            parse("a['k'][0][i].for"),
            Expr::Member(
                Box::new(Expr::Member(
                    Box::new(Expr::Member(
                        Box::new(Expr::Member(id("a"), Prop::Name("k".into()))),
                        Prop::Index(0)
                    )),
                    Prop::Computed(id("i"))
                )),
                Prop::Name("for".into())
            )
        );
        assert_eq!(
            parse("[1, ...x]"),
            Expr::Array(vec![
                ArrayItem::Item(*num(1.0)),
                ArrayItem::Spread(*id("x"))
            ])
        );
        assert_eq!(
            parse("{a: 1, 'b c': x, for: y, d, ...e}"),
            Expr::Object(vec![
                ObjectItem::Prop("a".into(), *num(1.0)),
                ObjectItem::Prop("b c".into(), *id("x")),
                ObjectItem::Prop("for".into(), *id("y")),
                ObjectItem::Prop("d".into(), *id("d")),
                ObjectItem::Spread(*id("e")),
            ])
        );
        assert_eq!(parse("{}"), Expr::Object(vec![]));
        assert_eq!(parse("[]"), Expr::Array(vec![]));
        assert_eq!(
            parse("{a: 1,}"),
            Expr::Object(vec![ObjectItem::Prop("a".into(), *num(1.0))])
        );
    }

    #[test]
    fn object_body_without_braces() {
        let want = Expr::Object(vec![
            ObjectItem::Spread(*id("item")),
            ObjectItem::Prop("a".into(), *id("x")),
        ]);
        assert_eq!(parse("...item, a: x"), want);
        assert_eq!(
            parse("a, b"),
            Expr::Object(vec![
                ObjectItem::Prop("a".into(), *id("a")),
                ObjectItem::Prop("b".into(), *id("b"))
            ])
        );
        assert_eq!(
            parse("a: 1"),
            Expr::Object(vec![ObjectItem::Prop("a".into(), *num(1.0))])
        );
    }

    #[test]
    fn calls_are_recorded() {
        let (e, calls) = parse_expr("m.fmt(a, 2) + price.toFixed(2) + f()").expect("valid");
        assert!(matches!(e, Expr::Binary(..)));
        assert_eq!(calls.len(), 3);
        assert_eq!(
            calls[0],
            CallSite {
                offset: 0,
                module: Some("m".into()),
                callee: "m.fmt".into()
            }
        );
        assert_eq!(calls[1].module.as_deref(), Some("price"));
        assert_eq!(calls[1].offset, 14);
        assert_eq!(
            calls[2],
            CallSite {
                offset: 33,
                module: None,
                callee: "f".into()
            }
        );
    }

    #[test]
    fn errors_point_at_the_problem() {
        assert_eq!(err("").message, "empty expression");
        assert_eq!(err("a +").offset, 3);
        assert_eq!(err("a b").offset, 2);
        assert_eq!(err("(a, b)").offset, 2);
        assert!(err("(a, b)").message.contains("comma"));
        assert!(err("new Date()").message.contains("`new`"));
        assert_eq!(err("a.").offset, 2);
        assert_eq!(err("[1, 2").offset, 5);
        assert_eq!(err("{a: 1").offset, 5);
        assert!(err("a ? b").message.contains("expected `:`"));
        assert!(err("{'a'}").message.contains("expected `:`"));
        assert!(err("a, b c").message.contains("expected `,`"));
        assert!(err("1 ** 2").message.contains("**"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
        assert!(err(&deep).message.contains("nested too deeply"));
        let long = vec!["a"; 5000].join(" + ");
        assert!(err(&long).message.contains("nested too deeply"));
        let unary = "!".repeat(5000) + "a";
        assert!(err(&unary).message.contains("nested too deeply"));
        assert!(Expr::parse(&vec!["a"; 100].join(" + ")).is_ok());
    }
}
