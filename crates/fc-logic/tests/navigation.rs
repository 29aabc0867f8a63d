//! The routing APIs on the logic side: a call only asks the render thread
//! (`ToRender::Navigate`); its callbacks or Promise run on `ToLogic::NavigateDone`; the
//! lifecycle messages call the hooks; `ToLogic::Stack` orders `getCurrentPages()`.

mod common;

use common::{tmp_dir, Harness};
use fc_logic::WindowInfo;
use fc_protocol::{NavOp, PageId, ToLogic, ToRender};
use serde_json::{json, Map};

impl Harness {
    fn start() -> Harness {
        let data = tmp_dir("logic-nav-data");
        Harness::spawn("nav", data, WindowInfo::default()).0
    }

    fn tap(&mut self, page: PageId, handler: &str) -> Vec<ToRender> {
        self.event_with(page, handler, json!({"type": "tap"}))
    }
}

fn navigate(msgs: &[ToRender]) -> (NavOp, String, u32, u64) {
    msgs.iter()
        .find_map(|m| match m {
            ToRender::Navigate {
                op,
                url,
                delta,
                callback,
            } => Some((*op, url.clone(), *delta, *callback)),
            _ => None,
        })
        .expect("a Navigate message")
}

#[test]
fn routing_calls_ask_the_render_thread_and_report_its_answer() {
    let mut h = Harness::start();
    h.send(ToLogic::LoadPage {
        page: 1,
        route: "pages/a/a".into(),
        query: Map::new(),
    });
    h.take_lines();
    let (op, url, _, callback) = navigate(&h.tap(1, "go"));
    assert_eq!((op, url.as_str()), (NavOp::NavigateTo, "/pages/b/b?x=1"));
    assert!(h.take_lines().is_empty(), "nothing runs before the answer");

    // The render thread's side of a navigateTo: hide, stack, load, answer.
    h.send(ToLogic::PageHide { page: 1 });
    h.send(ToLogic::Stack { pages: vec![1, 2] });
    let query = json!({"x": "1"}).as_object().cloned().unwrap_or_default();
    h.send(ToLogic::LoadPage {
        page: 2,
        route: "pages/b/b".into(),
        query,
    });
    h.send(ToLogic::NavigateDone {
        callback,
        result: Ok(()),
    });
    assert_eq!(
        h.take_lines(),
        [
            "a onHide",
            "b onLoad {\"x\":\"1\"}",
            "success navigateTo:ok pages/a/a,pages/b/b",
            "complete navigateTo:ok",
        ]
    );

    // navigateBack: Promise form, delta passed through; a failure rejects.
    let (op, _, delta, callback) = navigate(&h.tap(1, "back"));
    assert_eq!((op, delta), (NavOp::NavigateBack, 3));
    h.send(ToLogic::PageUnload { page: 2 });
    h.send(ToLogic::Stack { pages: vec![1] });
    h.send(ToLogic::PageShow { page: 1 });
    h.send(ToLogic::NavigateDone {
        callback,
        result: Ok(()),
    });
    assert_eq!(
        h.take_lines(),
        ["b onUnload", "a onShow", "resolved navigateBack:ok"]
    );
    let (_, _, _, callback) = navigate(&h.tap(1, "back"));
    h.send(ToLogic::NavigateDone {
        callback,
        result: Err("navigateBack:fail cannot navigate back at first page.".into()),
    });
    assert_eq!(
        h.take_lines(),
        ["rejected navigateBack:fail cannot navigate back at first page."]
    );
}

#[test]
fn a_url_that_is_not_a_string_fails_without_asking() {
    let mut h = Harness::start();
    h.send(ToLogic::LoadPage {
        page: 1,
        route: "pages/a/a".into(),
        query: Map::new(),
    });
    h.take_lines();
    let msgs = h.tap(1, "nourl");
    assert!(
        !msgs.iter().any(|m| matches!(m, ToRender::Navigate { .. })),
        "{msgs:?}"
    );
    assert_eq!(
        h.take_lines(),
        [
            "after the call",
            "redirectTo:fail parameter error: parameter.url should be String instead of Number;",
        ]
    );
}
