// Each operation sends what changed, the way the platform's performance guide asks: key paths
// for single rows and appends, the whole list only when its order or length changes.
const { buildData } = require("./rows.js");

Page({
  data: { rows: [], selected: 0 },

  run() {
    this.setData({ rows: buildData(1000), selected: 0 });
  },

  runLots() {
    this.setData({ rows: buildData(10000), selected: 0 });
  },

  add() {
    const start = this.data.rows.length;
    const patch = {};
    buildData(1000).forEach((row, i) => {
      patch["rows[" + (start + i) + "]"] = row;
    });
    this.setData(patch);
  },

  update() {
    const rows = this.data.rows;
    const patch = {};
    for (let i = 0; i < rows.length; i += 10) {
      patch["rows[" + i + "].label"] = rows[i].label + " !!!";
    }
    this.setData(patch);
  },

  clear() {
    this.setData({ rows: [], selected: 0 });
  },

  swapRows() {
    const rows = this.data.rows;
    if (rows.length > 998) {
      this.setData({ "rows[1]": rows[998], "rows[998]": rows[1] });
    }
  },

  selectRow() {
    const row = this.data.rows[1];
    if (row) this.setData({ selected: row.id });
  },

  removeRow() {
    const rows = this.data.rows;
    if (rows.length > 3) {
      this.removeId(rows[3].id);
    }
  },

  select(e) {
    this.setData({ selected: e.currentTarget.dataset.id });
  },

  remove(e) {
    this.removeId(e.currentTarget.dataset.id);
  },

  removeId(id) {
    const rows = this.data.rows.slice();
    const i = rows.findIndex((r) => r.id === id);
    if (i >= 0) {
      rows.splice(i, 1);
      this.setData({ rows });
    }
  },
});
