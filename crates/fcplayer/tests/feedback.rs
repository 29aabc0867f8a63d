//! End to end: the interaction APIs (api.md §3) on the `ui-feedback` fixture — modal and
//! action sheet answered through the frame selectors `#fc-modal-confirm`,
//! `#fc-modal-cancel`, `#fc-actionsheet-N`, `#fc-actionsheet-cancel`, in callback and
//! Promise form, the parameter errMsgs, toasts and loading boxes, and reference images of a
//! modal and a toast.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

fn play(dir: &Path, name: &str, steps: &str) -> Command {
    shot_with_steps(&fixture("ui-feedback"), dir, name, steps)
}

fn console(name: &str, steps: &str) -> String {
    console_of(&fixture("ui-feedback"), name, steps)
}

#[test]
fn modal_confirm_and_cancel_answer_success() {
    let out = console(
        "ui-modal",
        "tap #modal\ntap #fc-modal-confirm\ntap #modal\ntap #fc-modal-cancel\n\
         tap #modal-promise\ntap #fc-modal-confirm\n",
    );
    assert_eq!(
        out,
        concat!(
            "modal success {\"errMsg\":\"showModal:ok\",\"confirm\":true,\"cancel\":false}\n",
            "modal complete\n",
            "modal success {\"errMsg\":\"showModal:ok\",\"confirm\":false,\"cancel\":true}\n",
            "modal complete\n",
            "modal resolved {\"errMsg\":\"showModal:ok\",\"confirm\":true,\"cancel\":false}\n",
        )
    );
}

#[test]
fn modal_without_cancel_has_no_cancel_selector() {
    let dir = scratch("ui-modal-nocancel");
    let out = play(&dir, "s", "tap #modal-promise\ntap #fc-modal-cancel\n")
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("#fc-modal-cancel"), "{err}");
}

#[test]
fn action_sheet_taps_and_cancel() {
    let out = console(
        "ui-sheet",
        "tap #sheet\ntap #fc-actionsheet-2\ntap #sheet\ntap #fc-actionsheet-cancel\n\
         tap #sheet-promise\ntap #fc-actionsheet-0\ntap #sheet-promise\ntap #fc-actionsheet-cancel\n",
    );
    assert_eq!(
        out,
        concat!(
            "sheet success {\"errMsg\":\"showActionSheet:ok\",\"tapIndex\":2}\n",
            "sheet fail {\"errMsg\":\"showActionSheet:fail cancel\"}\n",
            "sheet resolved {\"errMsg\":\"showActionSheet:ok\",\"tapIndex\":0}\n",
            "sheet rejected {\"errMsg\":\"showActionSheet:fail cancel\"}\n",
        )
    );
}

#[test]
fn toasts_and_loading_succeed_at_once_and_bad_parameters_fail() {
    let out = console("ui-toast", "tap #toast\nwait 400\ntap #bad\n");
    assert_eq!(
        out,
        concat!(
            "toast {\"errMsg\":\"showToast:ok\"}\n",
            "loading {\"errMsg\":\"showLoading:ok\"}\n",
            "hideLoading {\"errMsg\":\"hideLoading:ok\"}\n",
            "toast2 {\"errMsg\":\"showToast:ok\"}\n",
            "too many {\"errMsg\":\"showActionSheet:fail parameter error: parameter.itemList should not be large than 6\"}\n",
            "not array {\"errMsg\":\"showActionSheet:fail parameter error: parameter.itemList should be Array;\"}\n",
            "no title {\"errMsg\":\"showToast:fail parameter error: parameter.title should be String instead of Undefined;\"}\n",
        )
    );
}

#[test]
fn the_mask_takes_the_tap_and_cancels_the_sheet() {
    let out = console("ui-mask", "tap #sheet\ntap #count\ntap #count\n");
    assert_eq!(
        out,
        "sheet fail {\"errMsg\":\"showActionSheet:fail cancel\"}\ntaps 1\n"
    );
}

#[test]
fn modal_and_toast_match_reference_images() {
    let dir = scratch("ui-images");
    let refs = fixture("ui-feedback");
    let modal = dir.join("modal.png");
    let toast = dir.join("toast.png");
    let steps = format!(
        "tap #modal\nshot {}\ntap #fc-modal-confirm\ntap #toast\nshot {}\n",
        modal.display(),
        toast.display()
    );
    run_ok(&mut play(&dir, "images", &steps));
    assert_image_matches(&modal, &refs.join("modal.png"), 24, 200);
    assert_image_matches(&toast, &refs.join("toast.png"), 24, 200);
}
