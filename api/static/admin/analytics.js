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

// Completion funnel: how many plans completed at least session k, as centred bars
// that narrow where customers drop out. `steps` = the analytics' drop-off steps.
function funnelChart(analytics, serviceId) {
  const service = analytics.services.find((s) => s.service_id === serviceId);
  const steps = (service ? service.drop_off : analytics.drop_off).filter((s) => s.eligible > 0 || s.session === 1);
  const plans = steps.length ? steps[0].eligible : 0;
  const height = Math.max(1, steps.length) * ROW + 10;
  const scale = WIDTH - LABEL - VALUE;
  const chart = svg(
    "svg",
    { class: "chart funnel", viewBox: `0 0 ${WIDTH} ${height}`, width: String(WIDTH), height: String(height), role: "img", "aria-label": "Completion funnel by session number" },
    steps.map((step, i) => {
      const y = i * ROW + 5;
      const width = plans ? Math.max(step.reached ? 2 : 0, (step.reached / plans) * scale) : 0;
      return svg(
        "g",
        { "data-session": String(step.session), "data-reached": String(step.reached) },
        svg("text", { x: "0", y: String(y + 15), class: "chart-label" }, `Session ${step.session}`),
        svg("rect", { x: String(LABEL + (scale - width) / 2), y: String(y + 2), width: String(width), height: "18", fill: "#2563eb", rx: "3", opacity: String(1 - i * 0.05) }),
        svg("text", { x: String(LABEL + scale + 8), y: String(y + 15), class: "chart-value" }, `${step.reached}/${plans}${step.dropped ? ` (−${step.dropped})` : ""}`),
      );
    }),
  );
  const picker = h(
    "select",
    { id: "funnel-service", "aria-label": "Service", onchange: (e) => figure.replaceWith(funnelChart(analytics, e.target.value)) },
    h("option", { value: "" }, "All services"),
    analytics.services.map((s) => h("option", { value: s.service_id, selected: s.service_id === serviceId }, s.name)),
  );
  const figure = h(
    "figure",
    { class: "card chart-card", id: "funnel" },
    h("figcaption", {}, "Completion funnel by session number ", picker),
    plans ? chart : empty("No plans yet."),
    h("p", { class: "muted legend" }, "Plans that completed at least that session (−: dropped there); the bar narrows where customers stop."),
  );
  return figure;
}

// Bookings per week: each week's sessions stacked by status; this week outlined.
const WEEK_PARTS = [
  ["completed", "#16a34a", "completed"],
  ["no_shows", "#dc2626", "no-show"],
  ["confirmed", "#93c5fd", "booked"],
];

function weeksChart(weeks) {
  const height = 190;
  const base = 150;
  const most = Math.max(1, ...weeks.map((w) => w.completed + w.no_shows + w.confirmed));
  const step = WIDTH / Math.max(1, weeks.length);
  const bar = Math.min(44, step * 0.6);
  const chart = svg(
    "svg",
    { class: "chart weeks", viewBox: `0 0 ${WIDTH} ${height}`, width: String(WIDTH), height: String(height), role: "img", "aria-label": "Bookings per week" },
    weeks.map((week, i) => {
      const x = i * step + (step - bar) / 2;
      let top = base;
      const total = week.completed + week.no_shows + week.confirmed;
      const parts = WEEK_PARTS.map(([key, color]) => {
        const h2 = (week[key] / most) * (base - 20);
        top -= h2;
        return svg("rect", { x: String(x), y: String(top), width: String(bar), height: String(h2), fill: color });
      });
      return svg(
        "g",
        { "data-week": week.start, "data-total": String(total) },
        week.current ? svg("rect", { x: String(x - 4), y: "4", width: String(bar + 8), height: String(base - 2), fill: "none", stroke: "#94a3b8", "stroke-dasharray": "4 3" }) : null,
        parts,
        svg("text", { x: String(x + bar / 2), y: String(top - 4), class: "chart-value", "text-anchor": "middle" }, String(total)),
        svg("text", { x: String(x + bar / 2), y: String(base + 16), class: "chart-label", "text-anchor": "middle" }, week.label.split(" ").slice(1, 3).join(" ")),
      );
    }),
  );
  const legend = h("p", { class: "muted legend" }, WEEK_PARTS.map(([, color, label]) => h("span", { class: "key" }, h("i", { style: `background:${color}` }), label)), " · weeks start on Monday; dashed: this week");
  return h("figure", { class: "card chart-card", id: "weeks" }, h("figcaption", {}, "Bookings per week (sessions by the week they take place)"), chart, legend);
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
  const [a, weeks] = await Promise.all([api("/analytics"), api("/analytics/weeks")]);
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
      funnelChart(a, ""),
      weeksChart(weeks),
      rateChart("No-show rate per service", a.services.map((s) => ({ label: short(s.name), rate: s.attendance.no_show_rate, note: `(${s.attendance.no_shows} of ${s.attendance.completed + s.attendance.no_shows})` })), "#dc2626"),
      rateChart("Completion rate per service", a.services.map((s) => ({ label: short(s.name), rate: s.plans.completion_rate, note: `(${plural(s.plans.plans, "plan")})` })), "#2563eb"),
      rateChart("Completion rate per strategy", a.strategies.map((s) => ({ label: fmt.title(s.strategy), rate: s.plans.completion_rate, note: `(${plural(s.plans.plans, "plan")})` })), "#7c3aed"),
      gapChart(a.services),
      dropOffTable(a),
    ),
  );
}
