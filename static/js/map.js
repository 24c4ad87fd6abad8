/* Maps of the county: the bundled municipality outlines (static/data/), a circle per municipality
   sized by its count, and a tile layer only when the site configures one. Every map is a
   <div class="map" data-map-url=... data-outlines-url=...> with a table of the same numbers beside
   it, so the page says everything without JavaScript; the map is shown only once it can be drawn. */
(function () {
  "use strict";

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(url + ": " + response.status); }
        return response.json();
      });
  }

  function radius(count, largest) {
    if (!count) { return 0; }
    return 6 + 18 * Math.sqrt(count / Math.max(largest, 1));
  }

  function draw(element, outlines, data) {
    element.hidden = false;
    var tiles = element.dataset.tilesUrl;
    // Without tiles the map is a picture of the table beside it: no controls to tab through, named as an
    // image. With tiles it keeps the attribution link their licence asks for, in a named region.
    var map = L.map(element, { scrollWheelZoom: false, zoomControl: false, keyboard: false,
                               attributionControl: Boolean(tiles), zoomSnap: 0.25 });
    if (tiles) {
      map.attributionControl.setPrefix(false);
      L.tileLayer(tiles, { attribution: element.dataset.tilesAttribution || "" }).addTo(map);
    }
    var shapes = L.geoJSON(outlines, {
      style: { color: "#1d6b3a", weight: 1.5, fillColor: "#dcefe2", fillOpacity: element.dataset.tilesUrl ? 0.15 : 0.6 }
    }).addTo(map);
    map.fitBounds(shapes.getBounds(), { padding: [8, 8] });
    var points = data.municipalities || [];
    var key = element.dataset.countKey || "listings";
    var largest = Math.max.apply(null, points.map(function (p) { return p[key] || 0; }).concat([1]));
    points.forEach(function (p) {
      var r = radius(p[key], largest);
      if (!r) { return; }
      L.circleMarker([p.lat, p.lon], { radius: r, color: "#144d28", weight: 1, fillColor: "#2e8b57", fillOpacity: 0.7 })
        .bindTooltip(p.summary)
        .addTo(map);
    });
    var container = map.getContainer();
    container.setAttribute("role", tiles ? "region" : "img");
    container.setAttribute("aria-label", element.dataset.label || "");
    container.removeAttribute("tabindex");
    element.classList.add("map-ready");
  }

  function start(element) {
    if (typeof L === "undefined") { return; }
    Promise.all([getJSON(element.dataset.outlinesUrl), getJSON(element.dataset.mapUrl)])
      .then(function (loaded) { draw(element, loaded[0], loaded[1]); })
      .catch(function () { element.hidden = true; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".map[data-map-url]"), start);
  });
}());
