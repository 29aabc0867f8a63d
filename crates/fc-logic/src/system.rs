//! `wx.getSystemInfoSync/getSystemInfo/getWindowInfo/getDeviceInfo/getAppBaseInfo` and
//! `getMenuButtonBoundingClientRect` (api.md §6), answered from the player's real window.
//!
//! The window size lives in a value shared with the render thread ([`SharedWindow`]): the
//! render side updates it when the window is resized, and every call here reads it then, so
//! no message (and no turn) is needed for a resize.

use crate::convert::from_json;
use crate::host::Host;
use boa_engine::{Context, JsResult, JsValue, NativeFunction};
use serde_json::{json, Map, Value};
use std::sync::{Arc, Mutex};

/// The player's page area in logical px and its device pixel ratio.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowInfo {
    pub width: f64,
    pub height: f64,
    pub pixel_ratio: f64,
}

impl Default for WindowInfo {
    /// The player's default window (player-cli.md): 375×667 at scale 1.
    fn default() -> WindowInfo {
        WindowInfo {
            width: 375.0,
            height: 667.0,
            pixel_ratio: 1.0,
        }
    }
}

/// The window info shared between the render thread (writer) and the logic thread (reader).
pub type SharedWindow = Arc<Mutex<WindowInfo>>;

/// Desktop: no status bar (player-cli.md).
const STATUS_BAR_HEIGHT: f64 = 0.0;
/// A base library version high enough that apps' feature checks pass (api.md §6).
const SDK_VERSION: &str = "3.0.0";

fn window(context: &Context) -> WindowInfo {
    Host::of(context)
        .ok()
        .and_then(|host| host.window.lock().ok().map(|w| *w))
        .unwrap_or_default()
}

/// The host OS as apps see it in `platform` (api.md §6).
fn platform() -> &'static str {
    match std::env::consts::OS {
        "macos" => "mac",
        "windows" => "windows",
        _ => "linux",
    }
}

fn window_fields(w: WindowInfo) -> Map<String, Value> {
    let fields = json!({
        "pixelRatio": w.pixel_ratio,
        "screenWidth": w.width,
        "screenHeight": w.height,
        "windowWidth": w.width,
        "windowHeight": w.height,
        "statusBarHeight": STATUS_BAR_HEIGHT,
        "screenTop": 0,
        "safeArea": {
            "left": 0, "right": w.width, "top": STATUS_BAR_HEIGHT, "bottom": w.height,
            "width": w.width, "height": w.height - STATUS_BAR_HEIGHT,
        },
    });
    match fields {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn device_fields() -> Map<String, Value> {
    let fields = json!({
        "brand": "fcplayer",
        "model": "fcplayer desktop",
        "system": format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
        "platform": platform(),
        "benchmarkLevel": 1,
        "abi": std::env::consts::ARCH,
        "cpuType": std::env::consts::ARCH,
        "memorySize": 8192,
    });
    match fields {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn app_base_fields() -> Map<String, Value> {
    let fields = json!({
        "SDKVersion": SDK_VERSION,
        "language": "zh_CN",
        "version": "8.0.0",
        "theme": "light",
        "fontSizeSetting": 16,
        "enableDebug": false,
        "host": {"appId": ""},
    });
    match fields {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn system_info(context: &Context) -> Value {
    let mut all = window_fields(window(context));
    all.extend(device_fields());
    all.extend(app_base_fields());
    Value::Object(all)
}

fn answer(value: Value, context: &mut Context) -> JsResult<JsValue> {
    Ok(from_json(&value, context))
}

/// WeChat's capsule (menu button): 87×32, 7 px from the right edge, 4 px under the status
/// bar. Apps with `navigationStyle: custom` lay out their own bar around it.
fn menu_button(w: WindowInfo) -> Value {
    let (width, height) = (87.0, 32.0);
    let right = w.width - 7.0;
    let top = STATUS_BAR_HEIGHT + 4.0;
    json!({
        "width": width, "height": height,
        "top": top, "bottom": top + height,
        "left": right - width, "right": right,
    })
}

/// The `wx` methods this module provides: name, `length`, function.
pub(crate) fn system_functions() -> Vec<(&'static str, usize, NativeFunction)> {
    vec![
        (
            "getSystemInfoSync",
            0,
            NativeFunction::from_fn_ptr(|_, _, cx| answer(system_info(cx), cx)),
        ),
        (
            "getWindowInfo",
            0,
            NativeFunction::from_fn_ptr(|_, _, cx| {
                answer(Value::Object(window_fields(window(cx))), cx)
            }),
        ),
        (
            "getDeviceInfo",
            0,
            NativeFunction::from_fn_ptr(|_, _, cx| answer(Value::Object(device_fields()), cx)),
        ),
        (
            "getAppBaseInfo",
            0,
            NativeFunction::from_fn_ptr(|_, _, cx| answer(Value::Object(app_base_fields()), cx)),
        ),
        (
            "getMenuButtonBoundingClientRect",
            0,
            NativeFunction::from_fn_ptr(|_, _, cx| answer(menu_button(window(cx)), cx)),
        ),
        (
            "getSystemInfo",
            1,
            NativeFunction::from_fn_ptr(|_, args, cx| {
                let info = system_info(cx);
                crate::stubs::answer_async("getSystemInfo", args, Ok(info), cx)
            }),
        ),
    ]
}
