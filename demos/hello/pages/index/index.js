// This is our App Service.
// This is our data.
var helloData = {
  name: 'FinClip'
}

// Register a Page.
Page({
  data: helloData,
  changeName: function(e) {
    // sent data change to view
    this.setData({
      name: 'World'
    })
  }
})
