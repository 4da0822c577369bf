/* Zoom and pan of the report's dispatch charts (simulator/outputs/dispatch_svg.py): wheel or buttons zoom
   the time axis, dragging pans it; only the x range of the plot's viewBox changes; time ticks are redrawn. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var STEPS = [1, 2, 3, 6, 12, 24, 48];
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function setup(chart) {
    var svg = chart.querySelector("svg.dispatch"), plot = svg.querySelector("svg.plot");
    var axis = svg.querySelector("g.xaxis");
    var hours = parseFloat(svg.getAttribute("data-hours")), left = parseFloat(svg.getAttribute("data-left"));
    var width = parseFloat(svg.getAttribute("data-width")), axisY = svg.getAttribute("data-axis-y");
    var start = new Date(svg.getAttribute("data-start") + ":00Z");
    var vb = plot.getAttribute("viewBox").split(" ").map(parseFloat);
    var minSpan = Math.min(hours, 6);
    var x0 = 0, span = hours;
    function draw() {
      plot.setAttribute("viewBox", [x0, vb[1], span, vb[3]].join(" "));
      var step = STEPS[STEPS.length - 1];
      for (var i = 0; i < STEPS.length; i++) { if (span / STEPS[i] <= 8) { step = STEPS[i]; break; } }
      while (axis.firstChild) { axis.removeChild(axis.firstChild); }
      for (var h = Math.ceil(x0 / step) * step; h <= x0 + span + 1e-9; h += step) {
        var d = new Date(start.getTime() + h * 3600e3);
        var t = document.createElementNS(NS, "text");
        t.setAttribute("x", (left + (h - x0) / span * width).toFixed(1));
        t.setAttribute("y", axisY);
        t.setAttribute("text-anchor", "middle");
        t.setAttribute("font-size", "11");
        t.textContent = pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate())
          + (step < 24 ? " " + pad(d.getUTCHours()) + ":00" : "");
        axis.appendChild(t);
      }
      svg.setAttribute("data-view", x0.toFixed(3) + " " + span.toFixed(3));
    }
    function zoom(factor, fraction) {
      var anchor = x0 + fraction * span;
      span = Math.max(minSpan, Math.min(hours, span * factor));
      x0 = Math.max(0, Math.min(hours - span, anchor - fraction * span));
      draw();
    }
    function fractionAt(clientX) {
      var r = plot.getBoundingClientRect();
      return r.width > 0 ? Math.max(0, Math.min(1, (clientX - r.left) / r.width)) : 0.5;
    }
    svg.addEventListener("wheel", function (e) {
      e.preventDefault();
      zoom(e.deltaY < 0 ? 0.8 : 1.25, fractionAt(e.clientX));
    }, { passive: false });
    var dragFrom = null, dragX0 = 0;
    svg.addEventListener("pointerdown", function (e) { dragFrom = e.clientX; dragX0 = x0; });
    window.addEventListener("pointerup", function () { dragFrom = null; });
    svg.addEventListener("pointermove", function (e) {
      if (dragFrom === null) { return; }
      var r = plot.getBoundingClientRect();
      if (r.width <= 0) { return; }
      x0 = Math.max(0, Math.min(hours - span, dragX0 - (e.clientX - dragFrom) / r.width * span));
      draw();
    });
    chart.querySelectorAll("button[data-zoom]").forEach(function (b) {
      b.addEventListener("click", function () {
        var z = b.getAttribute("data-zoom");
        if (z === "reset") { x0 = 0; span = hours; draw(); } else { zoom(z === "in" ? 0.5 : 2, 0.5); }
      });
    });
    draw();
  }
  document.querySelectorAll("div.dispatch-chart").forEach(setup);
})();
