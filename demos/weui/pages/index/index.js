Page({
  data: { name: 'Ada Lovelace', notify: true, dialog: false },
  openDialog() {
    this.setData({ dialog: true });
  },
  closeDialog(e) {
    console.log('dialog closed with', e.detail.action);
    this.setData({ dialog: false });
  },
});
