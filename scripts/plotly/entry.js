// plotly.js with only the trace types the page draws: scatter (in the core), bar, heatmap and
// waterfall. The whole bundle is 4.8 MB; this one is a quarter of it, and so a quarter of the
// script a browser parses and compiles before the page's first frame.
var Plotly = require("plotly.js/lib/core");

Plotly.register([
  require("plotly.js/lib/bar"),
  require("plotly.js/lib/heatmap"),
  require("plotly.js/lib/waterfall"),
]);

module.exports = Plotly;
