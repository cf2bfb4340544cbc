// The map: a world outline (Natural Earth via world-atlas, served here) and the GeoJSON of /api/geo,
// drawn with Leaflet. No tiles: nothing is fetched from another host. Markers are focusable (Tab, Enter).
(function () {
  "use strict";
  var box = document.getElementById("map");
  var map = L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([25, 20], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth");
  window.allegedlyMap = map;
  function text(tag, value) { var el = document.createElement(tag); el.textContent = value == null ? "" : value; return el; }
  function popup(p) {
    var div = document.createElement("div");
    var a = text("a", p.label); a.href = p.url; div.appendChild(a);
    div.appendChild(text("div", [p.kind, p.status, p.place, p.date || p.published].filter(Boolean).join(" · ")));
    if (p.chain) div.appendChild(text("div", p.chain));
    return div;
  }
  fetch(box.dataset.world).then(function (r) { return r.json(); }).then(function (world) {
    L.geoJSON(topojson.feature(world, world.objects.countries), {
      style: { color: "#868e96", weight: 0.6, fillColor: "#f8f9fa", fillOpacity: 1 }, interactive: false
    }).addTo(map).bringToBack();
  });
  fetch(box.dataset.src).then(function (r) { return r.json(); }).then(function (data) {
    var list = document.getElementById("map-list"), bounds = [];
    if (!data.features) { document.getElementById("map-count").textContent = data.error || "no data"; return; }
    data.features.forEach(function (f) {
      var p = f.properties, ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
      var icon = L.divIcon({ className: "pin " + (p.status || "none") + (p.kind === "claim" ? " claim-pin" : ""),
                             iconSize: [14, 14] });
      L.marker(ll, { icon: icon, title: p.place + ": " + p.kind + " " + (p.status || "") + " — " + p.label,
                     alt: p.place, keyboard: true, riseOnHover: true })
        .bindPopup(popup(p)).addTo(map);
      bounds.push(ll);
      var tr = document.createElement("tr");
      tr.appendChild(text("td", p.place));
      var what = document.createElement("td"), a = text("a", p.label); a.href = p.url; what.appendChild(a);
      tr.appendChild(what);
      var st = document.createElement("td"); st.appendChild(text("span", p.status || "")); st.firstChild.className = "status " + (p.status || "");
      tr.appendChild(st);
      tr.appendChild(text("td", p.chain || ""));
      list.appendChild(tr);
    });
    document.getElementById("map-count").textContent = data.features.length + " located " +
      (data.features.length === 1 ? "item" : "items");
    if (bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 6 });
    box.dataset.ready = "true";
  });
})();
