// Network map editor: drag a member to another circle (mouse, pen or touch), or focus them and press
// the left arrow (closer) or right arrow (further). Each move is saved at once; the page then reloads
// so the measures and the table stay true. Without JavaScript, the table's "Change" links do the same.
(function () {
  "use strict";
  var svg = document.querySelector("#map-editor svg.network-map");
  if (!svg) { return; }
  var status = document.getElementById("map-status");
  var token = document.querySelector("#map-editor input[name=csrfmiddlewaretoken]").value;
  var centre = parseFloat(svg.dataset.centre), ring = parseFloat(svg.dataset.ring);
  var inner = parseFloat(svg.dataset.inner);
  var circles = parseInt(svg.dataset.circles, 10);

  function save(member, circle) {
    circle = Math.max(1, Math.min(circles, circle));
    if (String(circle) === member.dataset.circle) { return; }
    status.textContent = "Saving…";
    var body = new URLSearchParams({ circle: String(circle) });
    fetch(member.dataset.moveUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": token, "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.error || "Not saved"); }
        sessionStorage.setItem("cpi-map-focus", member.dataset.key);
        status.textContent = data.label + " moved to circle " + data.circle + ".";
        window.location.reload();
      });
    }).catch(function (error) { status.textContent = "Not saved: " + error.message; });
  }

  function point(event) {
    var p = svg.createSVGPoint();
    p.x = event.clientX; p.y = event.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }

  svg.querySelectorAll(".map-member[data-move-url]").forEach(function (member) {
    var dragging = null;
    member.addEventListener("pointerdown", function (event) {
      dragging = point(event);
      member.setPointerCapture(event.pointerId);
      member.classList.add("dragging");
    });
    member.addEventListener("pointermove", function (event) {
      if (!dragging) { return; }
      var here = point(event);
      member.setAttribute("transform", "translate(" + (here.x - dragging.x) + " " + (here.y - dragging.y) + ")");
    });
    member.addEventListener("pointerup", function (event) {
      if (!dragging) { return; }
      dragging = null;
      member.classList.remove("dragging");
      var here = point(event);
      var distance = Math.hypot(here.x - centre, here.y - centre);
      save(member, Math.floor(Math.max(0, distance - inner) / ring) + 1);
      member.removeAttribute("transform");
    });
    member.addEventListener("keydown", function (event) {
      var now = parseInt(member.dataset.circle, 10);
      if (event.key === "ArrowLeft" || event.key === "ArrowUp") { event.preventDefault(); save(member, now - 1); }
      if (event.key === "ArrowRight" || event.key === "ArrowDown") { event.preventDefault(); save(member, now + 1); }
    });
  });
  var focus = sessionStorage.getItem("cpi-map-focus");
  if (focus) {
    sessionStorage.removeItem("cpi-map-focus");
    var again = svg.querySelector('.map-member[data-key="' + focus + '"]');
    if (again) { again.focus(); }
  }
})();
