Component({
  properties: { type: { type: String, value: 'default' } },
  methods: {
    onTap() { this.triggerEvent('press', {}); },
  },
});
