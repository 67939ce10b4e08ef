// Acting for a customer: book a plan or sessions, move or cancel a session. Each
// change is previewed first (the whole new plan, the notice rule), then applied;
// the server runs the chat's own tools. A preview refused for notice offers the
// admin's override, which the audit trail records.

import { api } from "./api.js";
import { fmt, h } from "./dom.js";

function sessionList(sessions) {
  return h(
    "ol",
    { class: "preview-sessions" },
    sessions.map((s) =>
      h(
        "li",
        { class: s.moved ? "moved" : "", dataset: { number: String(s.number) } },
        `${s.name ? `${s.name} · ` : ""}${s.when}`,
        s.moved ? h("strong", { class: "moved-tag" }, " ← moves") : null,
      ),
    ),
  );
}

// The preview box: the sessions, the price, the notice rule, why it was refused and
// what would work instead; `onApply(override)` books it; `onAlternative(start)` retries.
function previewBox(preview, { applyLabel, onApply, onAlternative, onOverride }) {
  const box = h("div", { class: `preview ${preview.ok ? "ok" : "refused"}`, dataset: { ok: String(preview.ok) } });
  if (preview.ok) {
    box.append(
      h("p", { class: "preview-head" }, preview.kind === "reschedule" ? "The whole plan after the move:" : preview.kind === "cancel" ? "Will be cancelled:" : "Will be booked:"),
      sessionList(preview.sessions),
      preview.total_price ? h("p", {}, `Price: ${preview.total_price}`) : null,
      preview.override_notice ? h("p", { class: "warn-text" }, "Notice overridden by the admin (recorded in the audit trail).") : null,
      h("button", { type: "button", class: "ok", id: "apply-preview", onclick: (e) => ((e.target.disabled = true), onApply(preview.override_notice)) }, applyLabel),
    );
  } else {
    const conflict = preview.conflict || {};
    box.append(
      h("p", { class: "error", id: "preview-refused" }, conflict.message || "Refused."),
      (conflict.alternatives || []).length
        ? h(
            "p",
            { class: "alternatives" },
            "Possible instead: ",
            conflict.alternatives.map((start, i) =>
              h("button", { type: "button", class: "small link-ish", onclick: () => onAlternative(start) }, conflict.alternatives_when[i] || start),
            ),
          )
        : null,
      preview.can_override && onOverride
        ? h("button", { type: "button", class: "warn", id: "override-notice", onclick: () => onOverride() }, "Override the notice (admin)")
        : null,
    );
  }
  box.append(h("p", { class: "muted notice-rule" }, preview.notice));
  return box;
}

function field(label, input) {
  return h("label", { class: "field" }, h("span", {}, label), input);
}

async function applyPreview(preview, override, app) {
  const result = await api("/act/apply", { method: "POST", body: { proposal_id: preview.proposal_id, override_notice: override } });
  if (!result.done) throw new Error(result.message || "Nothing was changed.");
  return result;
}

export function bookForm(day, app, onDone) {
  const phone = h("input", { type: "tel", id: "book-phone", placeholder: "+41 79 123 45 67", required: true });
  const name = h("input", { type: "text", id: "book-name", placeholder: "optional" });
  const service = h("select", { id: "book-service" });
  const date = h("input", { type: "date", id: "book-date", value: day });
  const time = h("input", { type: "time", id: "book-time", value: "09:00", step: "1800" });
  const more = h("input", { type: "text", id: "book-more", placeholder: "packages: more starts, e.g. 2026-03-30T17:00" });
  const out = h("div", { class: "preview-area" });
  api("/services").then((services) =>
    service.replaceChildren(...services.map((s) => h("option", { value: s.id }, `${s.name} (${s.strategy}, ${s.total_sessions})`))),
  );
  const starts = () => [`${date.value}T${time.value}`, ...more.value.split(/[\s,]+/).filter(Boolean)];

  async function preview(override = false, first = null) {
    if (first) [date.value, time.value] = first.split("T");
    out.replaceChildren();
    try {
      const body = { phone: phone.value.trim(), service_id: service.value, starts: starts(), override_notice: override };
      if (name.value.trim()) body.name = name.value.trim();
      const result = await api("/act/book/preview", { method: "POST", body });
      out.replaceChildren(
        previewBox(result, {
          applyLabel: "Book it",
          onApply: async (over) => {
            try {
              const done = await applyPreview(result, over, app);
              app.flash(`Booked ${done.plan.service_name} for ${done.plan.customer.name || done.plan.customer.phone}`);
              onDone(done.plan);
            } catch (error) {
              app.flash(error.message, true);
            }
          },
          onAlternative: (start) => preview(override, start),
          onOverride: () => preview(true),
        }),
      );
    } catch (error) {
      out.replaceChildren(h("p", { class: "error", id: "preview-refused" }, error.message));
    }
  }

  return h(
    "form",
    { class: "act-form", id: "book-form", onsubmit: (e) => (e.preventDefault(), preview()) },
    h("h3", {}, "Book for a customer"),
    field("Customer phone", phone),
    field("Name", name),
    field("Service", service),
    h("div", { class: "row" }, field("Day", date), field("Time", time)),
    field("More starts", more),
    h("button", { type: "submit", id: "preview-book" }, "Preview"),
    out,
  );
}

export function moveForm(plan, session, app, onDone) {
  const date = h("input", { type: "date", id: "move-date", value: fmt.isoDate(session.start) });
  const time = h("input", { type: "time", id: "move-time", value: fmt.clock(session.start), step: "1800" });
  const out = h("div", { class: "preview-area" });

  async function preview(override = false, start = null) {
    if (start) [date.value, time.value] = start.split("T");
    out.replaceChildren();
    try {
      const body = { group_id: plan.id, session_number: session.number, new_start: `${date.value}T${time.value}`, override_notice: override };
      const result = await api("/act/move/preview", { method: "POST", body });
      out.replaceChildren(
        previewBox(result, {
          applyLabel: "Move it",
          onApply: async (over) => {
            try {
              const done = await applyPreview(result, over, app);
              app.flash(`Moved ${plan.unit} ${session.number} of ${plan.customer.name || plan.customer.phone}`);
              onDone(done.plan);
            } catch (error) {
              app.flash(error.message, true);
            }
          },
          onAlternative: (alt) => preview(override, alt),
          onOverride: () => preview(true),
        }),
      );
    } catch (error) {
      out.replaceChildren(h("p", { class: "error", id: "preview-refused" }, error.message));
    }
  }

  return h(
    "form",
    { class: "act-form", id: "move-form", onsubmit: (e) => (e.preventDefault(), preview()) },
    h("h3", {}, `Move ${session.label}`),
    h("div", { class: "row" }, field("New day", date), field("New time", time)),
    h("button", { type: "submit", id: "preview-move" }, "Preview the new plan"),
    out,
  );
}

// Cancel one session through the chat's cancel_booking: a preview, a confirmation
// (naming the notice rule), and the override when the notice is too short.
export async function cancelSession(plan, number, app) {
  let preview = await api("/act/cancel/preview", { method: "POST", body: { group_id: plan.id, session_number: number } });
  if (!preview.ok && preview.can_override) {
    if (!window.confirm(`${preview.conflict.message}\n\n${preview.notice}\n\nOverride the notice and cancel anyway?`)) return null;
    preview = await api("/act/cancel/preview", { method: "POST", body: { group_id: plan.id, session_number: number, override_notice: true } });
  }
  if (!preview.ok) throw new Error(preview.conflict ? preview.conflict.message : "Refused.");
  if (!preview.override_notice && !window.confirm(`Cancel ${plan.unit} ${number} (${preview.sessions.map((s) => s.when).join(", ")})?`)) return null;
  const done = await applyPreview(preview, preview.override_notice, app);
  return done.plan;
}

// The Next Action's buttons: send the outreach now, or propose the suggested day.
export function nextActionButtons(plan, app, onDone) {
  if (!["book_next", "book_first"].includes(plan.next_action.kind) || plan.status !== "active") return null;
  const run = async (event, path, message) => {
    event.target.disabled = true;
    try {
      const result = await api(`/groups/${plan.id}/next-action/${path}`, { method: "POST" });
      app.flash(message(result));
      onDone();
    } catch (error) {
      app.flash(error.message, true);
      event.target.disabled = false;
    }
  };
  return h(
    "span",
    { class: "actions next-actions" },
    h("button", { class: "small", dataset: { next: "outreach" }, onclick: (e) => run(e, "outreach", (r) => `Outreach queued: ${r.text}`) }, "Send outreach now"),
    h(
      "button",
      { class: "small", dataset: { next: "propose" }, onclick: (e) => run(e, "propose", (r) => (r.outbox_id ? `Proposed ${r.proposal.sessions.map((s) => s.when).join(", ")} to the customer` : r.proposal.conflict.message)) },
      plan.next_action.suggested ? "Propose the suggested day" : "Propose the first free time",
    ),
  );
}
