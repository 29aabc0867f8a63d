//! `setData(data, callback)`: writes each key into the instance's `this.data` at once (JS
//! reads its own writes), queues a JSON patch per key for the render thread, and at the end
//! of the turn coalesces the queue into one `ToRender::SetData` per page.
//!
//! Rules (logic.md §6): a key is a data path (`a.b[1].c`); missing parents are created
//! (`[n]` makes an array, `.k` an object) and a value in the way that is not an array / not
//! an object is replaced; a bad key is reported and skipped while the other keys still
//! apply; an `undefined` value is ignored with the platform's warning; a function is stored
//! in `this.data` but sends no patch.

use crate::convert::{object_keys, to_json};
use crate::errors::{error_message, report_here};
use crate::host::{Host, PendingSetData};
use boa_engine::object::builtins::JsArray;
use boa_engine::property::PropertyKey;
use boa_engine::{js_string, Context, JsNativeError, JsObject, JsResult, JsString, JsValue};
use fc_protocol::{ConsoleLevel, DataPatch, DataPath, PageId, PathSeg, ToRender};
use std::collections::HashSet;

fn key_of(seg: &PathSeg) -> PropertyKey {
    match seg {
        PathSeg::Key(k) => JsString::from(&**k).into(),
        PathSeg::Index(i) => (*i).into(),
    }
}

/// Writes `value` at `path` inside `root`, creating or replacing containers on the way.
/// Returns the path as the render side must apply it: a key step into an array that names
/// an element (`list.1`, as JS reads it) becomes an index step (`list[1]`), so that the
/// mirror writes the element and the item's bindings see the change.
pub(crate) fn write_path(
    root: &JsObject,
    path: &DataPath,
    value: JsValue,
    context: &mut Context,
) -> JsResult<DataPath> {
    let segs = path.segments();
    let Some((last, parents)) = segs.split_last() else {
        return Ok(path.clone());
    };
    let mut written = Vec::with_capacity(segs.len());
    let mut current = root.clone();
    for (i, seg) in parents.iter().enumerate() {
        written.push(step_into(&current, seg));
        let key = key_of(seg);
        let existing = current.get(key.clone(), context)?;
        let wants_array = matches!(segs[i + 1], PathSeg::Index(_));
        let fits = existing.as_object().filter(|o| {
            if wants_array {
                o.is_array()
            } else {
                !o.is_callable()
            }
        });
        current = match fits {
            Some(o) => o,
            None => {
                let made: JsObject = if wants_array {
                    JsArray::new(context)?.into()
                } else {
                    JsObject::with_object_proto(context.intrinsics())
                };
                current.set(key, made.clone(), true, context)?;
                made
            }
        };
    }
    written.push(step_into(&current, last));
    current.set(key_of(last), value, true, context)?;
    Ok(DataPath(written))
}

/// `seg` as a step into `container`: a key that is an array index (`"1"`, not `"01"`) on an
/// array is that index.
fn step_into(container: &JsObject, seg: &PathSeg) -> PathSeg {
    match seg {
        PathSeg::Key(k) if container.is_array() => match k.parse::<usize>() {
            Ok(i) if *i.to_string() == **k => PathSeg::Index(i),
            _ => seg.clone(),
        },
        _ => seg.clone(),
    }
}

/// The instance's `data` object, made when missing or not an object.
pub(crate) fn data_object(instance: &JsObject, context: &mut Context) -> JsResult<JsObject> {
    let data = instance.get(js_string!("data"), context)?;
    if let Some(obj) = data.as_object() {
        return Ok(obj);
    }
    let obj = JsObject::with_object_proto(context.intrinsics());
    instance.set(js_string!("data"), obj.clone(), true, context)?;
    Ok(obj)
}

/// The body of an instance's `setData`; `page` is the instance it was made for.
pub(crate) fn set_data(page: PageId, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context)?;
    let Some((instance, route)) = host
        .state
        .borrow()
        .page(page)
        .map(|p| (p.instance.clone(), p.route.clone()))
    else {
        // The page is gone; nothing will draw this.
        return Ok(JsValue::undefined());
    };
    let file = format!("{route}.js");
    let update = args.first().cloned().unwrap_or_default();
    let Some(update) = update.as_object().filter(|o| !o.is_callable()) else {
        return Err(JsNativeError::typ()
            .with_message("setData: the first argument must be an object")
            .into());
    };
    let data = data_object(&instance, context)?;

    for name in object_keys(&update, context)? {
        let path = match DataPath::parse(&name) {
            Ok(path) => path,
            Err(err) => {
                report_here(context, &format!("TypeError: setData: {err}"), &file);
                continue;
            }
        };
        let value = update.get(JsString::from(name.as_str()), context)?;
        if value.is_undefined() {
            let line = format!("Setting data field \"{name}\" to undefined is invalid.");
            host.console(ConsoleLevel::Warn, &line);
            continue;
        }
        let path = write_path(&data, &path, value.clone(), context)?;
        match to_json(&value, context) {
            Ok(Some(json)) => host
                .state
                .borrow_mut()
                .pending_for(page)
                .patches
                .push(DataPatch { path, value: json }),
            // A function (or symbol): kept in this.data, not sent.
            Ok(None) => {}
            Err(err) => {
                let message = error_message(&err, context);
                report_here(context, &format!("setData \"{name}\": {message}"), &file);
            }
        }
    }

    if let Some(callback) = args.get(1).and_then(JsValue::as_callable) {
        let mut state = host.state.borrow_mut();
        state.next_callback += 1;
        let id = state.next_callback;
        state.callbacks.insert(id, (page, callback));
        state.pending_for(page).callbacks.push(id);
    }
    Ok(JsValue::undefined())
}

/// Drops every patch that a later patch of the same turn overwrites: one writing the same
/// path or a prefix of it (`a` after `a.b`). Keeps the rest in call order.
pub(crate) fn coalesce(patches: Vec<DataPatch>) -> Vec<DataPatch> {
    let mut later: HashSet<&[PathSeg]> = HashSet::new();
    let mut keep = vec![false; patches.len()];
    for (i, patch) in patches.iter().enumerate().rev() {
        let segs = patch.path.segments();
        let covered = (1..=segs.len()).any(|n| later.contains(&segs[..n]));
        keep[i] = !covered;
        later.insert(segs);
    }
    // By value: a patch holds a whole list at times, and copying it cost a create its time.
    patches
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| p)
        .collect()
}

/// Turns this turn's queue into `SetData` messages, one per page, and sends them.
pub(crate) fn flush(host: &Host) {
    let pending = std::mem::take(&mut host.state.borrow_mut().pending);
    for PendingSetData {
        page,
        patches,
        callbacks,
    } in pending
    {
        let patches = coalesce(patches);
        if patches.is_empty() && callbacks.is_empty() {
            continue;
        }
        host.send(ToRender::SetData {
            page,
            patches,
            callbacks,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn patch(path: &str, value: serde_json::Value) -> DataPatch {
        DataPatch {
            path: DataPath::parse(path).expect("valid path"),
            value,
        }
    }

    #[test]
    fn later_same_or_prefix_write_drops_earlier() {
        let out = coalesce(vec![
            patch("a.b", json!(1)),
            patch("list[2]", json!("x")),
            patch("a", json!({"c": 2})),
            patch("list[2].name", json!("y")),
            patch("n", json!(1)),
            patch("n", json!(2)),
        ]);
        assert_eq!(
            out,
            vec![
                patch("list[2]", json!("x")),
                patch("a", json!({"c": 2})),
                patch("list[2].name", json!("y")),
                patch("n", json!(2)),
            ]
        );
    }
}
