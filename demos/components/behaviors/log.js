module.exports = Behavior({
  data: { origin: 'behavior' },
  lifetimes: {
    attached() {
      console.log('behavior attached, origin', this.data.origin);
    },
  },
  methods: {
    label() {
      return 'from behavior';
    },
  },
});
