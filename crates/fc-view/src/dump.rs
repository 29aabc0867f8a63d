//! The `dump` text of a page: one node per line, indented, tag#id.class, box, text.

use crate::tree::{NodeId, NodeKind, Tree};
use fc_style::{Display, WhiteSpace};
use std::fmt::Write;

/// Text as white-space processing leaves it: with `normal`/`nowrap`, runs of whitespace
/// become one space and the ends are trimmed; with `pre*` it is kept as written.
pub fn display_text(text: &str, white_space: WhiteSpace) -> String {
    match white_space {
        WhiteSpace::Normal | WhiteSpace::NoWrap => {
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        }
        _ => text.to_string(),
    }
}

fn num(v: f32) -> String {
    let r = (v * 100.0).round() / 100.0;
    let s = format!("{r:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Writes the tree below `root` (fragments flattened, `display:none` nodes skipped).
/// Boxes are where they are drawn: window coordinates, scroll offsets applied (`scroll.rs`).
pub fn dump_tree(tree: &Tree, out: &mut String) {
    write_node(tree, tree.root(), 0, [0.0; 2], &|_| None, out);
}

/// What an edit field shows and where, for [`dump_tree_with`].
pub type FieldText<'a> = &'a dyn Fn(NodeId) -> Option<(String, [f32; 4])>;

/// [`dump_tree`] where `field` gives an `input`/`textarea` element's current text and its
/// box (laid out, before scrolling): written as the element's text line (nothing when the
/// text is empty).
pub fn dump_tree_with(tree: &Tree, field: FieldText<'_>, out: &mut String) {
    write_node(tree, tree.root(), 0, [0.0; 2], field, out);
}

fn write_text(out: &mut String, indent: &str, shown: &str, rect: &str) {
    let _ = writeln!(
        out,
        "{indent}\"{}\" {rect}",
        shown
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    );
}

/// A box moved by the scroll offsets `off`, as text.
fn rect_text([x, y, w, h]: [f32; 4], off: [f32; 2]) -> String {
    let (x, y) = (x - off[0], y - off[1]);
    format!("[{},{},{},{}]", num(x), num(y), num(w), num(h))
}

/// `off`: the scroll offsets of the ancestors (reset at a `position: fixed` box).
fn write_node(
    tree: &Tree,
    id: NodeId,
    depth: usize,
    off: [f32; 2],
    field: FieldText<'_>,
    out: &mut String,
) {
    let Some(node) = tree.get(id) else { return };
    if node.style.display == Display::None && !matches!(node.kind, NodeKind::Root) {
        return;
    }
    // Generated `::before`/`::after` boxes are not part of the page's tree.
    if tree.is_generated(id) {
        return;
    }
    let off = if node.style.position == fc_style::Position::Fixed {
        [0.0; 2]
    } else {
        off
    };
    let indent = "  ".repeat(depth);
    let rect = rect_text(node.rect, off);
    match &node.kind {
        NodeKind::Root => {
            let _ = writeln!(out, "{indent}page {rect}");
        }
        NodeKind::Element(e) => {
            let mut head = e.tag.to_string();
            if let Some(i) = &e.id {
                head.push('#');
                head.push_str(i);
            }
            for c in e.classes.iter() {
                head.push('.');
                head.push_str(c);
            }
            let _ = writeln!(out, "{indent}{head} {rect}");
            if let Some((text, r)) = field(id).filter(|(t, _)| !t.is_empty()) {
                write_text(out, &format!("{indent}  "), &text, &rect_text(r, off));
            }
        }
        NodeKind::Text(t) => {
            let shown = display_text(t, node.style.white_space);
            if shown.is_empty() {
                return;
            }
            write_text(out, &indent, &shown, &rect);
            return;
        }
        NodeKind::Fragment => {}
    }
    let inner = [off[0] + node.scroll[0], off[1] + node.scroll[1]];
    for c in tree.flat_children(id) {
        write_node(tree, c, depth + 1, inner, field, out);
    }
}
