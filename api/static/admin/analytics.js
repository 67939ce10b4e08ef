// Analytics with inline SVG charts: completion rates (per service, per strategy),
// drop-off by session number, no-show rates, time between sessions vs. buffers.

import { api } from "./api.js";
import { empty, fmt, h, svg } from "./dom.js";

const WIDTH = 600;
const LABEL = 210;
const VALUE = 120;

function short(text, size = 28) {
  return text.length > size ? `${text.slice(0, size - 1)}…` : text;
}

function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
const ROW = 26;

// Horizontal bars of rates (0..1); `items` = [{label, rate, note}].
function rateChart(title, items, color) {
  const height = items.length * ROW + 10;
  const scale = WIDTH - LABEL - VALUE;
  const chart = svg(
    "svg",
    { class: "chart", viewBox: `0 0 ${WIDTH} ${height}`, width: String(WIDTH), height: String(height), role: "img", "aria-label": title },
    items.map((item, i) => {
      const y = i * ROW + 5;
      const width = item.rate === null ? 0 : Math.max(1, item.rate * scale);
      return svg(
        "g",
        {},
        svg("text", { x: "0", y: String(y + 15), class: "chart-label" }, item.label),
        svg("rect", { x: String(LABEL), y: String(y + 3), width: String(scale), height: "16", fill: "#eef2f7", rx: "3" }),
        svg("rect", { x: String(LABEL), y: String(y + 3), width: String(width), height: "16", fill: color, rx: "3" }),
        svg("text", { x: String(LABEL + scale + 8), y: String(y + 15), class: "chart-value" }, `${fmt.percent(item.rate)} ${item.note || ""}`),
      );
    }),
  );
  return h("figure", { class: "card chart-card" }, h("figcaption", {}, title), chart);
}

// Time between sessions: the allowed window [minimum, maximum] shaded, the target
// as a tick, the average measured as a dot.
function gapChart(services) {
  const rows = services.flatMap((s) => s.gaps.filter((g) => g.count > 0).map((g) => ({ s, g })));
  if (!rows.length) return h("figure", { class: "card chart-card" }, h("figcaption", {}, "Days between sessions vs. buffers"), empty("No two consecutive completed sessions yet."));
  const most = Math.max(...rows.map(({ g }) => Math.max(g.maximum ?? 0, g.longest_days ?? 0, g.target)), 1) * 1.1;
  const scale = WIDTH - LABEL - VALUE;
  const x = (days) => LABEL + (days / most) * scale;
  const height = rows.length * ROW + 10;
  const chart = svg(
    "svg",
    { class: "chart", viewBox: `0 0 ${WIDTH} ${height}`, width: String(WIDTH), height: String(height), role: "img", "aria-label": "Days between sessions" },
    rows.map(({ s, g }, i) => {
      const y = i * ROW + 5;
      const high = g.maximum ?? most;
      return svg(
        "g",
        {},
        svg("text", { x: "0", y: String(y + 15), class: "chart-label" }, `${short(s.name, 24)} ${g.after_session}→${g.after_session + 1}`),
        svg("rect", { x: String(x(g.minimum)), y: String(y + 4), width: String(Math.max(2, x(high) - x(g.minimum))), height: "14", fill: "#dcfce7", rx: "3" }),
        svg("line", { x1: String(x(g.target)), x2: String(x(g.target)), y1: String(y + 1), y2: String(y + 21), stroke: "#16a34a", "stroke-width": "2" }),
        svg("circle", { cx: String(x(g.average_days)), cy: String(y + 11), r: "5", fill: g.late || g.early ? "#dc2626" : "#1d4ed8" }),
        svg("text", { x: String(LABEL + scale + 8), y: String(y + 15), class: "chart-value" }, `${g.average_days.toFixed(1)} d (n=${g.count})`),
      );
    }),
  );
  const legend = h("p", { class: "muted legend" }, "Green band: allowed days (minimum to maximum); tick: target; dot: average measured (red when some gaps fell outside).");
  return h("figure", { class: "card chart-card" }, h("figcaption", {}, "Days between sessions vs. buffers"), chart, legend);
}

function dropOffTable(analytics) {
  const head = h("tr", {}, h("th", {}, "Service"), ...analytics.drop_off.map((s) => h("th", {}, `S${s.session}`)));
  const row = (name, steps) =>
    h(
      "tr",
      {},
      h("td", {}, name),
      ...analytics.drop_off.map((_, i) => {
        const step = steps[i];
        if (!step) return h("td", {}, "");
        return h("td", { title: `${step.reached} of ${step.eligible} went on; ${step.dropped} dropped` }, step.eligible ? `${step.reached}/${step.eligible}` : "–", step.dropped ? h("span", { class: "drop" }, ` −${step.dropped}`) : null);
      }),
    );
  return h(
    "figure",
    { class: "card chart-card wide" },
    h("figcaption", {}, "Drop-off by session number (completed / could attend, −dropped)"),
    h("div", { class: "table-wrap" }, h("table", { class: "table" }, h("thead", {}, head), h("tbody", {}, analytics.services.map((s) => row(s.name, s.drop_off)), row("All services", analytics.drop_off)))),
  );
}

export async function renderAnalytics(root) {
  const a = await api("/analytics");
  const tile = (label, value, note) => h("div", { class: "card tile" }, h("p", { class: "muted" }, label), h("p", { class: "big" }, value), h("p", { class: "muted" }, note));
  const ended = a.overall.completed + a.overall.cancelled + a.overall.expired;
  root.replaceChildren(
    h(
      "div",
      { class: "tiles" },
      tile("Plans", String(a.overall.plans), `${a.overall.active} in progress`),
      tile("Completion rate", fmt.percent(a.overall.completion_rate), `${a.overall.completed} of ${ended} ended plans`),
      tile("No-show rate", fmt.percent(a.attendance.no_show_rate), `${a.attendance.no_shows} of ${a.attendance.completed + a.attendance.no_shows} sessions`),
      tile("Cancelled / expired", `${a.overall.cancelled} / ${a.overall.expired}`, "plans"),
    ),
    h(
      "div",
      { class: "charts" },
      rateChart("Completion rate per service", a.services.map((s) => ({ label: short(s.name), rate: s.plans.completion_rate, note: `(${plural(s.plans.plans, "plan")})` })), "#2563eb"),
      rateChart("Completion rate per strategy", a.strategies.map((s) => ({ label: fmt.title(s.strategy), rate: s.plans.completion_rate, note: `(${plural(s.plans.plans, "plan")})` })), "#7c3aed"),
      rateChart("No-show rate per service", a.services.map((s) => ({ label: short(s.name), rate: s.attendance.no_show_rate, note: `(${s.attendance.no_shows})` })), "#dc2626"),
      gapChart(a.services),
      dropOffTable(a),
    ),
  );
}
