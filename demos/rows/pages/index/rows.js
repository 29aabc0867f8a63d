// Row data as js-framework-benchmark builds it: the same word lists, the same
// `round(random() * 1000) % n` choice, and ids counting up from 1. Math.random is replaced by
// a seeded generator (mulberry32, seed 1) so that every run, and the web version in
// benches/web, builds the same labels.
const adjectives = ["pretty", "large", "big", "small", "tall", "short", "long", "handsome", "plain", "quaint", "clean", "elegant", "easy", "angry", "crazy", "helpful", "mushy", "odd", "unsightly", "adorable", "important", "inexpensive", "cheap", "expensive", "fancy"];
const colours = ["red", "yellow", "blue", "green", "pink", "brown", "purple", "brown", "white", "black", "orange"];
const nouns = ["table", "chair", "house", "bbq", "desk", "car", "pony", "cookie", "sandwich", "burger", "pizza", "mouse", "keyboard"];

let seed = 1;
function random01() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function random(max) {
  return Math.round(random01() * 1000) % max;
}

let nextId = 1;
function buildData(count) {
  const data = new Array(count);
  for (let i = 0; i < count; i++) {
    data[i] = {
      id: nextId++,
      label: adjectives[random(adjectives.length)] + " " + colours[random(colours.length)] + " " + nouns[random(nouns.length)],
    };
  }
  return data;
}

// The mini-program loads this file with `require`; benches/web loads it with a <script> tag.
if (typeof module !== "undefined") {
  module.exports = { buildData };
} else {
  globalThis.rowsModule = { buildData };
}
