const log = require('../../behaviors/log.js');

Component({
  behaviors: [log],
  options: { multipleSlots: true },
  properties: {
    title: String,
    count: {
      type: Number,
      value: 0,
      observer(now, old) {
        console.log('count property observer', now, old);
      },
    },
  },
  data: { double: 0 },
  observers: {
    count(count) {
      console.log('observers: count', count);
      this.setData({ double: count * 2 });
    },
  },
  lifetimes: {
    created() {
      console.log('card created, setData is', typeof this.setData);
    },
    attached() {
      console.log('card attached', this.data.title, this.data.count, this.label());
    },
    ready() {
      console.log('card ready');
    },
  },
  methods: {
    onTap() {
      console.log('card tapped');
      this.triggerEvent('pick', { count: this.data.count });
    },
  },
});
