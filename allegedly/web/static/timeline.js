// The timeline: /api/timeline's items drawn with vis-timeline, one row for events and one for claims,
// coloured by status; selecting an item opens its page. Item text is set as text, never as HTML.
(function () {
  "use strict";
  var box = document.getElementById("timeline");
  function day(iso) {  // '2016', '2016-05' and '2016-05-02' as a UTC date (vis-timeline takes Date objects)
    var parts = iso.split("-").map(Number);
    return new Date(Date.UTC(parts[0], (parts[1] || 1) - 1, parts[2] || 1));
  }
  function text(tag, value) { var el = document.createElement(tag); el.textContent = value == null ? "" : value; return el; }
  fetch(box.dataset.src).then(function (r) { return r.json(); }).then(function (data) {
    var list = document.getElementById("timeline-list");
    if (!data.items) { document.getElementById("timeline-count").textContent = data.error || "no data"; return; }
    var urls = {};
    var items = data.items.map(function (it) {
      urls[it.id] = it.url;
      var tr = document.createElement("tr");
      tr.appendChild(text("td", it.date));
      var what = document.createElement("td"), a = text("a", it.kind + ": " + it.label); a.href = it.url;
      what.appendChild(a); tr.appendChild(what);
      var st = document.createElement("td"), badge = text("span", it.status || "");
      badge.className = "status " + (it.status || ""); st.appendChild(badge); tr.appendChild(st);
      tr.appendChild(text("td", it.title || ""));
      list.appendChild(tr);
      return { id: it.id, group: it.kind, start: day(it.date), content: text("span", it.label),
               className: it.status || "none", title: it.date + " · " + it.kind + " · " + (it.status || "") };
    });
    document.getElementById("timeline-count").textContent = items.length + " dated " + (items.length === 1 ? "item" : "items");
    var groups = [{ id: "event", content: "events" }, { id: "claim", content: "claims" }];
    var timeline = new vis.Timeline(box, new vis.DataSet(items), new vis.DataSet(groups), {
      stack: true, type: "point", zoomKey: "ctrlKey", maxHeight: 480, orientation: "top",
      tooltip: { followMouse: true }, margin: { item: 4 }
    });
    if (items.length) timeline.fit({ animation: false });
    timeline.on("select", function (props) {
      if (props.items.length && urls[props.items[0]]) window.location.href = urls[props.items[0]];
    });
    window.allegedlyTimeline = timeline;
    box.dataset.ready = "true";
  });
})();
