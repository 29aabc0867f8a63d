Page({
  data: { title: 'Fruit', count: 1 },
  onLoad() {
    console.log('page onLoad');
  },
  onReady() {
    const card = this.selectComponent('#main');
    console.log('page onReady, card is', card && card.is, 'count', card && card.data.count);
  },
  inc() {
    this.setData({ count: this.data.count + 1 });
  },
  onPick(e) {
    console.log('page got', e.type, 'detail.count', e.detail.count, 'from', e.currentTarget.id);
  },
});
