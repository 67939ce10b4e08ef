// Small DOM and formatting helpers shared by the dashboard's views.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// Like el.replaceChildren / el.append, skipping null, undefined and false.
export function fill(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";

export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value);
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// The business's time zone, set once signed in; every time is shown in it.
let zone = "UTC";
export function setZone(name) {
  zone = name;
}

function parts(iso, options) {
  return new Intl.DateTimeFormat("en-GB", { timeZone: zone, ...options }).format(new Date(iso));
}

export const fmt = {
  time: (iso) => parts(iso, { hour: "2-digit", minute: "2-digit", hour12: false }),
  day: (iso) => parts(iso, { weekday: "short", day: "numeric", month: "short" }),
  // "Tue 10 Mar 2026, 14:00", as the server writes times.
  dateTime: (iso) => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat("en-GB", {
        timeZone: zone, weekday: "short", day: "numeric", month: "short", year: "numeric",
        hour: "2-digit", minute: "2-digit", hour12: false,
      }).formatToParts(new Date(iso)).map((part) => [part.type, part.value]),
    );
    return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
  },
  // The local date and time of an instant, as <input type="date"> and "time" take them.
  isoDate: (iso) => parts(iso, { year: "numeric", month: "2-digit", day: "2-digit" }).split("/").reverse().join("-"),
  clock: (iso) => parts(iso, { hour: "2-digit", minute: "2-digit", hour12: false }),
  percent: (rate) => (rate === null || rate === undefined ? "–" : `${Math.round(rate * 100)}%`),
  title: (text) => text.charAt(0).toUpperCase() + text.slice(1),
};

// Status icons as inline SVG (no emoji font needed): completed, confirmed, no-show, cancelled.
const ICON_PATHS = {
  completed: ["#16a34a", "M7 12.5l3.2 3.2L17 9"],
  confirmed: ["#2563eb", "M7 9h10M8 6v3M16 6v3M6.5 8h11v10h-11z"],
  no_show: ["#dc2626", "M8.5 8.5l7 7M15.5 8.5l-7 7"],
  cancelled: ["#9ca3af", "M7 17L17 7"],
};

export function statusIcon(status) {
  const [color, path] = ICON_PATHS[status] || ICON_PATHS.cancelled;
  return svg(
    "svg",
    { class: `icon icon-${status}`, viewBox: "0 0 24 24", width: "18", height: "18", "aria-label": status },
    svg("circle", { cx: "12", cy: "12", r: "11", fill: color }),
    svg("path", { d: path, stroke: "#fff", "stroke-width": "2", fill: "none", "stroke-linecap": "round" }),
  );
}

export function badge(text, kind = "") {
  return h("span", { class: `badge ${kind}` }, text);
}

export function empty(text) {
  return h("p", { class: "empty muted" }, text);
}
