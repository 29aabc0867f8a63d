// One item, found by the `id` of the query (a string, as every query value).
Page({
  data: { id: '', item: null },
  onLoad(query) {
    console.log('detail query ' + JSON.stringify(query));
    const todos = wx.getStorageSync('todos') || [];
    const item = todos.find((t) => String(t.id) === query.id) || null;
    this.setData({ id: query.id, item });
  },
  toggle() {
    const todos = wx.getStorageSync('todos') || [];
    const item = todos.find((t) => String(t.id) === this.data.id);
    if (!item) return;
    item.done = !item.done;
    wx.setStorageSync('todos', todos);
    this.setData({ item });
  },
  back() {
    wx.navigateBack();
  },
});
