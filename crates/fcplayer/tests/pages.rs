//! End to end: pages and navigation (logic.md §5, api.md §4). The `demos/todo` app (storage,
//! a detail page opened with a query, back), the routing APIs with their lifecycle order and
//! failures (fixture `nav-routes`, whose pages log every hook as `<page> <hook>`), the
//! 10-page limit, the tab bar, the navigation bar's back arrow, `<navigator>`, the
//! navigation-bar and tab-bar APIs, and the frame's rendering against reference images.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const MAX_CHANNEL: u8 = 24;
const MAX_PIXELS: usize = 200;

fn repo_app(path: &str) -> PathBuf {
    repo().join(path)
}

/// `shot APP` at scale 1 with a scenario written from `steps`, on `data`.
fn play(app: &Path, dir: &Path, data: &Path, name: &str, steps: &str) -> Command {
    play_at("1", app, dir, data, name, steps)
}

fn play_at(scale: &str, app: &Path, dir: &Path, data: &Path, name: &str, steps: &str) -> Command {
    let scenario = dir.join(format!("{name}.txt"));
    std::fs::write(&scenario, steps).expect("scenario");
    let mut cmd = fcplayer();
    cmd.arg("shot")
        .arg(app)
        .arg("--out")
        .arg(dir.join(format!("{name}.png")))
        .args(["--scale", scale])
        .arg("--data-dir")
        .arg(data)
        .arg("--scenario")
        .arg(scenario);
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8_lossy(&run_ok(cmd).stdout).into_owned()
}

/// Runs `steps` on the nav-routes fixture; returns stdout without the launch lines.
fn routes(name: &str, steps: &str) -> String {
    let dir = scratch(name);
    let out = stdout(&mut play(
        &fixture("nav-routes"),
        &dir,
        &dir.join("data"),
        name,
        steps,
    ));
    let launch = "app onLaunch pages/home/home\napp onShow\nhome onLoad {} [home]\nhome onShow\nhome onReady\n";
    assert!(out.starts_with(launch), "{out}");
    out[launch.len()..].to_string()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn todo_items_are_added_kept_across_runs_and_opened_in_detail() {
    let dir = scratch("pages-todo");
    let data = dir.join("data");
    let app = repo_app("demos/todo");
    let (detail, list) = (dir.join("detail.txt"), dir.join("list.txt"));
    let steps = format!(
        "tap #add\ntap #add\ntap #add\ntap #item-2\ndump {}\ntap #toggle\ntap #fc-nav-back\ndump {}\n",
        detail.display(),
        list.display()
    );
    let first = stdout(&mut play(&app, &dir, &data, "first", &steps));
    assert_eq!(
        first,
        concat!(
            "todo: launched with 0 items\n",
            "added 1: Item 1\n",
            "added 2: Item 2\n",
            "added 3: Item 3\n",
            "detail query {\"id\":\"2\"}\n",
        )
    );
    let detail = read(&detail);
    assert!(detail.contains("\"Item 2\""), "{detail}");
    assert!(detail.contains("#2 · to do"), "{detail}");
    let list = read(&list);
    for shown in ["\"Item 1\"", "\"Item 2\"", "\"Item 3\"", "3 items, 2 left"] {
        assert!(
            list.contains(shown),
            "back shows the list: `{shown}`\n{list}"
        );
    }
    assert!(list.contains("view#item-2.item.done"), "{list}");

    // A second run on the same data folder shows the items.
    let again = dir.join("again.txt");
    let second = stdout(&mut play(
        &app,
        &dir,
        &data,
        "second",
        &format!("dump {}\n", again.display()),
    ));
    assert_eq!(second, "todo: launched with 3 items\n");
    let again = read(&again);
    for shown in ["\"Item 1\"", "\"Item 3\"", "3 items, 2 left"] {
        assert!(again.contains(shown), "`{shown}` after restart\n{again}");
    }
}

#[test]
fn navigate_to_and_back_run_hooks_in_platform_order() {
    let out = routes("pages-order", "tap #toB\nback\nback\n");
    assert_eq!(
        out,
        concat!(
            "navigateTo returned\n",
            "home onHide\n",
            "b onLoad {\"x\":\"1\",\"flag\":\"undefined\",\"s\":\"hello\"} [home,b]\n",
            "b onShow\n",
            "navigateTo success navigateTo:ok\n",
            "navigateTo complete navigateTo:ok\n",
            "b onReady\n",
            "b onUnload\n",
            "home onShow\n",
        ),
        "the second `back`, on the first page, does nothing"
    );
}

#[test]
fn routing_failures_answer_with_the_platform_errmsg() {
    let out = routes("pages-fail", "tap #fails\n");
    for line in [
        "to tab fail navigateTo:fail can not navigateTo a tabbar page",
        "to tab complete navigateTo:fail can not navigateTo a tabbar page",
        "to missing fail navigateTo:fail page \"pages/nope/nope\" is not found",
        "redirect tab fail redirectTo:fail can not redirectTo a tabbar page",
        "switch non-tab fail switchTab:fail can not switch to no-tabBar page",
        "back at first fail navigateBack:fail cannot navigate back at first page.",
        "no url fail navigateTo:fail parameter error: parameter.url should be String instead of Undefined;",
        "relaunch missing fail reLaunch:fail page \"pages/home/nope\" is not found",
        "promise rejected navigateTo:fail can not navigateTo a tabbar page",
    ] {
        assert!(out.contains(&format!("{line}\n")), "missing `{line}`:\n{out}");
    }
    assert!(!out.contains("success"), "{out}");
    assert!(!out.contains("onHide"), "no route happened:\n{out}");
}

#[test]
fn the_stack_holds_at_most_ten_pages() {
    let out = routes("pages-limit", "tap #chain\nwait 100\n");
    assert!(
        out.ends_with("chain stops at 10: navigateTo:fail webview count limit exceed\n"),
        "{out}"
    );
}

#[test]
fn redirect_relaunch_navigator_and_delta_beyond_the_stack() {
    let out = routes(
        "pages-routes",
        "tap #nav\ntap #up\ntap #toB\ntap #redirect\ntap #fc-nav-back\ntap #toB\ntap #back\n",
    );
    assert_eq!(
        out,
        concat!(
            // <navigator url="../c/c?from=navigator"> (relative URL), then open-type=navigateBack.
            "home onHide\n",
            "c onLoad {\"from\":\"navigator\"} [home,c]\n",
            "c onShow\n",
            "c onReady\n",
            "c onUnload\n",
            "home onShow\n",
            // navigateTo b, then redirectTo c: b is unloaded, c replaces it.
            "navigateTo returned\n",
            "home onHide\n",
            "b onLoad {\"x\":\"1\",\"flag\":\"undefined\",\"s\":\"hello\"} [home,b]\n",
            "b onShow\n",
            "navigateTo success navigateTo:ok\n",
            "navigateTo complete navigateTo:ok\n",
            "b onReady\n",
            "b onUnload\n",
            "c onLoad {\"y\":\"2\"} [home,c]\n",
            "c onShow\n",
            "redirectTo:ok\n",
            "c onReady\n",
            // The back arrow.
            "c onUnload\n",
            "home onShow\n",
            // navigateBack({delta: 5}) from depth 2 goes to the first page.
            "navigateTo returned\n",
            "home onHide\n",
            "b onLoad {\"x\":\"1\",\"flag\":\"undefined\",\"s\":\"hello\"} [home,b]\n",
            "b onShow\n",
            "navigateTo success navigateTo:ok\n",
            "navigateTo complete navigateTo:ok\n",
            "b onReady\n",
            "b onUnload\n",
            "home onShow\n",
            "navigateBack:ok\n",
        )
    );
    let out = routes(
        "pages-relaunch",
        "tap #toB\ntap #redirect\ntap #relaunch\ntap #back\n",
    );
    assert!(
        out.ends_with(concat!(
            "c onUnload\n",
            "home onUnload\n",
            "b onLoad {\"z\":\"3\"} [b]\n",
            "b onShow\n",
            "reLaunch:ok\n",
            "b onReady\n",
            "navigateBack:fail cannot navigate back at first page.\n",
        )),
        "{out}"
    );
}

#[test]
fn tab_pages_are_created_once_and_kept() {
    let out = routes(
        "pages-tabs",
        "tap #tab2\ntap #toC\ntap #fc-nav-back\ntap #fc-tabbar-0\ntap #fc-tabbar-1\ntap #fc-tabbar-1\n",
    );
    assert_eq!(
        out,
        concat!(
            "home onHide\n",
            "tab2 onLoad {} [tab2]\n",
            "tab2 onShow\n",
            "switchTab switchTab:ok\n",
            "tab2 onReady\n",
            "tab2 onHide\n",
            "c onLoad {} [tab2,c]\n",
            "c onShow\n",
            "c onReady\n",
            "c onUnload\n",
            "tab2 onShow\n",
            // A→B→A: the kept home page only shows; tapping the current tab does nothing.
            "tab2 onHide\n",
            "home onShow\n",
            "home onHide\n",
            "tab2 onShow\n",
        )
    );
}

#[test]
fn frame_selectors_only_match_what_is_drawn() {
    let dir = scratch("pages-frame-sel");
    let out = fcplayer()
        .arg("shot")
        .arg(fixture("nav-routes"))
        .arg("--out")
        .arg(dir.join("x.png"))
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("--scenario")
        .arg({
            let s = dir.join("s.txt");
            std::fs::write(&s, "tap #fc-nav-back\n").expect("scenario");
            s
        })
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no element matches `#fc-nav-back`"), "{err}");
}

#[test]
fn tab_bar_and_navigation_bar_render() {
    let dir = scratch("pages-render");
    let data = dir.join("data");
    let refs = fixture("nav-routes");
    let mut tabs = play_at(
        "2",
        &fixture("nav-routes"),
        &dir,
        &data,
        "tabs",
        "tap #tab2\ntap #badge\ntap #fc-tabbar-0\n",
    );
    let out = stdout(&mut tabs);
    for line in [
        "setTabBarBadge:ok\n",
        "showTabBarRedDot:ok\n",
        "setTabBarBadge:fail parameter error: parameter.index should be Number instead of Undefined;\n",
    ] {
        assert!(out.contains(line), "{line}{out}");
    }
    assert_image_matches(
        &dir.join("tabs.png"),
        &refs.join("tabs.png"),
        MAX_CHANNEL,
        MAX_PIXELS,
    );
    let mut bar = play_at(
        "2",
        &fixture("nav-routes"),
        &dir,
        &data,
        "navbar",
        "tap #toB\ntap #title\n",
    );
    let out = stdout(&mut bar);
    for line in [
        "setNavigationBarTitle:ok\n",
        "setNavigationBarColor:ok\n",
        "setNavigationBarColor:fail invalid frontColor\n",
    ] {
        assert!(out.contains(line), "{line}{out}");
    }
    assert_image_matches(
        &dir.join("navbar.png"),
        &refs.join("navbar.png"),
        MAX_CHANNEL,
        MAX_PIXELS,
    );
}

#[test]
fn navigator_open_types_route_like_their_apis() {
    let out = routes("pages-navigator", "tap #nav\ntap #navRedirect\n");
    assert!(
        out.ends_with(concat!(
            "c onUnload\n",
            "b onLoad {\"via\":\"redirect\"} [home,b]\n",
            "b onShow\n",
            "b onReady\n",
        )),
        "open-type=redirect:\n{out}"
    );
    let out = routes(
        "pages-navigator-tab",
        "tap #nav\ntap #navTab\ntap #toC\ntap #navRelaunch\n",
    );
    assert!(
        out.ends_with(concat!(
            // switchTab from c (stack home, c): c unloaded, home kept hidden.
            "c onUnload\n",
            "tab2 onLoad {} [tab2]\n",
            "tab2 onShow\n",
            "tab2 onReady\n",
            "tab2 onHide\n",
            "c onLoad {} [tab2,c]\n",
            "c onShow\n",
            "c onReady\n",
            // reLaunch: the stack top first, then the kept tab page.
            "c onUnload\n",
            "tab2 onUnload\n",
            "home onUnload\n",
            "c onLoad {\"via\":\"relaunch\"} [c]\n",
            "c onShow\n",
            "c onReady\n",
        )),
        "open-type=switchTab, reLaunch:\n{out}"
    );
}
