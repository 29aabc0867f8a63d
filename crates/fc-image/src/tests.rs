//! The loader end to end: bundle files, data: URLs, broken files, a local HTTP server.

use crate::{resolve, Loader, ReadFile, Status};
use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use std::sync::Arc;
use std::time::Duration;

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(w, h, image::Rgba([1, 2, 3, 255]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode");
    out.into_inner()
}

fn loader(files: Vec<(&str, Vec<u8>)>) -> Loader {
    let files: HashMap<String, Vec<u8>> =
        files.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    let read: ReadFile =
        Arc::new(move |p: &str| files.get(p).cloned().ok_or(format!("no file {p}")));
    Loader::new(read)
}

fn finish(l: &mut Loader, key: &str) -> Status {
    for _ in 0..200 {
        l.wait(Duration::from_millis(50));
        let s = l.request(&resolve("p", key).expect("src"));
        if !matches!(s, Status::Pending) {
            return s;
        }
    }
    panic!("load of {key} never finished");
}

#[test]
fn loads_bundle_files_and_caches() {
    let mut l = loader(vec![
        ("img/a.png", png(5, 3)),
        ("bad.png", b"junk".to_vec()),
    ]);
    let src = resolve("pages/i/i", "/img/a.png").expect("src");
    assert!(matches!(l.request(&src), Status::Pending));
    assert_eq!(l.pending(), 1);
    match finish(&mut l, "/img/a.png") {
        Status::Ready(d) => assert_eq!((d.width, d.height), (5, 3)),
        s => panic!("{s:?}"),
    }
    assert_eq!(l.pending(), 0);
    assert!(l.get("img/a.png").is_some());
    assert!(matches!(finish(&mut l, "/bad.png"), Status::Failed(_)));
    assert!(matches!(finish(&mut l, "/missing.png"), Status::Failed(_)));
}

#[test]
fn loads_data_urls() {
    let mut l = loader(vec![]);
    let svg =
        "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='7' height='2'/%3E";
    match finish(&mut l, svg) {
        Status::Ready(d) => assert_eq!((d.width, d.height), (7, 2)),
        s => panic!("{s:?}"),
    }
}

#[test]
fn loads_remote_images_from_a_local_server() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let body = png(2, 9);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(2) {
            let Ok(mut s) = stream else { continue };
            let mut buf = [0u8; 1024];
            let n = s.read(&mut buf).unwrap_or(0);
            let req = String::from_utf8_lossy(&buf[..n]).to_string();
            if req.starts_with("GET /ok.png") {
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = s.write_all(head.as_bytes());
                let _ = s.write_all(&body);
            } else {
                let _ = s.write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
            }
        }
    });
    let mut l = loader(vec![]);
    match finish(&mut l, &format!("http://127.0.0.1:{port}/ok.png")) {
        Status::Ready(d) => assert_eq!((d.width, d.height), (2, 9)),
        s => panic!("{s:?}"),
    }
    assert!(matches!(
        finish(&mut l, &format!("http://127.0.0.1:{port}/nope.png")),
        Status::Failed(_)
    ));
}
