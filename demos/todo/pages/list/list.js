// The list: items live in storage under `todos` ([{id, text, done}]).
function load() {
  const todos = wx.getStorageSync('todos');
  return Array.isArray(todos) ? todos : [];
}

Page({
  data: { todos: [], left: 0, draft: '' },
  onShow() {
    // Also on return from the detail page, which may have changed an item.
    this.show(load());
  },
  show(todos) {
    this.setData({ todos, left: todos.filter((t) => !t.done).length });
  },
  // The input's `bindinput` keeps the draft; `add` (button or the enter key) uses it.
  onInput(e) {
    this.setData({ draft: e.detail.value });
  },
  add() {
    const todos = load();
    const id = todos.reduce((max, t) => Math.max(max, t.id), 0) + 1;
    const text = this.data.draft || 'Item ' + id;
    todos.push({ id, text, done: false });
    wx.setStorageSync('todos', todos);
    console.log('added ' + id + ': ' + text);
    this.setData({ draft: '' });
    this.show(todos);
  },
  open(e) {
    wx.navigateTo({ url: '../detail/detail?id=' + e.currentTarget.dataset.id });
  },
});
