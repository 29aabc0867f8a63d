use super::*;

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("fc-bundle-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("pages/index")).expect("temp dir");
    d
}

fn write_app(d: &Path) {
    std::fs::write(
        d.join("app.json"),
        r#"{"pages":["pages/index/index"],"window":{"navigationBarTitleText":"T"}}"#,
    )
    .expect("write");
    std::fs::write(d.join("pages/index/index.wxml"), "<view/>").expect("write");
    std::fs::write(d.join("pages/index/index.js"), "Page({})").expect("write");
}

#[test]
fn normalizes_and_refuses_escapes() {
    assert_eq!(normalize("/a/./b/../c.js").expect("ok"), "a/c.js");
    assert!(matches!(normalize("../x"), Err(BundleError::Escapes(_))));
    assert!(matches!(
        normalize("a/../../x"),
        Err(BundleError::Escapes(_))
    ));
    assert!(normalize("C:/x").is_err());
    assert!(normalize("a\\..\\..\\x").is_err());
    assert_eq!(
        join_relative("pages/a/a.wxml", "../b/b.wxml").expect("ok"),
        "pages/b/b.wxml"
    );
    assert_eq!(
        join_relative("pages/a/a.wxml", "/t/x.wxml").expect("ok"),
        "t/x.wxml"
    );
    assert!(join_relative("a.wxml", "../../etc/passwd").is_err());
}

#[test]
fn opens_folder_and_finds_either_spelling() {
    let d = temp_dir("dir");
    write_app(&d);
    let b = Bundle::open(&d).expect("opens");
    assert_eq!(b.config().entry_page, "pages/index/index");
    assert_eq!(b.config().window.navigation_bar_title_text, "T");
    assert_eq!(
        b.find_page_file("pages/index/index", PageFile::Template)
            .as_deref(),
        Some("pages/index/index.wxml")
    );
    assert_eq!(b.find_page_file("pages/index/index", PageFile::Style), None);
    assert_eq!(
        b.read_text("/pages/index/index.js").expect("read"),
        "Page({})"
    );
    assert!(matches!(b.read("../secret"), Err(BundleError::Escapes(_))));
    assert!(matches!(b.read("nope.js"), Err(BundleError::NotFound(_))));
}

#[cfg(unix)]
#[test]
fn symlink_out_of_folder_is_refused() {
    let d = temp_dir("link");
    write_app(&d);
    let outside = std::env::temp_dir().join(format!("fc-bundle-outside-{}", std::process::id()));
    std::fs::write(&outside, "secret").expect("write");
    std::os::unix::fs::symlink(&outside, d.join("leak.js")).expect("symlink");
    let b = Bundle::open(&d).expect("opens");
    assert!(matches!(b.read("leak.js"), Err(BundleError::Escapes(_))));
}

#[test]
fn packs_and_opens_fcpkg() {
    let d = temp_dir("pack");
    write_app(&d);
    let out = std::env::temp_dir().join(format!("fc-bundle-{}.fcpkg", std::process::id()));
    assert_eq!(pack_dir(&d, &out).expect("packs"), 3);
    let b = Bundle::open(&out).expect("opens");
    assert_eq!(
        b.read_text("pages/index/index.wxml").expect("read"),
        "<view/>"
    );
    assert!(b.exists("app.json"));
    assert!(!b.exists("../app.json"));
}

#[test]
fn bad_app_json_is_located() {
    let d = temp_dir("badjson");
    std::fs::write(d.join("app.json"), "{\n  \"pages\": [\n    \"a\",\n  ]\n}").expect("write");
    let e = Bundle::open(&d).expect_err("must fail");
    let text = e.to_string();
    assert!(text.starts_with("app.json:4:3:"), "{text}");
    let d2 = temp_dir("nopages");
    std::fs::write(d2.join("app.json"), "{}").expect("write");
    assert!(Bundle::open(&d2)
        .expect_err("must fail")
        .to_string()
        .contains("`pages` is missing"));
}

#[test]
fn garbage_fcpkg_is_an_archive_error() {
    let f = std::env::temp_dir().join(format!("fc-bundle-garbage-{}.fcpkg", std::process::id()));
    std::fs::write(&f, b"not a zip").expect("write");
    assert!(matches!(Bundle::open(&f), Err(BundleError::Archive { .. })));
}

#[test]
fn app_id_from_project_config_else_from_the_name() {
    let d = temp_dir("appid");
    write_app(&d);
    let name = d
        .file_name()
        .and_then(|n| n.to_str())
        .expect("name")
        .to_string();
    assert_eq!(Bundle::open(&d).expect("opens").app_id(), name);
    let out = std::env::temp_dir().join(format!("fc-bundle-appid-{}.fcpkg", std::process::id()));
    pack_dir(&d, &out).expect("packs");
    assert_eq!(
        Bundle::open(&out).expect("opens").app_id(),
        name,
        "the packed file keeps the folder's id"
    );
    std::fs::write(d.join("project.config.json"), r#"{"appid": "wx0123abcd"}"#).expect("write");
    assert_eq!(Bundle::open(&d).expect("opens").app_id(), "wx0123abcd");
    for unsafe_id in ["../x", "a/b", "", ".hidden"] {
        let text = serde_json::json!({ "appid": unsafe_id }).to_string();
        std::fs::write(d.join("project.config.json"), text).expect("write");
        assert_eq!(
            Bundle::open(&d).expect("opens").app_id(),
            name,
            "{unsafe_id}"
        );
    }
    let odd = std::env::temp_dir().join(format!("fc bundle é {}", std::process::id()));
    let _ = std::fs::remove_dir_all(&odd);
    std::fs::create_dir_all(odd.join("pages/index")).expect("dir");
    write_app(&odd);
    assert_eq!(
        Bundle::open(&odd).expect("opens").app_id(),
        format!("fc_bundle___{}", std::process::id())
    );
}
