// The calendar: a day or a week of sessions per service, each with its slot's load
// against the service's capacity. A session opens its plan (every session of it),
// where it can be marked, moved or cancelled; "+ Book" books for a customer on a day.

import { api } from "./api.js";
import { empty, fill, h, statusIcon } from "./dom.js";
import { planCard } from "./plans.js";
import { bookForm } from "./act.js";

const state = { start: null, days: 7, service: "" };

function addDays(iso, n) {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function sessionChip(s, open) {
  const full = s.load >= s.capacity;
  return h(
    "button",
    {
      class: `cal-session s-${s.status}`,
      dataset: { booking: String(s.booking_id), group: s.group_id, customer: s.customer.name || s.customer.phone, number: String(s.number) },
      title: `${s.when} · ${s.service_name} · ${s.number} of ${s.total}`,
      onclick: () => open(s.group_id),
    },
    h("span", { class: "cal-time" }, s.time),
    statusIcon(s.status),
    h("span", { class: "cal-who" }, s.customer.name || s.customer.phone),
    h("span", { class: "cal-what muted" }, `${s.number} of ${s.total}`),
    h("span", { class: `cal-load${full ? " full" : ""}`, title: "sessions in this slot / capacity" }, `${s.load}/${s.capacity}`),
  );
}

function dayColumn(day, sessions, services, open, book) {
  const byService = services
    .map((service) => [service, sessions.filter((s) => s.service_id === service.id)])
    .filter(([, list]) => list.length);
  return h(
    "section",
    { class: `cal-day${day.today ? " today" : ""}${day.hours.length ? "" : " closed"}`, dataset: { day: day.date } },
    h(
      "header",
      { class: "cal-day-head" },
      h("strong", {}, day.label),
      h("span", { class: "muted" }, day.hours.length ? day.hours.join(", ") : "closed"),
      h("button", { class: "small quiet", dataset: { bookDay: day.date }, onclick: () => book(day.date) }, "+ Book"),
    ),
    byService.length
      ? byService.map(([service, list]) =>
          h(
            "div",
            { class: "cal-service", dataset: { service: service.id } },
            h("h4", {}, `${service.name} · capacity ${service.capacity}`),
            list.map((s) => sessionChip(s, open)),
          ),
        )
      : empty("No sessions."),
  );
}

export async function renderCalendar(root, app) {
  const panel = h("aside", { class: "card cal-panel", id: "cal-panel", hidden: true });
  const grid = h("div", { class: "cal-grid", id: "calendar" });
  const toolbar = h("div", { class: "cal-toolbar" });
  const close = () => h("button", { class: "link close", onclick: () => (panel.hidden = true) }, "Close ✕");

  function show(...children) {
    fill(panel, close(), ...children);
    panel.hidden = false;
    panel.scrollIntoView({ block: "nearest" });
  }

  async function openPlan(groupId) {
    const plan = await api(`/groups/${groupId}`);
    show(planCard(plan, app, () => load()));
  }

  function book(day) {
    show(bookForm(day, app, async (plan) => {
      await load();
      await openPlan(plan.id);
    }));
  }

  async function load() {
    const query = { days: state.days, service: state.service };
    if (state.start) query.date = state.start;
    const data = await api("/calendar", { query });
    state.start = data.start;
    const services = state.service ? data.services.filter((s) => s.id === state.service) : data.services;
    const go = (change) => () => (change(), load());
    fill(
      toolbar,
      h("button", { class: "small", "aria-label": "Earlier", onclick: go(() => (state.start = addDays(state.start, -state.days))) }, "◀"),
      h("input", { type: "date", id: "cal-date", value: state.start, onchange: (e) => e.target.value && ((state.start = e.target.value), load()) }),
      h("button", { class: "small", "aria-label": "Later", onclick: go(() => (state.start = addDays(state.start, state.days))) }, "▶"),
      h("button", { class: "small", onclick: go(() => (state.start = null)) }, "Today"),
      h("button", { class: `small${state.days === 1 ? " active" : " quiet"}`, id: "cal-day-view", onclick: go(() => (state.days = 1)) }, "Day"),
      h("button", { class: `small${state.days === 7 ? " active" : " quiet"}`, id: "cal-week-view", onclick: go(() => (state.days = 7)) }, "Week"),
      h(
        "select",
        { id: "cal-service", "aria-label": "Service", onchange: (e) => ((state.service = e.target.value), load()) },
        h("option", { value: "" }, "All services"),
        data.services.map((s) => h("option", { value: s.id, selected: s.id === state.service }, s.name)),
      ),
      h("button", { id: "cal-book", onclick: () => book(state.start) }, "+ Book for a customer"),
    );
    grid.className = `cal-grid days-${data.days.length}`;
    fill(grid, data.days.map((day) => dayColumn(day, data.sessions.filter((s) => s.day === day.date), services, openPlan, book)));
  }

  fill(root, toolbar, h("div", { class: "cal-layout" }, grid, panel));
  await load();
}
