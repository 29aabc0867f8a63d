// SelectorQuery and NodesRef (api.md §8), built on two natives the logic thread passes in:
// send(page, requests, done) crosses to the render thread once per exec(); pageOf(x) is
// the page id of a page instance (null for anything else). Evaluated once; the returned
// function makes a query scoped to a page id.
(function (send, pageOf) {
  'use strict';
  function fieldsOf(f) {
    f = f || {};
    var list = function (v) { return Array.isArray(v) ? v.map(String) : []; };
    return {
      id: !!f.id,
      dataset: !!f.dataset,
      rect: !!f.rect,
      size: !!f.size,
      scrollOffset: !!f.scrollOffset,
      properties: list(f.properties),
      computedStyle: list(f.computedStyle)
    };
  }
  return function createSelectorQuery(page) {
    var queue = [];
    var callbacks = [];
    var query = {};
    function nodesRef(target, selector) {
      function push(fields, cb) {
        queue.push({ target: target, selector: selector, fields: fields });
        callbacks.push(cb);
        return query;
      }
      return {
        boundingClientRect: function (cb) {
          return push(fieldsOf({ id: true, dataset: true, rect: true, size: true }), cb);
        },
        scrollOffset: function (cb) {
          return push(fieldsOf({ id: true, dataset: true, scrollOffset: true }), cb);
        },
        fields: function (fields, cb) { return push(fieldsOf(fields), cb); }
      };
    }
    query.in = function (component) {
      var p = pageOf(component);
      if (p !== null) page = p;
      return query;
    };
    query.select = function (selector) { return nodesRef('first', String(selector)); };
    query.selectAll = function (selector) { return nodesRef('all', String(selector)); };
    query.selectViewport = function () { return nodesRef('viewport', ''); };
    query.exec = function (callback) {
      var cbs = callbacks.slice();
      send(page, queue.slice(), function (results) {
        for (var i = 0; i < cbs.length; i++) {
          if (typeof cbs[i] === 'function') cbs[i].call(query, results[i]);
        }
        if (typeof callback === 'function') callback.call(query, results);
      });
    };
    return query;
  };
})
