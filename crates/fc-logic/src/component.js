// Custom components on the logic thread (logic.md §7): `Component()`, `Behavior()`, the
// instances the render thread announces, their data, `setData`, observers, lifetimes and
// events. Evaluated once per context; `native` holds the Rust side (component.rs). Written
// in JS because nearly all of it is calls into user code with the platform's `this`.
(function (native, nativePage, deepCopy) {
  'use strict';
  var defs = {}; // component path -> merged definition (null: failed)
  var loading = null; // { path, def } while a component script runs
  var instances = {}; // page + ':' + id -> record
  var order = []; // record keys in attach order
  var LIFETIMES = ['created', 'attached', 'ready', 'moved', 'detached', 'error'];
  var PAGE_LIFETIMES = ['show', 'hide', 'resize', 'routeDone'];

  function isObj(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
  function call(fn, self, args, file) {
    if (typeof fn !== 'function') return undefined;
    try { return fn.apply(self, args || []); } catch (e) { native.report(e, file); }
    return undefined;
  }

  function typeName(t) {
    if (t === String) return 'String';
    if (t === Number) return 'Number';
    if (t === Boolean) return 'Boolean';
    if (t === Object) return 'Object';
    if (t === Array) return 'Array';
    return null;
  }
  function typeDefault(t) {
    switch (typeName(t)) {
      case 'String': return '';
      case 'Number': return 0;
      case 'Boolean': return false;
      case 'Array': return [];
      default: return null;
    }
  }
  // { name: Type } or { name: { type, value, observer, optionalTypes } } -> normalized.
  function normProp(spec) {
    if (isObj(spec)) {
      var type = spec.type === undefined ? null : spec.type;
      return {
        type: type,
        optional: Array.isArray(spec.optionalTypes) ? spec.optionalTypes : [],
        value: spec.value !== undefined ? deepCopy(spec.value) : typeDefault(type),
        observer: spec.observer,
      };
    }
    return { type: spec === undefined ? null : spec, optional: [], value: typeDefault(spec), observer: undefined };
  }
  function fits(t, v) {
    switch (typeName(t)) {
      case 'String': return typeof v === 'string';
      case 'Number': return typeof v === 'number';
      case 'Boolean': return typeof v === 'boolean';
      case 'Array': return Array.isArray(v);
      case 'Object': return v !== null && typeof v === 'object';
      default: return true;
    }
  }
  // An attribute value converted to the declared type; `bad` reports a mismatch.
  function coerce(prop, v, bad) {
    if (prop.optional.some(function (t) { return fits(t, v); })) return v;
    switch (typeName(prop.type)) {
      case 'String':
        if (v === null || v === undefined) return prop.value;
        return typeof v === 'string' ? v : (typeof v === 'object' ? JSON.stringify(v) : String(v));
      case 'Number':
        if (typeof v === 'number') return v;
        if (typeof v === 'string' && v.trim() !== '' && !isNaN(Number(v))) return Number(v);
        bad('Number', v); return prop.value;
      case 'Boolean': return !!v;
      case 'Array':
        if (Array.isArray(v)) return v;
        bad('Array', v); return prop.value;
      case 'Object':
        if (v !== null && typeof v === 'object') return v;
        bad('Object', v); return prop.value;
      default: return v;
    }
  }

  // `Behavior()`/`Component()` options flattened: behaviors first (included ones before
  // their includers, each once), the definition itself last, so later writes win.
  function flatten(options) {
    var out = {
      properties: {}, data: {}, methods: {}, observers: [], behaviors: [],
      lifetimes: {}, pageLifetimes: {}, externalClasses: [], options: {}, relations: {},
    };
    LIFETIMES.forEach(function (n) { out.lifetimes[n] = []; });
    PAGE_LIFETIMES.forEach(function (n) { out.pageLifetimes[n] = []; });
    var seen = [];
    function apply(o) {
      if (!isObj(o)) return;
      if (seen.indexOf(o) >= 0) return;
      seen.push(o);
      (Array.isArray(o.behaviors) ? o.behaviors : []).forEach(function (b) {
        if (b && b.__fcBehavior) { apply(b.__fcBehavior); out.behaviors.push(b); }
      });
      var props = isObj(o.properties) ? o.properties : {};
      Object.keys(props).forEach(function (k) { out.properties[k] = normProp(props[k]); });
      var data = isObj(o.data) ? o.data : {};
      Object.keys(data).forEach(function (k) {
        var v = deepCopy(data[k]);
        out.data[k] = isObj(v) && isObj(out.data[k]) ? Object.assign({}, out.data[k], v) : v;
      });
      var methods = isObj(o.methods) ? o.methods : {};
      Object.keys(methods).forEach(function (k) { out.methods[k] = methods[k]; });
      var obs = isObj(o.observers) ? o.observers : {};
      Object.keys(obs).forEach(function (k) {
        if (typeof obs[k] !== 'function') return;
        var fields = k.split(',').map(function (f) { return f.trim(); }).filter(Boolean);
        out.observers.push({ fields: fields.map(parsePath), names: fields, fn: obs[k] });
      });
      var lt = isObj(o.lifetimes) ? o.lifetimes : {};
      LIFETIMES.forEach(function (n) {
        // `lifetimes` wins over the legacy top-level form.
        var fn = typeof lt[n] === 'function' ? lt[n] : o[n];
        if (typeof fn === 'function') out.lifetimes[n].push(fn);
      });
      var pl = isObj(o.pageLifetimes) ? o.pageLifetimes : {};
      PAGE_LIFETIMES.forEach(function (n) {
        if (typeof pl[n] === 'function') out.pageLifetimes[n].push(pl[n]);
      });
      if (Array.isArray(o.externalClasses)) out.externalClasses = out.externalClasses.concat(o.externalClasses);
      if (isObj(o.options)) Object.assign(out.options, o.options);
      if (isObj(o.relations)) Object.assign(out.relations, o.relations);
    }
    apply(options);
    return out;
  }

  // 'a.b[2].c' -> ['a', 'b', 2, 'c']; '**' stays a segment.
  function parsePath(s) {
    var out = [];
    String(s).split('.').forEach(function (part) {
      var m = part.match(/^([^\[]*)((\[\d+\])*)$/);
      if (!m) { out.push(part); return; }
      if (m[1] !== '') out.push(m[1]);
      (m[2].match(/\d+/g) || []).forEach(function (n) { out.push(Number(n)); });
    });
    return out;
  }
  function getPath(obj, segs) {
    var cur = obj;
    for (var i = 0; i < segs.length; i++) {
      if (cur === null || cur === undefined) return undefined;
      cur = cur[segs[i]];
    }
    return cur;
  }
  function setPath(obj, segs, value) {
    var cur = obj;
    for (var i = 0; i < segs.length - 1; i++) {
      var wantArray = typeof segs[i + 1] === 'number';
      var next = cur[segs[i]];
      var ok = wantArray ? Array.isArray(next) : (next !== null && typeof next === 'object');
      if (!ok) { next = wantArray ? [] : {}; cur[segs[i]] = next; }
      cur = next;
    }
    if (segs.length) cur[segs[segs.length - 1]] = value;
  }
  // Does a write to `changed` reach the watched `field`? The field itself or an ancestor
  // of it; a descendant only with a trailing `**`.
  function touches(field, changed) {
    var wild = field.length && field[field.length - 1] === '**';
    var f = wild ? field.slice(0, -1) : field;
    var n = Math.min(f.length, changed.length);
    for (var i = 0; i < n; i++) if (String(f[i]) !== String(changed[i])) return false;
    return changed.length <= f.length || wild;
  }

  function runObservers(rec, changedPaths) {
    rec.def.observers.forEach(function (o) {
      var hit = o.fields.some(function (f) {
        return changedPaths.some(function (c) { return touches(f, c); });
      });
      if (!hit) return;
      var args = o.fields.map(function (f) {
        var wild = f.length && f[f.length - 1] === '**';
        return getPath(rec.inst.data, wild ? f.slice(0, -1) : f);
      });
      call(o.fn, rec.inst, args, rec.file);
    });
  }
  function runPropObservers(rec, changes) {
    changes.forEach(function (c) {
      var prop = rec.def.properties[c.name];
      if (!prop || !prop.observer) return;
      var fn = typeof prop.observer === 'function' ? prop.observer : rec.inst[prop.observer];
      call(fn, rec.inst, [c.now, c.old, c.path], rec.file);
    });
  }
  function lifetime(rec, name, args) {
    rec.def.lifetimes[name].forEach(function (fn) { call(fn, rec.inst, args, rec.file); });
  }

  function define(path) {
    if (Object.prototype.hasOwnProperty.call(defs, path)) return defs[path];
    loading = { path: path, def: null };
    var ran = native.load(path);
    var def = loading.def;
    loading = null;
    if (ran && !def) native.error(path + '.js', 'Component() was not called in ' + path + '.js');
    defs[path] = def;
    if (def) {
      var iso = typeof def.options.styleIsolation === 'string' ? def.options.styleIsolation
        : (def.options.addGlobalClass === true ? 'apply-shared' : null);
      native.info(path, def.externalClasses.map(String), iso);
    }
    return def;
  }

  function matches(rec, sel) {
    // Simple selectors only: `#id`, `.a`, `.a.b`, compound of those.
    var parts = String(sel).trim().match(/[#.][^#.\s]+/g);
    if (!parts || parts.join('') !== String(sel).trim()) return false;
    return parts.every(function (p) {
      return p[0] === '#' ? rec.hostId === p.slice(1) : rec.classes.indexOf(p.slice(1)) >= 0;
    });
  }
  function selectIn(page, owner, sel) {
    return order.map(function (k) { return instances[k]; }).filter(function (r) {
      return r.page === page && r.owner === owner && matches(r, sel);
    }).map(function (r) { return r.inst; });
  }
  function ownerObject(page, owner) {
    if (owner === null) return native.pageInstance(page);
    var r = instances[page + ':' + owner];
    return r ? r.inst : null;
  }
  // Every page instance gets `selectComponent`/`selectAllComponents` when it is made.
  function equipPage(page, p) {
    if (!p || typeof p.selectComponent === 'function') return;
    p.selectComponent = function (sel) { return selectIn(page, null, sel)[0] || null; };
    p.selectAllComponents = function (sel) { return selectIn(page, null, sel); };
  }

  // `relations` (logic.md §7): a path relative to the declaring component's file.
  function resolve(from, target) {
    var parts = target.charAt(0) === '/' ? [] : from.split('/').slice(0, -1);
    target.split('/').forEach(function (p) {
      if (p === '..') parts.pop();
      else if (p !== '.' && p !== '') parts.push(p);
    });
    return parts.join('/');
  }
  // The relation of `rec` to a component at `path` of one of `types`, or null.
  function relationTo(rec, path, types) {
    var rels = rec.def.relations;
    var keys = Object.keys(rels);
    for (var i = 0; i < keys.length; i++) {
      var r = rels[keys[i]];
      if (isObj(r) && types.indexOf(r.type) >= 0 && resolve(rec.path, keys[i]) === path) {
        return { key: keys[i], rel: r };
      }
    }
    return null;
  }
  // After `attached`: link with the nearest enclosing instance (`parent`) or any enclosing
  // one (`ancestor`) that declares the other side; both sides' `linked` run.
  function linkRelations(rec) {
    var near = true;
    var cur = rec.parent === null ? null : instances[rec.page + ':' + rec.parent];
    while (cur) {
      var mine = relationTo(rec, cur.path, near ? ['parent', 'ancestor'] : ['ancestor']);
      var theirs = mine && relationTo(cur, rec.path, mine.rel.type === 'parent' ? ['child', 'descendant'] : ['descendant']);
      if (mine && theirs) {
        rec.links.push({ key: mine.key, other: cur, rel: mine.rel });
        cur.links.push({ key: theirs.key, other: rec, rel: theirs.rel });
        call(mine.rel.linked, rec.inst, [cur.inst], rec.file);
        call(theirs.rel.linked, cur.inst, [rec.inst], cur.file);
        return;
      }
      near = false;
      cur = cur.parent === null ? null : instances[cur.page + ':' + cur.parent];
    }
  }
  function unlinkRelations(rec) {
    rec.links.forEach(function (l) {
      var back = l.other.links.filter(function (x) { return x.other === rec; })[0];
      l.other.links = l.other.links.filter(function (x) { return x.other !== rec; });
      call(l.rel.unlinked, rec.inst, [l.other.inst], rec.file);
      if (back) call(back.rel.unlinked, l.other.inst, [rec.inst], l.other.file);
    });
    rec.links = [];
  }

  function setData(rec, update, callback) {
    if (!isObj(update)) throw new TypeError('setData: the first argument must be an object');
    var changed = [];
    var propChanges = [];
    Object.keys(update).forEach(function (key) {
      var value = update[key];
      if (value === undefined) {
        native.warn('Setting data field "' + key + '" to undefined is invalid.');
        return;
      }
      var segs = parsePath(key);
      var old = getPath(rec.inst.data, segs);
      setPath(rec.inst.data, segs, value);
      native.patch(rec.page, rec.id, key, value);
      changed.push(segs);
      var prop = rec.def.properties[segs[0]];
      if (prop) {
        if (segs.length > 1) propChanges.push({ name: segs[0], now: rec.inst.data[segs[0]], old: undefined, path: segs });
        else if (value !== old || typeof value === 'object') propChanges.push({ name: segs[0], now: value, old: old, path: segs });
      }
    });
    // Observers run inside the call, then property observers (logic.md §6, §7).
    runObservers(rec, changed);
    runPropObservers(rec, propChanges);
    // Run after the frame that shows this update is drawn, as a page's callbacks are.
    if (typeof callback === 'function') native.callback(rec.page, callback.bind(rec.inst));
  }

  function makeInstance(rec) {
    var def = rec.def;
    var inst = {};
    Object.keys(def.methods).forEach(function (k) { inst[k] = def.methods[k]; });
    var data = deepCopy(def.data);
    Object.keys(def.properties).forEach(function (k) { data[k] = deepCopy(def.properties[k].value); });
    inst.data = data;
    inst.properties = data;
    inst.is = rec.path;
    inst.id = rec.hostId;
    inst.dataset = {};
    inst.setData = function (update, cb) { setData(rec, update, cb); };
    inst.triggerEvent = function (name, detail, opts) {
      opts = isObj(opts) ? opts : {};
      native.trigger(rec.page, rec.id, String(name), detail === undefined ? {} : detail,
        !!opts.bubbles, !!opts.composed, !!opts.capturePhase);
    };
    inst.selectComponent = function (sel) { return selectIn(rec.page, rec.id, sel)[0] || null; };
    inst.selectAllComponents = function (sel) { return selectIn(rec.page, rec.id, sel); };
    inst.selectOwnerComponent = function () { return ownerObject(rec.page, rec.owner); };
    inst.hasBehavior = function (b) { return def.behaviors.indexOf(b) >= 0; };
    inst.getPageId = function () { return 'pageId:' + rec.page; };
    inst.getRelationNodes = function (key) {
      return rec.links.filter(function (l) { return l.key === key; }).map(function (l) { return l.other.inst; });
    };
    return inst;
  }

  // Writes attribute values into properties; returns the changes for observers.
  function assignProps(rec, props) {
    var changes = [];
    Object.keys(props).forEach(function (name) {
      var prop = rec.def.properties[name];
      if (!prop) return;
      var now = coerce(prop, props[name], function (expected, got) {
        native.propError(rec.path, name, 'property "' + name + '" of "' + rec.path +
          '" received type-incompatible value: expected <' + expected + '> but got ' +
          JSON.stringify(got) + '; the default value is used instead');
      });
      var old = rec.inst.data[name];
      rec.inst.data[name] = now;
      changes.push({ name: name, now: now, old: old, path: [name] });
    });
    return changes;
  }

  var api = {};
  api.equipPage = equipPage;
  api.attach = function (page, id, path, props, owner, hostId, classes, parent) {
    var def = define(path);
    if (!def) return;
    var rec = {
      page: page, id: id, path: path, def: def, owner: owner, hostId: hostId,
      classes: classes, file: path + '.js', inst: null, parent: parent, links: [],
    };
    rec.inst = makeInstance(rec);
    var key = page + ':' + id;
    instances[key] = rec;
    order.push(key);
    lifetime(rec, 'created', []);
    var changes = assignProps(rec, props);
    // The instance's whole data as one patch; its later setData calls follow it.
    native.patch(page, id, '', rec.inst.data);
    var differ = changes.filter(function (c) {
      return c.now !== rec.def.properties[c.name].value || typeof c.now === 'object';
    });
    if (changes.length) runObservers(rec, changes.map(function (c) { return c.path; }));
    runPropObservers(rec, differ);
  };
  // `attached`/`ready` of a new instance, once every instance of its rebuild is created.
  api.lifetime = function (page, id, name) {
    var rec = instances[page + ':' + id];
    if (!rec) return;
    lifetime(rec, name, []);
    if (name === 'attached') linkRelations(rec);
  };
  api.props = function (page, id, props, hostId, classes) {
    var rec = instances[page + ':' + id];
    if (!rec) return;
    rec.hostId = hostId; rec.classes = classes; rec.inst.id = hostId;
    var changes = assignProps(rec, props);
    changes.forEach(function (c) { native.patch(page, id, c.name, c.now); });
    if (changes.length) runObservers(rec, changes.map(function (c) { return c.path; }));
    runPropObservers(rec, changes.filter(function (c) { return c.now !== c.old || typeof c.now === 'object'; }));
  };
  api.detach = function (page, id) {
    var key = page + ':' + id;
    var rec = instances[key];
    if (!rec) return;
    lifetime(rec, 'detached', []);
    unlinkRelations(rec);
    delete instances[key];
    order.splice(order.indexOf(key), 1);
  };
  api.event = function (page, id, handler, event) {
    var rec = instances[page + ':' + id];
    if (!rec) return;
    var fn = rec.inst[handler];
    if (typeof fn !== 'function') {
      native.warn('Component "' + rec.path + '" does not have a method "' + handler +
        '" to handle event "' + (event && event.type) + '".');
      return;
    }
    call(fn, rec.inst, [event], rec.file);
  };
  // The hosting page's events (`pageLifetimes`); `unload` detaches its instances.
  api.page = function (page, what, arg) {
    order.slice().forEach(function (key) {
      var rec = instances[key];
      if (!rec || rec.page !== page) return;
      if (what === 'unload') api.detach(page, rec.id);
      else rec.def.pageLifetimes[what].forEach(function (fn) { call(fn, rec.inst, arg === undefined ? [] : [arg], rec.file); });
    });
  };

  function Behavior(options) {
    return { __fcBehavior: isObj(options) ? options : {} };
  }

  // A page built with `Component()`: methods become the page's handlers, lifetimes map to
  // page hooks, properties take the query's values.
  function componentPage(def) {
    var opts = { data: deepCopy(def.data) };
    Object.keys(def.properties).forEach(function (k) { opts.data[k] = deepCopy(def.properties[k].value); });
    Object.keys(def.methods).forEach(function (k) { opts[k] = def.methods[k]; });
    function run(self, list, args) { list.forEach(function (fn) { call(fn, self, args, native.pageFile()); }); }
    var file = native.pageFile();
    opts.onLoad = function (query) {
      var self = this;
      self.properties = self.data;
      var rec = { def: def, inst: self, file: file };
      var nativeSet = self.setData;
      self.setData = function (update, cb) {
        nativeSet.call(self, update, cb);
        runObservers(rec, Object.keys(isObj(update) ? update : {}).map(parsePath));
      };
      run(self, def.lifetimes.created, []);
      var update = {};
      Object.keys(isObj(query) ? query : {}).forEach(function (k) {
        if (def.properties[k]) update[k] = coerce(def.properties[k], query[k], function () {});
      });
      if (Object.keys(update).length) self.setData(update);
      run(self, def.lifetimes.attached, []);
      if (def.methods.onLoad) call(def.methods.onLoad, self, [query], file);
    };
    opts.onShow = function () { run(this, def.pageLifetimes.show, []); if (def.methods.onShow) call(def.methods.onShow, this, [], file); };
    opts.onHide = function () { run(this, def.pageLifetimes.hide, []); if (def.methods.onHide) call(def.methods.onHide, this, [], file); };
    opts.onReady = function () { run(this, def.lifetimes.ready, []); if (def.methods.onReady) call(def.methods.onReady, this, [], file); };
    opts.onUnload = function () { run(this, def.lifetimes.detached, []); if (def.methods.onUnload) call(def.methods.onUnload, this, [], file); };
    return opts;
  }

  function Component(options) {
    var def = flatten(isObj(options) ? options : {});
    if (loading && !loading.def) { loading.def = def; return; }
    if (native.registeringPage()) return nativePage(componentPage(def));
    native.error('', 'Component() must be called by a component or page script while it loads; this call is ignored');
  }

  api.Component = Component;
  api.Behavior = Behavior;
  return api;
})
