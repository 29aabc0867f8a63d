//! The storage APIs (api.md §2) through the logic thread, over `fixtures/storage`: each page
//! handler exercises some of them and prints what it saw; the console lines are checked.

mod common;

use common::Harness;
use fc_protocol::{ToLogic, ToRender};
use serde_json::json;
use std::path::{Path, PathBuf};

/// A fresh data folder for one test (never the user's own).
fn data_dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("storage-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    d
}

impl Harness {
    /// Starts the thread on `fixtures/storage` and loads its page (page id 1).
    fn start(data_dir: &Path) -> Harness {
        let (mut h, _) = Harness::spawn("storage", data_dir.to_path_buf(), Default::default());
        h.load(1, "pages/index/index", json!({}));
        h
    }

    /// Runs page handler `name`; returns the console lines of its turn (callbacks and
    /// promise reactions included: they run in the turn's jobs) and fails on script errors.
    fn call(&mut self, name: &str) -> Vec<String> {
        let msgs = self.send(ToLogic::Event {
            page: 1,
            handler: name.into(),
            event: json!({"type": "tap", "detail": {}, "currentTarget": {"dataset": {}}}),
        });
        let lines = self.take_lines();
        let errors: Vec<_> = msgs
            .iter()
            .filter(|m| matches!(m, ToRender::ScriptError(_)))
            .collect();
        assert!(errors.is_empty(), "{errors:?}\nlines: {lines:#?}");
        lines
    }
}

#[test]
fn values_keep_their_types_and_come_back_as_copies() {
    let mut h = Harness::start(&data_dir("types"));
    assert_eq!(
        h.call("types"),
        [
            r#"str string "text""#,
            "num number 42",
            "flt number -0.5",
            "yes boolean true",
            "nul object null",
            r#"obj object {"a":{"b":[1,"x"]}}"#,
            r#"arr object [1,[2],{"c":3}]"#,
            "when Date(1700000000123)",
            "bad Date(NaN)",
            "und undefined",
            "fn undefined",
            r#"nested object {"d":"1970-01-01T00:00:00.000Z"}"#,
            r#"fresh {"a":{"b":[1,"x"]}} true"#,
            "bad date true",
        ]
    );
}

#[test]
fn values_survive_a_restart_on_the_same_data_folder() {
    let dir = data_dir("reload");
    {
        let mut h = Harness::start(&dir);
        h.call("types");
    }
    let store = dir.join("fc-logic-storage-test").join("storage.json");
    assert!(
        store.is_file(),
        "kept under the bundle's app id: {}",
        store.display()
    );
    let mut h = Harness::start(&dir);
    assert_eq!(
        h.call("reload"),
        [
            r#"reload number 42 Date(1700000000123) ["str","num","flt","yes","nul","obj","arr","when","bad","und","fn","nested"]"#
        ]
    );
}

#[test]
fn missing_key_reads_as_empty_string_and_removes_quietly() {
    let mut h = Harness::start(&data_dir("missing"));
    assert_eq!(
        h.call("missing"),
        ["missing true string", "remove missing ok"]
    );
}

#[test]
fn sync_remove_clear_and_info() {
    let mut h = Harness::start(&data_dir("sync"));
    assert_eq!(
        h.call("syncRemoveClearInfo"),
        [
            r#"info ["a","b","c"] 1 10240 undefined"#,
            r#"after remove ["a","c"] string """#,
            "after clear [] 0",
        ]
    );
}

#[test]
fn async_callbacks_come_after_the_call_with_err_msgs() {
    let mut h = Harness::start(&data_dir("callbacks"));
    assert_eq!(
        h.call("callbacks"),
        [
            r#"set returned true seen at once {"v":[1,2]}"#,
            "end of handler",
            r#"set success {"errMsg":"setStorage:ok"}"#,
            "set complete setStorage:ok",
            r#"get success {"errMsg":"getStorage:ok","data":{"v":[1,2]}}"#,
            "get complete getStorage:ok",
            r#"get missing fail {"errMsg":"getStorage:fail data not found"}"#,
            "get missing complete getStorage:fail data not found",
            r#"remove missing success {"errMsg":"removeStorage:ok"}"#,
            "remove missing complete removeStorage:ok",
            r#"info success {"errMsg":"getStorageInfo:ok","keys":["k"],"currentSize":1,"limitSize":10240}"#,
            "info complete getStorageInfo:ok",
            r#"remove success {"errMsg":"removeStorage:ok"}"#,
            "remove complete removeStorage:ok",
            r#"clear success {"errMsg":"clearStorage:ok"}"#,
            "clear complete clearStorage:ok",
            "only complete getStorage:fail data not found",
        ]
    );
}

#[test]
fn without_callbacks_the_async_forms_return_promises() {
    let mut h = Harness::start(&data_dir("promises"));
    assert_eq!(
        h.call("promises"),
        [
            "promise true",
            "end of handler",
            "set resolved setStorage:ok",
            "get resolved getStorage:ok number 7",
            "get rejected getStorage:fail data not found",
            r#"info resolved getStorageInfo:ok ["p"] 10240"#,
            "remove resolved removeStorage:ok",
            "clear resolved clearStorage:ok",
        ]
    );
}

#[test]
fn limits_fail_with_the_platform_err_msgs() {
    let mut h = Harness::start(&data_dir("limits"));
    assert_eq!(
        h.call("limits"),
        [
            "sync throws true setStorageSync:fail exceed storage item max length",
            "kept out string \"\"",
            "full 10240",
            "sync total setStorageSync:fail exceed storage max size 10Mb",
            "cleared 0",
            "async setStorage:fail exceed storage item max length",
            // The rejection is settled by a job; its `catch` reaction is one more job later.
            "async total setStorage:fail exceed storage max size 10Mb",
            "promise setStorage:fail exceed storage item max length",
        ]
    );
}

#[test]
fn bad_parameters_fail() {
    let mut h = Harness::start(&data_dir("params"));
    assert_eq!(
        h.call("params"),
        [
            "sync setStorageSync:fail parameter error: parameter.key should be String instead of Number;",
            "sync get getStorageSync:fail parameter error: parameter.key should be String instead of Undefined;",
            "cyclic true",
            "async getStorage:fail parameter error: parameter.key should be String instead of Undefined;",
            "async set setStorage:fail parameter error: parameter.key should be String instead of Array;",
        ]
    );
}

#[test]
fn a_throwing_callback_goes_to_on_error_and_complete_still_runs() {
    let mut h = Harness::start(&data_dir("throwing"));
    let msgs = h.send(ToLogic::Event {
        page: 1,
        handler: "throwing".into(),
        event: json!({"type": "tap"}),
    });
    let errors: Vec<String> = msgs
        .iter()
        .filter_map(|m| match m {
            ToRender::ScriptError(d) => Some(d.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(errors.len(), 1, "{msgs:?}");
    assert!(errors[0].contains("boom in success"), "{}", errors[0]);
    assert!(errors[0].contains("pages/index/index.js"), "{}", errors[0]);
    let lines = h.take_lines();
    assert_eq!(
        lines,
        [
            "onError Error: boom in success",
            "complete still runs setStorage:ok"
        ]
    );
}

#[test]
fn an_unreadable_store_fails_every_call_with_its_reason() {
    let dir = data_dir("corrupt");
    let app = dir.join("fc-logic-storage-test");
    std::fs::create_dir_all(&app).expect("dir");
    std::fs::write(app.join("storage.json"), "{ not json").expect("write");
    let mut h = Harness::start(&dir);
    let msgs = h.send(ToLogic::Event {
        page: 1,
        handler: "reload".into(),
        event: json!({"type": "tap"}),
    });
    let text = format!("{msgs:?}");
    assert!(
        text.contains("getStorageSync:fail") && text.contains("is not a valid storage file"),
        "{text}"
    );
    assert_eq!(
        std::fs::read_to_string(app.join("storage.json")).expect("read"),
        "{ not json",
        "the file is left alone"
    );
}
