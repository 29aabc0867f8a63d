Component({ properties: { title: String, value: String, last: Boolean } });
