//! Which tags the player knows. A tag it does not know renders as a plain container with its
//! children (the UA sheet leaves it `display: inline`), as a browser treats an unknown
//! element; a few host features (`ad`, `open-data`, `official-account`) render nothing. Both
//! get one warning per tag name per page, at the first use, and never an error: real
//! mini-programs carry tags a player cannot honour and should still show everything else.

use crate::link::{for_each_element, Program};
use crate::tree::Element;
use fc_protocol::Diagnostic;

/// The basic components of `spec/components.md` and the template language's own tags.
const KNOWN: &[&str] = &[
    "view",
    "text",
    "button",
    "image",
    "input",
    "textarea",
    "scroll-view",
    "swiper",
    "swiper-item",
    "switch",
    "slider",
    "checkbox",
    "checkbox-group",
    "radio",
    "radio-group",
    "progress",
    "icon",
    "navigator",
    "picker",
    "rich-text",
    "label",
    "form",
    // The template language.
    "block",
    "template",
    "import",
    "include",
    "slot",
];

/// Host features a desktop player cannot provide: they render nothing.
pub const RENDER_NOTHING: &[&str] = &["ad", "open-data", "official-account"];

/// True when `tag` renders nothing at all.
pub fn renders_nothing(tag: &str) -> bool {
    RENDER_NOTHING.contains(&tag)
}

fn is_known(tag: &str) -> bool {
    // `<wxs>`, `<fxs>`, … never get here: linking takes them out.
    KNOWN.contains(&tag)
}

/// Adds one warning per unknown (or render-nothing) tag name across the whole program.
pub(crate) fn check_tags(program: &mut Program) {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for f in &program.files {
        let mut visit = |e: &Element| {
            if is_known(&e.tag) || seen.contains(&e.tag) {
                return;
            }
            seen.push(e.tag.clone());
            let msg = if renders_nothing(&e.tag) {
                format!(
                    "`<{}>` is a host feature fcplayer does not provide: it renders nothing",
                    e.tag
                )
            } else {
                format!(
                    "unknown tag `<{}>`: rendered as a plain container of its children",
                    e.tag
                )
            };
            out.push(Diagnostic::warning(
                f.path.clone(),
                e.pos.line,
                e.pos.col,
                msg,
            ));
        };
        for_each_element(&f.roots, &mut visit);
        for d in &f.definitions {
            for_each_element(&d.children, &mut visit);
        }
    }
    program.diagnostics.extend(out);
}
