// Drag and drop and arrow keys for the netwerkcirkel. The server decides: every move is an
// htmx POST with the contact's version, and htmx swaps in the re-rendered map (or the map with
// a conflict message). The geometry comes from the node layer's data attributes, which
// layout.py fills: data-bounds (band radii), data-rings (rings from the centre out) and
// data-quadrants (each quadrant clockwise from the top right, with its SVG angles).
const region = document.getElementById("map-region");
const live = document.getElementById("map-live");
const DRAG_THRESHOLD = 6;
// The contact to focus once the map is back.
let movedId = null;

function csrfToken() {
  const input = document.querySelector(".csrf-holder input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function nodeLayer() {
  return region ? region.querySelector("svg.netmap-nodes") : null;
}

function geometry(svg) {
  return {
    bounds: svg.dataset.bounds.split(",").map(Number),
    rings: svg.dataset.rings.split(",").map(Number),
    quadrants: JSON.parse(svg.dataset.quadrants),
  };
}

function toSvgPoint(svg, clientX, clientY) {
  const matrix = svg.getScreenCTM();
  if (!matrix) return null;
  return new DOMPoint(clientX, clientY).matrixTransform(matrix.inverse());
}

function postMove(node, ring, quadrant) {
  const svg = nodeLayer();
  if (!window.htmx || !svg) {
    window.location.reload();
    return;
  }
  movedId = node.dataset.id;
  window.htmx.ajax("POST", svg.dataset.moveUrl.replace("{id}", node.dataset.id), {
    source: region,
    target: region,
    swap: "innerHTML",
    values: {
      ring: String(ring),
      quadrant,
      version: node.dataset.version,
      csrfmiddlewaretoken: csrfToken(),
    },
  });
}

function announce(text) {
  if (!live) return;
  live.textContent = "";
  window.setTimeout(() => {
    live.textContent = text;
  }, 50);
}

let drag = null;

function onPointerDown(event) {
  const node = event.target.closest(".node");
  const svg = nodeLayer();
  if (!node || !svg || svg.dataset.editable !== "1" || event.button > 0) return;
  const start = toSvgPoint(svg, event.clientX, event.clientY);
  if (!start) return;
  const match = /translate\(([-\d.]+)[ ,]+([-\d.]+)\)/.exec(node.getAttribute("transform"));
  drag = {
    node,
    svg,
    pointerId: event.pointerId,
    start,
    origin: { x: Number(match[1]), y: Number(match[2]) },
    moved: false,
  };
  node.setPointerCapture(event.pointerId);
}

function onPointerMove(event) {
  if (!drag || event.pointerId !== drag.pointerId) return;
  const point = toSvgPoint(drag.svg, event.clientX, event.clientY);
  if (!point) return;
  const dx = point.x - drag.start.x;
  const dy = point.y - drag.start.y;
  const matrix = drag.svg.getScreenCTM();
  const scale = matrix ? matrix.a : 1;
  if (!drag.moved && Math.hypot(dx, dy) * scale < DRAG_THRESHOLD) return;
  drag.moved = true;
  followToEdge(event.clientX, event.clientY);
  drag.node.classList.add("dragging");
  drag.node.setAttribute("transform", `translate(${drag.origin.x + dx} ${drag.origin.y + dy})`);
  event.preventDefault();
}

function onPointerUp(event) {
  if (!drag || event.pointerId !== drag.pointerId) return;
  const current = drag;
  drag = null;
  if (!current.moved) return;
  current.node.classList.remove("dragging");
  // A cancelled drag (the browser took the gesture over) puts the person back.
  if (event.type === "pointercancel") {
    current.node.setAttribute("transform", `translate(${current.origin.x} ${current.origin.y})`);
    return;
  }
  // The click that follows a drag must not open the contact page.
  current.node.addEventListener("click", (click) => click.preventDefault(), { once: true });
  const point = toSvgPoint(current.svg, event.clientX, event.clientY);
  const place = point ? dropPlace(geometry(current.svg), point.x, point.y) : null;
  const node = current.node;
  if (
    !place ||
    (String(place.ring) === node.dataset.ring && place.quadrant === node.dataset.quadrant)
  ) {
    node.setAttribute("transform", `translate(${current.origin.x} ${current.origin.y})`);
    return;
  }
  postMove(node, place.ring, place.quadrant);
}

// A person dragged to the edge of the region takes the map along, so a finger can reach
// every ring although the map is larger than a phone's screen.
const EDGE = 40;
const EDGE_STEP = 16;

function followToEdge(clientX, clientY) {
  const box = region.getBoundingClientRect();
  const dx = clientX < box.left + EDGE ? -EDGE_STEP : clientX > box.right - EDGE ? EDGE_STEP : 0;
  const dy = clientY < box.top + EDGE ? -EDGE_STEP : clientY > box.bottom - EDGE ? EDGE_STEP : 0;
  if (dx || dy) region.scrollBy(dx, dy);
}

// The links at the top of the map scroll the map itself to a part of the circle; without this
// script they are ordinary links to the same spots (see network.css).
function scrollToSpot(spot, smooth) {
  const box = region.getBoundingClientRect();
  const place = spot.getBoundingClientRect();
  region.scrollTo({
    left: region.scrollLeft + place.left - box.left - region.clientLeft,
    top: region.scrollTop + place.top - box.top - region.clientTop,
    behavior: smooth ? "smooth" : "auto",
  });
}

function onJump(event) {
  const link = event.target.closest(".map-jump a");
  if (!link) return;
  const spot = document.getElementById(link.hash.slice(1));
  if (!spot) return;
  event.preventDefault();
  scrollToSpot(spot, !window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  markJump(link.hash);
}

function markJump(hash) {
  for (const link of document.querySelectorAll(".map-jump a")) {
    if (link.hash === hash) link.setAttribute("aria-current", "true");
    else link.removeAttribute("aria-current");
  }
}

// Return the ring and quadrant at SVG point (x, y), or null inside the centre circle.
function dropPlace({ bounds, rings, quadrants }, x, y) {
  const radius = Math.hypot(x, y);
  if (radius < bounds[0]) return null;
  // Beyond the last band's outer edge is still the outer band.
  let ring = rings[rings.length - 1];
  for (let index = 0; index < rings.length; index += 1) {
    if (radius <= bounds[index + 1]) {
      ring = rings[index];
      break;
    }
  }
  let degrees = (Math.atan2(y, x) * 180) / Math.PI;
  if (degrees < 0) degrees += 360;
  const found = quadrants.find(([, start, end]) => start <= degrees && degrees < end);
  return { ring, quadrant: (found || quadrants[0])[0] };
}

function onKeyDown(event) {
  const node = event.target.closest(".node");
  const svg = nodeLayer();
  if (!node || !svg || svg.dataset.editable !== "1") return;
  const { rings, quadrants } = geometry(svg);
  const names = quadrants.map(([name]) => name);
  const ringIndex = rings.indexOf(Number(node.dataset.ring));
  const quadrantIndex = names.indexOf(node.dataset.quadrant);
  let ring = Number(node.dataset.ring);
  let quadrant = node.dataset.quadrant;
  if (event.key === "ArrowUp") ring = rings[Math.max(0, ringIndex - 1)];
  else if (event.key === "ArrowDown") ring = rings[Math.min(rings.length - 1, ringIndex + 1)];
  else if (event.key === "ArrowRight") quadrant = names[(quadrantIndex + 1) % names.length];
  else if (event.key === "ArrowLeft")
    quadrant = names[(quadrantIndex + names.length - 1) % names.length];
  else return;
  event.preventDefault();
  if (ring === Number(node.dataset.ring) && quadrant === node.dataset.quadrant) return;
  postMove(node, ring, quadrant);
}

function onBeforeSwap(event) {
  // Anything but a map (the sign-in page after a timeout, an error page) replaces the page.
  if (!event.detail.serverResponse.includes("map-stack")) {
    event.detail.shouldSwap = false;
    window.location.reload();
  }
}

function onAfterSwap() {
  const status = region.querySelector("[data-status]");
  if (status) announce(status.textContent);
  const moved = nodeLayer()?.querySelector(`.node[data-id="${movedId}"]`);
  if (moved) moved.focus();
}

if (region) {
  region.addEventListener("pointerdown", onPointerDown);
  region.addEventListener("pointermove", onPointerMove);
  region.addEventListener("pointerup", onPointerUp);
  region.addEventListener("pointercancel", onPointerUp);
  region.addEventListener("keydown", onKeyDown);
  region.addEventListener("htmx:beforeSwap", onBeforeSwap);
  region.addEventListener("htmx:afterSwap", onAfterSwap);
  region.addEventListener("htmx:sendError", () => announce(region.dataset.failed));
  document.querySelector(".map-jump")?.addEventListener("click", onJump);
  // Open a map larger than the screen on the person in the middle, not on an empty corner.
  const middle = document.getElementById("map-q-middle");
  const asked = window.location.hash && document.getElementById(window.location.hash.slice(1));
  if (middle && region.classList.contains("map-readable") && !asked) scrollToSpot(middle, false);
}

const printButton = document.querySelector("[data-print]");
if (printButton) {
  printButton.hidden = false;
  printButton.addEventListener("click", () => window.print());
}

export { dropPlace };
