//! Native feedback surfaces drawn above the page and the frame (api.md §3), in WeChat's
//! look: the toast / loading box (a dark translucent rounded box in the middle, an icon made
//! of bars), the modal (a dim mask and a white card with title, content and a button row)
//! and the action sheet (rows rising from the bottom, a gap, then a cancel row).
//!
//! The geometry functions ([`modal_layout`], [`sheet_row`]) are what the player hit-tests
//! with, so what is drawn and what is tappable agree.

use crate::build::Frame;
use crate::frame::{bar, shape, unclipped};
use crate::scene::{Item, Quad, Scene};
use crate::stacking::{PaintState, Painter};
use cosmic_text::FontSystem;
use fc_layout::Layouter;
use std::f32::consts::FRAC_PI_4;

/// The toast or loading box (they share one slot).
#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub title: String,
    /// `success`, `error`, `loading` or `none`.
    pub icon: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Modal {
    pub title: String,
    pub content: String,
    pub show_cancel: bool,
    pub cancel_text: String,
    pub cancel_color: [f32; 4],
    pub confirm_text: String,
    pub confirm_color: [f32; 4],
    /// An editable modal's text field (its `content` then shows in the field, not above it).
    pub input: Option<ModalInput>,
}

/// The text field of an editable modal, as it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct ModalInput {
    pub value: String,
    pub placeholder: String,
    /// Byte offset of the caret in `value`.
    pub caret: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActionSheet {
    pub items: Vec<String>,
    pub item_color: [f32; 4],
}

/// What is shown above the page now.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dialogs {
    pub toast: Option<Toast>,
    pub modal: Option<Modal>,
    pub sheet: Option<ActionSheet>,
}

/// Where a modal's parts are, logical px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModalLayout {
    pub card: [f32; 4],
    pub title_y: f32,
    pub content: [f32; 4],
    pub cancel: Option<[f32; 4]>,
    pub confirm: [f32; 4],
    /// An editable modal's text field.
    pub input: Option<[f32; 4]>,
}

const MODAL_BUTTONS: f32 = 56.0;
const SHEET_ROW: f32 = 56.0;
const SHEET_GAP: f32 = 8.0;
const TITLE_SIZE: f32 = 17.0;
const CONTENT_SIZE: f32 = 15.0;
/// An editable modal's text field: its height and inner padding.
const MODAL_INPUT: f32 = 40.0;
const MODAL_INPUT_PAD: f32 = 10.0;

fn modal_width(frame: &Frame) -> f32 {
    (frame.width * 0.85).min(320.0)
}

/// The modal card and its buttons (content wrapped at the card's width).
pub fn modal_layout(fonts: &mut FontSystem, frame: &Frame, modal: &Modal) -> ModalLayout {
    let w = modal_width(frame);
    let inner = w - 48.0;
    let lines = if modal.content.is_empty() || modal.input.is_some() {
        0
    } else {
        shape(fonts, &modal.content, CONTENT_SIZE, false, inner)
            .layout_runs()
            .count()
    };
    let title_h = if modal.title.is_empty() { 0.0 } else { 24.0 };
    let content_h = if modal.input.is_some() {
        MODAL_INPUT
    } else {
        lines as f32 * CONTENT_SIZE * 1.4
    };
    let gap = if title_h > 0.0 && content_h > 0.0 {
        8.0
    } else {
        0.0
    };
    let h = 32.0 + title_h + gap + content_h + 32.0 + MODAL_BUTTONS;
    let x = (frame.width - w) / 2.0;
    let y = (frame.height - h) / 2.0;
    let by = y + h - MODAL_BUTTONS;
    let (cancel, confirm) = if modal.show_cancel {
        (
            Some([x, by, w / 2.0, MODAL_BUTTONS]),
            [x + w / 2.0, by, w / 2.0, MODAL_BUTTONS],
        )
    } else {
        (None, [x, by, w, MODAL_BUTTONS])
    };
    ModalLayout {
        card: [x, y, w, h],
        title_y: y + 32.0,
        content: [x + 24.0, y + 32.0 + title_h + gap, inner, content_h],
        cancel,
        confirm,
        input: modal
            .input
            .as_ref()
            .map(|_| [x + 24.0, y + 32.0 + title_h + gap, inner, content_h]),
    }
}

/// Row `i` of the action sheet (`None`: its cancel row), logical px.
pub fn sheet_row(frame: &Frame, sheet: &ActionSheet, i: Option<usize>) -> Option<[f32; 4]> {
    let n = sheet.items.len() as f32;
    let top = frame.height - n * SHEET_ROW - SHEET_GAP - SHEET_ROW;
    match i {
        Some(i) if i < sheet.items.len() => {
            Some([0.0, top + i as f32 * SHEET_ROW, frame.width, SHEET_ROW])
        }
        Some(_) => None,
        None => Some([0.0, frame.height - SHEET_ROW, frame.width, SHEET_ROW]),
    }
}

fn rect(scene: &mut Scene, scale: f32, r: [f32; 4], color: [f32; 4], radius: [f32; 4]) {
    let mut q = Quad::filled(r.map(|v| v * scale), color);
    q.corner_radii = radius.map(|v| v * scale);
    scene.items.push(Item::Quad(q));
}

/// Text at `r`'s top, centred across its width, wrapping there.
fn label(
    scene: &mut Scene,
    layouter: &mut Layouter,
    frame: &Frame,
    (s, size, bold): (&str, f32, bool),
    r: [f32; 4],
    color: [f32; 4],
) {
    let buf = shape(&mut layouter.fonts, s, size, bold, r[2]);
    let mut p = Painter {
        scene,
        scale: frame.scale,
        layouter,
        page_clip: [
            0.0,
            0.0,
            frame.width * frame.scale,
            frame.height * frame.scale,
        ],
        extents: None,
    };
    p.paint_text(Some(&buf), r, color, unclipped());
}

/// One line of text vertically centred in `r`.
fn centred(
    scene: &mut Scene,
    layouter: &mut Layouter,
    frame: &Frame,
    t: (&str, f32, bool),
    r: [f32; 4],
    color: [f32; 4],
) {
    let h = t.1 * 1.362;
    label(
        scene,
        layouter,
        frame,
        t,
        [r[0], r[1] + (r[3] - h) / 2.0, r[2], h],
        color,
    );
}

/// Paints whatever `dialogs` holds, above everything else.
pub fn paint_dialogs(scene: &mut Scene, layouter: &mut Layouter, frame: &Frame, dialogs: &Dialogs) {
    if let Some(modal) = &dialogs.modal {
        paint_modal(scene, layouter, frame, modal);
    }
    if let Some(sheet) = &dialogs.sheet {
        paint_sheet(scene, layouter, frame, sheet);
    }
    if let Some(toast) = &dialogs.toast {
        paint_toast(scene, layouter, frame, toast);
    }
}

const MASK: [f32; 4] = [0.0, 0.0, 0.0, 0.6];
const HAIRLINE: [f32; 4] = [0.0, 0.0, 0.0, 0.1];

fn paint_modal(scene: &mut Scene, layouter: &mut Layouter, frame: &Frame, modal: &Modal) {
    let s = frame.scale;
    rect(
        scene,
        s,
        [0.0, 0.0, frame.width, frame.height],
        MASK,
        [0.0; 4],
    );
    let l = modal_layout(&mut layouter.fonts, frame, modal);
    rect(scene, s, l.card, [1.0; 4], [12.0; 4]);
    let [x, _, w, _] = l.card;
    if !modal.title.is_empty() {
        let r = [x + 24.0, l.title_y, w - 48.0, 24.0];
        let black = [0.0, 0.0, 0.0, 0.9];
        centred(
            scene,
            layouter,
            frame,
            (&modal.title, TITLE_SIZE, true),
            r,
            black,
        );
    }
    if let (Some(input), Some(r)) = (&modal.input, l.input) {
        paint_modal_input(scene, layouter, frame, input, r);
    } else if !modal.content.is_empty() {
        let grey = if modal.title.is_empty() {
            [0.0, 0.0, 0.0, 0.9]
        } else {
            [0.0, 0.0, 0.0, 0.5]
        };
        label(
            scene,
            layouter,
            frame,
            (&modal.content, CONTENT_SIZE, false),
            l.content,
            grey,
        );
    }
    let line = 1.0 / s;
    rect(scene, s, [x, l.confirm[1], w, line], HAIRLINE, [0.0; 4]);
    if let Some(c) = l.cancel {
        rect(
            scene,
            s,
            [c[0] + c[2], c[1], line, c[3]],
            HAIRLINE,
            [0.0; 4],
        );
        let t = (modal.cancel_text.as_str(), TITLE_SIZE, true);
        centred(scene, layouter, frame, t, c, modal.cancel_color);
    }
    let t = (modal.confirm_text.as_str(), TITLE_SIZE, true);
    centred(scene, layouter, frame, t, l.confirm, modal.confirm_color);
}

/// One left-aligned line of text, not wrapped.
fn shape_line(fonts: &mut FontSystem, text: &str, size: f32) -> cosmic_text::Buffer {
    use cosmic_text::{Attrs, Buffer, Family, Metrics, Shaping, Wrap};
    let mut b = Buffer::new(fonts, Metrics::new(size, size * 1.362));
    b.set_wrap(Wrap::None);
    b.set_size(None, None);
    let attrs = Attrs::new().family(Family::SansSerif);
    b.set_text(text, &attrs, Shaping::Advanced, None);
    b.shape_until_scroll(fonts, false);
    b
}

/// The field of an editable modal: a light box, the value (or the grey placeholder) on one
/// line clipped to the box and scrolled to keep the caret in view, and the caret.
fn paint_modal_input(
    scene: &mut Scene,
    layouter: &mut Layouter,
    frame: &Frame,
    input: &ModalInput,
    r: [f32; 4],
) {
    let s = frame.scale;
    rect(scene, s, r, [0.0, 0.0, 0.0, 0.05], [6.0; 4]);
    let inner = [
        r[0] + MODAL_INPUT_PAD,
        r[1],
        r[2] - 2.0 * MODAL_INPUT_PAD,
        r[3],
    ];
    let (text, color) = if input.value.is_empty() {
        (input.placeholder.as_str(), [0.0, 0.0, 0.0, 0.3])
    } else {
        (input.value.as_str(), [0.0, 0.0, 0.0, 0.9])
    };
    let width = |fonts: &mut FontSystem, t: &str| {
        shape_line(fonts, t, CONTENT_SIZE)
            .layout_runs()
            .map(|run| run.line_w)
            .fold(0.0, f32::max)
    };
    let before = input.value.get(..input.caret).unwrap_or(&input.value);
    let caret_x = width(&mut layouter.fonts, before);
    let scroll = (caret_x + 2.0 - inner[2]).max(0.0);
    let h = CONTENT_SIZE * 1.362;
    let top = r[1] + (r[3] - h) / 2.0;
    let buf = shape_line(&mut layouter.fonts, text, CONTENT_SIZE);
    let clip = crate::scene::Clip::rect(inner.map(|v| v * s));
    let mut p = Painter {
        scene,
        scale: s,
        layouter,
        page_clip: [0.0, 0.0, frame.width * s, frame.height * s],
        extents: None,
    };
    let state = PaintState {
        clip,
        transform: crate::scene::IDENTITY,
    };
    p.paint_text(
        Some(&buf),
        [inner[0] - scroll, top, f32::MAX, h],
        color,
        state,
    );
    let mut caret = Quad::filled(
        [inner[0] + caret_x - scroll, top, 2.0, h].map(|v| (v * s).round()),
        [0.0, 0.0, 0.0, 0.9],
    );
    caret.clip = clip;
    scene.items.push(Item::Quad(caret));
}

fn paint_sheet(scene: &mut Scene, layouter: &mut Layouter, frame: &Frame, sheet: &ActionSheet) {
    let s = frame.scale;
    rect(
        scene,
        s,
        [0.0, 0.0, frame.width, frame.height],
        MASK,
        [0.0; 4],
    );
    let Some(first) = sheet_row(frame, sheet, Some(0)) else {
        return;
    };
    let h = frame.height - first[1];
    rect(
        scene,
        s,
        [0.0, first[1], frame.width, h],
        [0.97, 0.97, 0.97, 1.0],
        [12.0, 12.0, 0.0, 0.0],
    );
    for (i, item) in sheet.items.iter().enumerate() {
        let Some(r) = sheet_row(frame, sheet, Some(i)) else {
            continue;
        };
        let radius = if i == 0 {
            [12.0, 12.0, 0.0, 0.0]
        } else {
            [0.0; 4]
        };
        rect(scene, s, r, [1.0; 4], radius);
        if i > 0 {
            rect(scene, s, [0.0, r[1], r[2], 1.0 / s], HAIRLINE, [0.0; 4]);
        }
        centred(
            scene,
            layouter,
            frame,
            (item, TITLE_SIZE, false),
            r,
            sheet.item_color,
        );
    }
    if let Some(r) = sheet_row(frame, sheet, None) {
        rect(scene, s, r, [1.0; 4], [0.0; 4]);
        let black = [0.0, 0.0, 0.0, 0.9];
        centred(
            scene,
            layouter,
            frame,
            ("取消", TITLE_SIZE, false),
            r,
            black,
        );
    }
}

fn paint_toast(scene: &mut Scene, layouter: &mut Layouter, frame: &Frame, toast: &Toast) {
    let s = frame.scale;
    let bg = [40.0 / 255.0, 40.0 / 255.0, 40.0 / 255.0, 0.75];
    let white = [1.0; 4];
    let (cx, cy) = (frame.width / 2.0, frame.height / 2.0);
    if toast.icon == "none" {
        let w = (toast.title.chars().count() as f32 * 16.0 + 48.0).clamp(80.0, 240.0);
        let lines = shape(&mut layouter.fonts, &toast.title, 16.0, false, w - 48.0)
            .layout_runs()
            .count()
            .clamp(1, 2);
        let h = lines as f32 * 16.0 * 1.362 + 24.0;
        rect(scene, s, [cx - w / 2.0, cy - h / 2.0, w, h], bg, [8.0; 4]);
        let r = [cx - w / 2.0 + 24.0, cy - h / 2.0 + 12.0, w - 48.0, h - 24.0];
        label(
            scene,
            layouter,
            frame,
            (&toast.title, 16.0, false),
            r,
            white,
        );
        return;
    }
    let size = 120.0;
    let (x, y) = (cx - size / 2.0, cy - size / 2.0);
    rect(scene, s, [x, y, size, size], bg, [8.0; 4]);
    let (ix, iy) = (cx, y + 44.0);
    match toast.icon.as_str() {
        "error" => {
            // A circled exclamation mark: a ring, a bar and a dot.
            let mut ring =
                Quad::filled([ix - 20.0, iy - 20.0, 40.0, 40.0].map(|v| v * s), [0.0; 4]);
            ring.border_widths = [3.0 * s; 4];
            ring.border_colors = [white; 4];
            ring.corner_radii = [20.0 * s; 4];
            scene.items.push(Item::Quad(ring));
            bar(
                scene,
                s,
                (ix, iy - 3.0),
                16.0,
                3.0,
                std::f32::consts::FRAC_PI_2,
                white,
            );
            rect(scene, s, [ix - 2.0, iy + 8.0, 4.0, 4.0], white, [2.0; 4]);
        }
        "loading" => {
            // Twelve spokes, fading round the circle.
            for k in 0..12 {
                let a = k as f32 * std::f32::consts::PI / 6.0;
                let (sin, cos) = a.sin_cos();
                let c = [1.0, 1.0, 1.0, 0.25 + 0.75 * k as f32 / 11.0];
                bar(
                    scene,
                    s,
                    (ix + 14.0 * cos, iy + 14.0 * sin),
                    10.0,
                    3.0,
                    a,
                    c,
                );
            }
        }
        _ => {
            // A check mark: a short bar down-right, a long bar up-right.
            bar(scene, s, (ix - 9.0, iy + 4.0), 16.0, 4.0, FRAC_PI_4, white);
            bar(scene, s, (ix + 6.0, iy - 2.0), 30.0, 4.0, -FRAC_PI_4, white);
        }
    }
    let r = [x + 8.0, y + 78.0, size - 16.0, 24.0];
    centred(
        scene,
        layouter,
        frame,
        (&toast.title, 16.0, false),
        r,
        white,
    );
}
