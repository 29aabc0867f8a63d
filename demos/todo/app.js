App({
  onLaunch() {
    console.log('todo: launched with ' + (wx.getStorageSync('todos') || []).length + ' items');
  },
  globalData: {},
});
