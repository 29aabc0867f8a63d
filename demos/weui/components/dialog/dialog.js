Component({
  properties: { show: Boolean, title: String },
  methods: {
    cancel() { this.triggerEvent('close', { action: 'cancel' }); },
    ok() { this.triggerEvent('close', { action: 'ok' }); },
  },
});
