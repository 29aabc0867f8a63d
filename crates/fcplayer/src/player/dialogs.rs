//! The feedback surfaces the render thread owns (api.md §3): toast / loading box, modal and
//! action sheet, asked for by `ToRender::Ui`, drawn by `fc_paint::paint_dialogs` above the
//! page, and answered with `ToLogic::UiDone` when the user taps a button.
//!
//! A toast expires on the render side by the wall clock (the scenario's `wait MS` lets it
//! pass). `wait idle` does not wait for it: idle is about the app's turns, timers, patches
//! and frames, and a toast is only a picture until it expires. While a modal or an action
//! sheet is shown (and a toast with `mask: true`) the page gets no touches.
//!
//! Scenario selectors (`tap #fc-…`): `#fc-modal-confirm`, `#fc-modal-cancel`,
//! `#fc-actionsheet-N` (row N from 0) and `#fc-actionsheet-cancel`; an editable modal's
//! field takes every key while it is shown (`input #fc-modal-input TEXT`).

use super::edit::{Accept, Editor};
use super::{Key, Player};
use fc_paint::{ActionSheet, Dialogs, Modal, ModalInput, Toast};
use fc_protocol::{CallbackId, ToLogic, UiRequest};
use serde_json::json;
use std::time::{Duration, Instant};

/// What is shown, with what each surface answers to.
#[derive(Default)]
pub struct UiState {
    shown: Dialogs,
    /// When the toast goes (`None`: a loading box, until `hideLoading`).
    toast_until: Option<Instant>,
    toast_mask: bool,
    modal: Option<CallbackId>,
    /// The text of an editable modal's field.
    modal_editor: Option<Editor>,
    sheet: Option<CallbackId>,
}

fn color(text: &str, default: [f32; 4]) -> [f32; 4] {
    fc_paint::hex_color(text).unwrap_or(default)
}

impl Player {
    /// `ToRender::Ui`.
    pub(super) fn show_ui(&mut self, request: UiRequest, callback: Option<CallbackId>) {
        match request {
            UiRequest::Toast {
                title,
                icon,
                duration_ms,
                mask,
                loading: _,
            } => {
                self.ui.shown.toast = Some(Toast { title, icon });
                self.ui.toast_until =
                    duration_ms.map(|ms| Instant::now() + Duration::from_millis(ms));
                self.ui.toast_mask = mask;
            }
            UiRequest::HideToast { .. } => {
                self.ui.shown.toast = None;
                self.ui.toast_until = None;
            }
            UiRequest::Modal {
                title,
                content,
                show_cancel,
                cancel_text,
                cancel_color,
                confirm_text,
                confirm_color,
                editable,
                placeholder_text,
            } => {
                // A second modal replaces the first, which closes as if its mask was tapped.
                if let Some(old) = self.ui.modal.take() {
                    let result = Ok(json!({"confirm": false, "cancel": false}));
                    self.send(ToLogic::UiDone {
                        callback: old,
                        result,
                    });
                }
                let input = editable.then(|| ModalInput {
                    value: content.clone(),
                    placeholder: placeholder_text,
                    caret: content.len(),
                });
                self.ui.modal_editor = editable.then(|| Editor::new(&content));
                self.ui.shown.modal = Some(Modal {
                    title,
                    content,
                    input,
                    show_cancel,
                    cancel_text,
                    cancel_color: color(&cancel_color, [0.0, 0.0, 0.0, 1.0]),
                    confirm_text,
                    confirm_color: color(
                        &confirm_color,
                        [
                            0x57 as f32 / 255.0,
                            0x6b as f32 / 255.0,
                            0x95 as f32 / 255.0,
                            1.0,
                        ],
                    ),
                });
                self.ui.modal = callback;
            }
            UiRequest::ActionSheet { items, item_color } => {
                if self.ui.sheet.is_some() {
                    self.close_sheet(None);
                }
                self.ui.shown.sheet = Some(ActionSheet {
                    items,
                    item_color: color(&item_color, [0.0, 0.0, 0.0, 1.0]),
                });
                self.ui.sheet = callback;
            }
        }
        self.needs_frame = true;
    }

    /// True when a toast's time is up and a frame must take it away.
    pub(super) fn toast_expired(&self) -> bool {
        self.ui.shown.toast.is_some() && self.ui.toast_until.is_some_and(|t| Instant::now() >= t)
    }

    /// Drops an expired toast and paints what is left above the page.
    pub(super) fn paint_ui(&mut self, frame: &fc_paint::Frame, scene: &mut fc_paint::Scene) {
        if self.toast_expired() {
            self.ui.shown.toast = None;
            self.ui.toast_until = None;
        }
        fc_paint::paint_dialogs(scene, &mut self.layouter, frame, &self.ui.shown);
    }

    fn close_modal(&mut self, confirm: bool) {
        self.ui.shown.modal = None;
        let editor = self.ui.modal_editor.take();
        if let Some(callback) = self.ui.modal.take() {
            let mut result = json!({"confirm": confirm, "cancel": !confirm});
            if let Some(e) = editor {
                result["content"] = json!(e.value());
            }
            let result = Ok(result);
            self.send(ToLogic::UiDone { callback, result });
        }
        self.needs_frame = true;
    }

    /// Row `i` tapped, or `None`: cancelled.
    fn close_sheet(&mut self, i: Option<usize>) {
        self.ui.shown.sheet = None;
        if let Some(callback) = self.ui.sheet.take() {
            let result = match i {
                Some(i) => Ok(json!({ "tapIndex": i })),
                None => Err("showActionSheet:fail cancel".to_string()),
            };
            self.send(ToLogic::UiDone { callback, result });
        }
        self.needs_frame = true;
    }

    /// A touch at (x, y) while a surface is up: handled here (true) or left to the page.
    pub(super) fn ui_touch(&mut self, x: f32, y: f32) -> bool {
        let inside = |r: [f32; 4]| x >= r[0] && x < r[0] + r[2] && y >= r[1] && y < r[1] + r[3];
        let frame = self.frame();
        if let Some(modal) = self.ui.shown.modal.clone() {
            let l = fc_paint::modal_layout(&mut self.layouter.fonts, &frame, &modal);
            if inside(l.confirm) {
                self.close_modal(true);
            } else if l.cancel.is_some_and(inside) {
                self.close_modal(false);
            }
            return true;
        }
        if let Some(sheet) = self.ui.shown.sheet.clone() {
            let row = (0..sheet.items.len())
                .find(|i| fc_paint::sheet_row(&frame, &sheet, Some(*i)).is_some_and(inside));
            match row {
                Some(i) => self.close_sheet(Some(i)),
                None => {
                    // The cancel row, or the mask above the sheet.
                    let first = fc_paint::sheet_row(&frame, &sheet, Some(0));
                    let on_gap = first.is_some_and(|r| y >= r[1])
                        && !fc_paint::sheet_row(&frame, &sheet, None).is_some_and(inside)
                        && y < frame.height - 56.0;
                    if !on_gap {
                        self.close_sheet(None);
                    }
                }
            }
            return true;
        }
        self.ui.shown.toast.is_some() && self.ui.toast_mask
    }

    /// Where a scenario's `tap #fc-modal-…` / `#fc-actionsheet-…` lands, while shown.
    pub fn ui_point(&mut self, sel: &str) -> Option<(f32, f32)> {
        let centre = |r: [f32; 4]| (r[0] + r[2] / 2.0, r[1] + r[3] / 2.0);
        let frame = self.frame();
        if let Some(modal) = self.ui.shown.modal.clone() {
            let l = fc_paint::modal_layout(&mut self.layouter.fonts, &frame, &modal);
            match sel {
                "#fc-modal-confirm" => return Some(centre(l.confirm)),
                "#fc-modal-cancel" => return l.cancel.map(centre),
                _ => {}
            }
        }
        let sheet = self.ui.shown.sheet.as_ref()?;
        let row = match sel.strip_prefix("#fc-actionsheet-")? {
            "cancel" => None,
            n => Some(n.parse().ok()?),
        };
        fc_paint::sheet_row(&frame, sheet, row).map(centre)
    }

    /// A modal or an action sheet is up: the page's fields get no keys.
    pub(super) fn ui_covers_page(&self) -> bool {
        self.ui.shown.modal.is_some() || self.ui.shown.sheet.is_some()
    }

    /// Whether an editable modal is shown (its field takes the keys).
    pub fn modal_editable(&self) -> bool {
        self.ui.shown.modal.is_some() && self.ui.modal_editor.is_some()
    }

    /// A key for an editable modal's field; false when none is shown.
    pub(super) fn modal_key(&mut self, key: &Key) -> bool {
        let Some(e) = self.ui.modal_editor.as_mut() else {
            return false;
        };
        match key {
            Key::Text(t) => {
                e.insert(t, Accept::Any, false, None);
            }
            Key::Backspace => {
                e.backspace();
            }
            Key::Delete => {
                e.delete();
            }
            Key::Left => {
                e.left();
            }
            Key::Right => {
                e.right();
            }
            Key::Home => {
                e.home();
            }
            Key::End => {
                e.end();
            }
            // The platform's modal field is one line; Enter does not answer the modal.
            Key::Enter | Key::Up | Key::Down => {}
        }
        if let Some(input) = self.ui.shown.modal.as_mut().and_then(|m| m.input.as_mut()) {
            input.value = e.value().to_string();
            input.caret = e.caret();
        }
        self.needs_frame = true;
        true
    }
}
