//! Page scrolling on the logic side (api.md `pageScrollTo`, logic.md page events): the
//! render thread owns the scroll offsets and decides; this module sends the requests and
//! calls the page hooks it is told about.

use crate::convert::from_json;
use crate::host::Host;
use crate::navigation::{get, immediate, options_of, register, reply_of, settle_later, type_name};
use crate::page::call_hook;
use boa_engine::{Context, JsResult, JsValue, NativeFunction};
use fc_protocol::{PageId, ToRender};

/// The `wx` methods this module provides: name, `length`, function.
pub(crate) fn scroll_functions() -> Vec<(&'static str, usize, NativeFunction)> {
    vec![
        (
            "pageScrollTo",
            1,
            NativeFunction::from_fn_ptr(page_scroll_to),
        ),
        (
            "startPullDownRefresh",
            1,
            NativeFunction::from_fn_ptr(start_pull_down_refresh),
        ),
        (
            "stopPullDownRefresh",
            1,
            NativeFunction::from_fn_ptr(stop_pull_down_refresh),
        ),
    ]
}

/// `ToLogic::PageScroll`: `onPageScroll({scrollTop})`.
pub(crate) fn page_scroll(page: PageId, scroll_top: f64, context: &mut Context) {
    let arg = from_json(&serde_json::json!({ "scrollTop": scroll_top }), context);
    call_hook(page, "onPageScroll", &[arg], context);
}

/// `wx.pageScrollTo({scrollTop | selector, offsetTop, duration})`: the render thread
/// scrolls and answers (`duration` is not animated: the page jumps).
fn page_scroll_to(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let options = options_of(args, context);
    let (reply, returned) = reply_of(&options, context)?;
    let id = register("pageScrollTo", reply, context);
    let top = get(&options, "scrollTop", context)?;
    let selector = get(&options, "selector", context)?;
    let offset = get(&options, "offsetTop", context)?;
    let fail = |reason: String, context: &mut Context| {
        settle_later(id, false, format!("pageScrollTo:fail {reason}"), context);
        Ok(returned.clone())
    };
    let scroll_top = match (top.is_undefined(), top.as_number()) {
        (true, _) => None,
        (false, Some(n)) if n.is_finite() => Some(n),
        _ => {
            return fail(
                format!(
                    "parameter error: parameter.scrollTop should be Number instead of {};",
                    type_name(&top)
                ),
                context,
            )
        }
    };
    let selector = match selector.as_string() {
        Some(s) => Some(s.to_std_string_escaped()),
        None if selector.is_undefined() => None,
        None => {
            return fail(
                format!(
                    "parameter error: parameter.selector should be String instead of {};",
                    type_name(&selector)
                ),
                context,
            )
        }
    };
    if scroll_top.is_none() && selector.is_none() {
        return fail("scrollTop or selector is required".to_string(), context);
    }
    let offset_top = offset.as_number().filter(|n| n.is_finite()).unwrap_or(0.0);
    Host::of(context)?.send(ToRender::PageScrollTo {
        scroll_top,
        selector,
        offset_top,
        callback: id,
    });
    Ok(returned)
}

fn start_pull_down_refresh(
    _this: &JsValue,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    Host::of(context)?.send(ToRender::PullDownRefresh { start: true });
    immediate("startPullDownRefresh", Ok(()), args, context)
}

fn stop_pull_down_refresh(
    _this: &JsValue,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    Host::of(context)?.send(ToRender::PullDownRefresh { start: false });
    immediate("stopPullDownRefresh", Ok(()), args, context)
}
