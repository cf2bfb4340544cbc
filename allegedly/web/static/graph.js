// Draws each .graph element from its JSON block with Cytoscape.js: sources (or articles) as nodes,
// relays/cites/from (or copy) links as arrows whose width is the number of claims resting on them.
(function () {
  "use strict";
  var SHAPES = { publisher: "round-rectangle", outlet: "round-rectangle", document: "diamond", person: "ellipse",
                 official: "ellipse", group: "triangle", anonymous: "triangle", article: "round-rectangle" };
  var COLOURS = { publisher: "#1864ab", outlet: "#1c7ed6", document: "#e8590c", person: "#2b8a3e",
                  official: "#5c940d", group: "#862e9c", anonymous: "#a61e4d", article: "#1c7ed6" };
  function draw(box) {
    var data = JSON.parse(document.getElementById(box.dataset.graph).textContent);
    var maxClaims = Math.max.apply(null, [1].concat(data.nodes.map(function (n) { return n.claims || 1; })));
    var elements = data.nodes.map(function (n) {
      return { data: { id: n.id, label: n.name, kind: n.kind, url: n.url || "/sources/" + encodeURIComponent(n.name),
                       size: 18 + 30 * Math.sqrt((n.claims || 1) / maxClaims) } };
    }).concat(data.edges.map(function (e, i) {
      return { data: { id: "e" + i, source: e.source, target: e.target, kind: e.kind, weight: e.weight,
                       width: 1 + Math.min(8, Math.sqrt(e.weight) * 1.5) } };
    }));
    var cy = cytoscape({
      container: box, elements: elements, wheelSensitivity: 0.3,
      layout: { name: data.nodes.length > 2 ? "cose" : "breadthfirst", directed: true, animate: false,
                nodeRepulsion: 9000, idealEdgeLength: 90, padding: 20 },
      style: [
        { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)",
          "font-size": 11, "text-wrap": "wrap", "text-max-width": 120, "text-valign": "bottom", "text-margin-y": 3,
          "background-color": function (n) { return COLOURS[n.data("kind")] || "#495057"; },
          shape: function (n) { return SHAPES[n.data("kind")] || "ellipse"; } } },
        { selector: "edge", style: { width: "data(width)", "curve-style": "bezier", "target-arrow-shape": "triangle",
          "line-color": "#adb5bd", "target-arrow-color": "#868e96", label: "data(kind)", "font-size": 9,
          color: "#868e96", "text-rotation": "autorotate" } },
        { selector: "edge[kind = 'from']", style: { "line-style": "dashed" } }
      ]
    });
    cy.on("tap", "node", function (evt) { window.location.href = evt.target.data("url"); });
    box.cy = cy;
    (window.allegedlyGraphs = window.allegedlyGraphs || {})[box.id] = cy;
    box.dataset.ready = "true";
  }
  document.querySelectorAll(".graph[data-graph]").forEach(draw);
})();
