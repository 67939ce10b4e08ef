// Plans: the guide's multi-session view and package view as cards, the overview
// (today, upcoming, plans in progress) and the customers tab.

import { api, download } from "./api.js";
import { showTranscript } from "./transcripts.js";
import { cancelSession, moveForm, nextActionButtons } from "./act.js";
import { badge, empty, fill, fmt, h, statusIcon } from "./dom.js";

const ACTIONS = [
  ["complete", "Completed", "ok"],
  ["no-show", "No-show", "warn"],
];

function line(plan, prefix) {
  return plan.summary.find((text) => text.startsWith(prefix)) || "";
}

// A session is marked completed or no-show once it has started (before, its plan
// offers Move and Cancel).
export function actionButtons(groupId, number, start, app, onDone) {
  if (new Date(start) > new Date(app.now)) return null;
  return h(
    "span",
    { class: "actions to-mark" },
    ACTIONS.map(([action, label, kind]) =>
      h(
        "button",
        {
          class: `small ${kind}`,
          dataset: { action },
          onclick: async (event) => {
            event.target.disabled = true;
            try {
              const plan = await api(`/groups/${groupId}/sessions/${number}/${action}`, {
                method: "POST",
              });
              app.flash(`Session ${number} of ${plan.customer.name || plan.customer.phone}: ${label.toLowerCase()}`);
              onDone(plan);
            } catch (error) {
              app.flash(error.message, true);
              event.target.disabled = false;
            }
          },
        },
        label,
      ),
    ),
  );
}

function progressBar(plan) {
  const done = (100 * plan.completed) / plan.total;
  const booked = (100 * plan.booked) / plan.total;
  return h(
    "div",
    { class: "bar", role: "progressbar", "aria-valuenow": String(plan.completed), "aria-valuemax": String(plan.total) },
    h("span", { class: "done", style: `width:${done}%` }),
    h("span", { class: "booked", style: `width:${booked}%` }),
  );
}

// Buttons of a confirmed session: Completed / No-show once it has started; Move and
// Cancel (through the chat's tools, with a preview) while it is still to come.
function sessionButtons(plan, s, app, replace, card) {
  if (s.status !== "confirmed" || plan.status !== "active") return null;
  if (s.can_mark) return actionButtons(plan.id, s.number, s.start, app, replace);
  const move = () => {
    card.querySelector("#move-form")?.remove();
    card.append(moveForm(plan, s, app, replace));
    card.querySelector("#move-date").focus();
  };
  const cancel = async (event) => {
    event.target.disabled = true;
    try {
      const updated = await cancelSession(plan, s.number, app);
      if (updated) {
        app.flash(`${plan.unit} ${s.number} of ${plan.customer.name || plan.customer.phone}: cancelled`);
        replace(updated);
      } else event.target.disabled = false;
    } catch (error) {
      app.flash(error.message, true);
      event.target.disabled = false;
    }
  };
  return h(
    "span",
    { class: "actions" },
    h("button", { class: "small", dataset: { action: "move" }, onclick: move }, "Move"),
    h("button", { class: "small danger", dataset: { action: "cancel" }, onclick: cancel }, "Cancel"),
  );
}

export function planCard(plan, app, onChanged = () => {}) {
  const card = h("article", {
    class: `card plan plan-${plan.view} status-${plan.status}`,
    dataset: { group: plan.id, customer: plan.customer.name || plan.customer.phone },
  });
  const replace = (updated) => {
    card.replaceWith(planCard(updated, app, onChanged));
    onChanged(updated);
  };
  const refresh = async () => replace(await api(`/groups/${plan.id}`));
  const sessions = plan.sessions.filter((s) => s.status !== "cancelled");
  const rows = sessions.map((s) =>
    h(
      "li",
      { class: `session s-${s.status}`, dataset: { session: String(s.number), status: s.status } },
      statusIcon(s.status),
      h("span", { class: "label" }, s.label),
      sessionButtons(plan, s, app, replace, card),
    ),
  );
  fill(
    card,
    h(
      "div",
      { class: "plan-head" },
      h(
        "dl",
        { class: "facts" },
        h("dt", {}, "Customer:"), h("dd", { class: "customer" }, plan.customer.name || plan.customer.phone),
        h("dt", {}, "Service:"), h("dd", {}, plan.service_name),
        h("dt", {}, "Strategy:"), h("dd", {}, fmt.title(plan.strategy)),
      ),
      badge(plan.status === "active" ? (plan.view === "package" ? "Package" : "Plan") : fmt.title(plan.status), plan.status),
    ),
    h("p", { class: "plan-title muted" }, plan.title, h("code", { class: "plan-id", title: plan.id }, ` #${plan.id.slice(0, 8)}`)),
    h("p", { class: "progress-line" }, line(plan, "Progress:")),
    progressBar(plan),
    plan.view === "package" ? h("p", { class: "subhead" }, "Booked Sessions:") : null,
    h("ul", { class: "sessions" }, rows),
    plan.view === "package" ? h("p", { class: "remaining" }, line(plan, "Remaining:")) : null,
    plan.expires_at ? h("p", { class: "expiry muted" }, line(plan, "Expire")) : null,
    h("p", { class: "next" }, h("strong", {}, "Next Action: "), plan.next_action.text, " ", nextActionButtons(plan, app, refresh)),
  );
  return card;
}

function bookingRow(booking, app, reload) {
  const who = booking.customer.name || booking.customer.phone;
  return h(
    "li",
    { class: `booking s-${booking.status}`, dataset: { booking: String(booking.id) } },
    h("span", { class: "when", title: booking.when }, fmt.time(booking.start)),
    statusIcon(booking.status),
    h("span", { class: "who" }, who),
    h("span", { class: "what muted" }, `${booking.service_name} · ${booking.session_number} of ${booking.total_sessions}`),
    booking.status === "confirmed"
      ? actionButtons(booking.group_id, booking.session_number, booking.start, app, reload)
      : h("span", { class: "muted" }, fmt.title(booking.status.replace("_", "-"))),
  );
}

function bookingList(bookings, app, reload, { withDay = false } = {}) {
  if (!bookings.length) return empty("Nothing booked.");
  return h(
    "ul",
    { class: "bookings" },
    bookings.map((b) => {
      const row = bookingRow(b, app, reload);
      if (withDay) row.querySelector(".when").textContent = b.when;
      return row;
    }),
  );
}

export async function renderOverview(root, app) {
  const data = await api("/overview");
  app.now = data.now;
  const reload = () => renderOverview(root, app);
  fill(
    root,
    h(
      "div",
      { class: "columns" },
      h("section", { class: "card", id: "today" }, h("h2", {}, `Today · ${fmt.day(data.now)}`), bookingList(data.today_sessions, app, reload)),
      h("section", { class: "card", id: "upcoming" }, h("h2", {}, "Upcoming · next 7 days"), bookingList(data.upcoming, app, reload, { withDay: true })),
    ),
    data.to_mark.length
      ? h(
          "section",
          { class: "card attention", id: "to-mark" },
          h("h2", {}, `To mark: started, not yet marked completed or no-show (${data.to_mark.length})`),
          bookingList(data.to_mark, app, reload, { withDay: true }),
        )
      : null,
    h("h2", { class: "section-title" }, `Plans in progress (${data.in_progress.length})`),
    data.in_progress.length
      ? h("div", { class: "plan-grid", id: "in-progress" }, data.in_progress.map((p) => planCard(p, app, reload)))
      : empty("No plan in progress."),
  );
}

export async function renderCustomers(root, app, selected = null) {
  const list = h("ul", { class: "customer-list" });
  const detail = h("div", { class: "customer-detail" }, empty("Pick a customer."));
  const search = h("input", { type: "search", placeholder: "Name or phone", "aria-label": "Find a customer" });

  async function load() {
    const found = await api("/customers", { query: { q: search.value.trim() } });
    list.replaceChildren(
      ...found.map((c) =>
        h(
          "li",
          {},
          h(
            "button",
            { class: "link", onclick: () => show(c.customer.id) },
            c.customer.name || c.customer.phone,
            h("span", { class: "muted" }, ` ${c.customer.phone} · ${c.active_plans}/${c.plans} active`),
          ),
        ),
      ),
    );
    if (!found.length) list.append(empty("No customer found."));
  }

  // The customer page: contact, counts, every plan, and the latest conversation.
  async function show(customerId) {
    const data = await api(`/customers/${customerId}`);
    const c = data.customer;
    const transcript = h("div", { class: "customer-transcript card", id: "customer-transcript" });
    detail.replaceChildren(
      h(
        "section",
        { class: "card contact", id: "customer-contact", dataset: { customer: c.name || c.phone } },
        h("span", { class: "big" }, c.name || c.phone),
        h("a", { href: `tel:${c.phone}` }, c.phone),
        h("span", {}, `${data.plans.length} plan${data.plans.length === 1 ? "" : "s"}`),
        h("span", {}, `${data.completed} completed`),
        h("span", { class: data.no_shows ? "error" : "muted", id: "customer-no-shows" }, `${data.no_shows} no-show${data.no_shows === 1 ? "" : "s"}`),
        h("button", { class: "small quiet", onclick: () => download("/bookings.csv", `bookings-${c.phone}.csv`, { phone: c.phone }) }, "Bookings (CSV)"),
      ),
      h("h3", {}, "Plans"),
      h("div", { class: "plan-grid" }, data.plans.map((p) => planCard(p, app, () => show(customerId)))),
      h("h3", {}, "Conversation"),
      data.conversations.length ? transcript : empty("No conversation yet."),
    );
    if (data.conversations.length) await showTranscript(transcript, data.conversations[0].id);
  }

  const exportAll = h(
    "button",
    { class: "small quiet", id: "export-csv", onclick: () => download("/bookings.csv", "bookings.csv").catch((e) => app.flash(e.message, true)) },
    "Export all bookings (CSV)",
  );
  search.addEventListener("input", () => load());
  root.replaceChildren(h("div", { class: "split" }, h("aside", { class: "card" }, search, exportAll, list), detail));
  await load();
  if (selected !== null) await show(selected);
}
