//! The player's side of custom components: forwarding instance messages from the view to
//! the logic thread, dispatching `triggerEvent` from host nodes, and sending handlers that
//! belong to a component to that instance.

use super::Player;
use fc_protocol::{ComponentMsg, InstanceId, PageId, ToLogic, Value};
use fc_view::{Fired, TriggerOptions};

impl Player {
    /// Sends what the page's last rebuild did to its component instances.
    pub(super) fn sync_components(&mut self, page: PageId) {
        let Some(e) = self.page_mut(page) else { return };
        let msgs = e.page.take_component_messages();
        if !msgs.is_empty() {
            self.send(ToLogic::Components(msgs));
        }
    }

    /// `ToRender::ComponentInfo`: applies it to every open page that uses the component
    /// and keeps it for pages opened later.
    pub(super) fn component_info(&mut self, path: String, info: fc_view::ComponentInfo) {
        let mut pages = Vec::new();
        for e in &mut self.stack {
            e.page.set_component_info(&path, &info);
            pages.push(e.page.id);
        }
        // A rebuild (external classes) made and removed instances: tell the logic thread.
        for page in pages {
            self.sync_components(page);
        }
        self.component_infos.insert(path, info);
        self.needs_frame = true;
    }

    /// Sends one handler an event reached to the page or to the instance that bound it.
    pub(super) fn send_fired(&mut self, page: PageId, f: Fired) {
        let msg = match f.owner {
            Some(instance) => ToLogic::Components(vec![ComponentMsg::Event {
                page,
                instance,
                handler: f.handler,
                event: f.event,
            }]),
            None => ToLogic::Event {
                page,
                handler: f.handler,
                event: f.event,
            },
        };
        self.send(msg);
    }

    /// `ToRender::TriggerEvent`: routes a component's event from its host node.
    pub(super) fn trigger_event(
        &mut self,
        page: PageId,
        instance: InstanceId,
        name: &str,
        detail: &Value,
        opts: TriggerOptions,
    ) {
        let top = self.frame().page_top();
        let Some(entry) = self.stack.iter().find(|e| e.page.id == page) else {
            return;
        };
        let Some(host) = entry.page.component_host(instance) else {
            return;
        };
        let time_stamp = (entry.opened.elapsed().as_secs_f64() * 1000.0).round();
        let fired = fc_view::dispatch_component_event(
            &entry.page.tree,
            host,
            name,
            detail,
            opts,
            time_stamp,
            top,
        );
        for f in fired {
            self.send_fired(page, f);
        }
    }
}
