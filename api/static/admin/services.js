// Services: a form for a service's multi-session configuration (strategy, number
// of sessions, buffers, durations). Saving sends PATCH (or POST for a new one);
// the server checks it with the core's config models and names each bad field.

import { api } from "./api.js";
import { empty, h } from "./dom.js";

const STRATEGIES = ["immediate", "sequential", "flexible"];
const BUFFER_FIELDS = [
  ["default_days", "Default days between sessions"],
  ["minimum_days", "Minimum days"],
  ["maximum_days", "Maximum days"],
  ["recommended_days", "Recommended days"],
];

function field(label, name, input, hint = "") {
  input.dataset.field = name;
  input.name = name;
  input.id = `f-${name}`;
  return h("div", { class: "field", dataset: { for: name } }, h("label", { for: input.id }, label), input, hint ? h("small", { class: "muted" }, hint) : null, h("small", { class: "field-error" }));
}

function number(value, attrs = {}) {
  return h("input", { type: "number", value: value ?? "", step: "1", ...attrs });
}

function text(value, attrs = {}) {
  return h("input", { type: "text", value: value ?? "", ...attrs });
}

// "" -> left out; a number -> the number; anything else -> the raw text (the server says why).
function numeric(input) {
  const raw = input ? input.value.trim() : "";
  if (raw === "") return undefined;
  const value = Number(raw);
  return Number.isNaN(value) ? raw : value;
}

function perSession(form, config, total) {
  const buffers = config.session_buffer_config || {};
  const rows = [];
  for (let k = 1; k <= total; k += 1) {
    const spec = (config.sessions || [])[k - 1] || {};
    rows.push(
      h(
        "div",
        { class: "session-row" },
        h("span", { class: "muted" }, `Session ${k}`),
        field("Name", `sessions[${k - 1}].name`, text(spec.name, { placeholder: "optional" })),
        field("Minutes", `sessions[${k - 1}].duration_minutes`, number(spec.duration_minutes, { placeholder: "default" })),
        k < total
          ? field(`Days to session ${k + 1}`, `session_buffer_config.session_${k}_to_${k + 1}_days`, number(buffers[`session_${k}_to_${k + 1}_days`], { placeholder: "default" }))
          : null,
      ),
    );
  }
  form.querySelector(".per-session").replaceChildren(...rows);
}

function collect(form, total) {
  const get = (name) => form.querySelector(`[data-field="${CSS.escape(name)}"]`);
  const body = {
    name: get("name").value.trim(),
    requires_multiple_sessions: get("requires_multiple_sessions").checked,
    total_sessions_required: numeric(get("total_sessions_required")),
    multi_session_strategy: get("multi_session_strategy").value,
    duration_minutes: numeric(get("duration_minutes")),
    capacity: numeric(get("capacity")),
    package_expiry_days: numeric(get("package_expiry_days")) ?? null,
    price: numeric(get("price")) ?? null,
    price_per: get("price_per").value,
    description: get("description").value.trim() || null,
    trigger_words: get("trigger_words").value.split(",").map((w) => w.trim()).filter(Boolean),
  };
  const buffers = {};
  for (const [name] of BUFFER_FIELDS) buffers[name] = numeric(get(`session_buffer_config.${name}`));
  const frequency = get("session_buffer_config.recommended_frequency").value.trim();
  if (frequency) buffers.recommended_frequency = frequency;
  const sessions = [];
  for (let k = 1; k <= total; k += 1) {
    const pair = get(`session_buffer_config.session_${k}_to_${k + 1}_days`);
    if (pair) buffers[`session_${k}_to_${k + 1}_days`] = numeric(pair);
    const name = (get(`sessions[${k - 1}].name`)?.value || "").trim();
    const minutes = numeric(get(`sessions[${k - 1}].duration_minutes`));
    sessions.push({ ...(name ? { name } : {}), ...(minutes !== undefined ? { duration_minutes: minutes } : {}) });
  }
  body.session_buffer_config = Object.fromEntries(Object.entries(buffers).filter(([, v]) => v !== undefined));
  body.sessions = sessions.some((s) => Object.keys(s).length) ? sessions : null;
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body;
}

function showProblems(form, problems) {
  form.querySelectorAll(".invalid").forEach((el) => el.classList.remove("invalid"));
  form.querySelectorAll(".field-error").forEach((el) => (el.textContent = ""));
  const list = form.querySelector(".problems");
  list.replaceChildren(...problems.map((p) => h("li", {}, h("code", {}, p.field), ` ${p.msg}`)));
  for (const p of problems) {
    const box = form.querySelector(`.field[data-for="${CSS.escape(p.field)}"]`);
    if (box) {
      box.classList.add("invalid");
      box.querySelector(".field-error").textContent = p.msg;
    }
  }
}

function serviceForm(service, app, onSaved) {
  const config = service ? service.config : { session_buffer_config: {} };
  const buffers = config.session_buffer_config || {};
  const total = () => Math.max(1, Math.min(100, parseInt(totalInput.value, 10) || 1));
  const totalInput = number(config.total_sessions_required ?? 1, { min: "1", max: "100" });
  const strategy = h("select", {}, STRATEGIES.map((s) => h("option", { value: s, selected: (config.multi_session_strategy || "flexible") === s }, s)));
  const form = h(
    "form",
    { class: "card service-form", id: "service-form", novalidate: true },
    h("h2", {}, service ? `Edit ${service.name}` : "New service"),
    h("ul", { class: "problems error", role: "alert" }),
    h(
      "div",
      { class: "grid" },
      field("Id", "id", text(config.id, { readonly: !!service, placeholder: "e.g. laser-4" })),
      field("Name", "name", text(config.name)),
      field("Strategy", "multi_session_strategy", strategy, "immediate: all at once · sequential: after completion · flexible: own pace"),
      field("Sessions", "total_sessions_required", totalInput),
      field("Several sessions", "requires_multiple_sessions", h("input", { type: "checkbox", checked: !!config.requires_multiple_sessions })),
      field("Default minutes", "duration_minutes", number(config.duration_minutes ?? 60)),
      field("Capacity", "capacity", number(config.capacity ?? 1)),
      field("Package expires after (days)", "package_expiry_days", number(config.package_expiry_days, { placeholder: "never" })),
      field("Price", "price", number(config.price, { placeholder: "none", step: "0.05", min: "0" })),
      field("Price per", "price_per", h("select", {}, ["plan", "session"].map((p) => h("option", { value: p, selected: (config.price_per || "plan") === p }, p)))),
    ),
    h(
      "div",
      { class: "grid wide-fields" },
      field("Description (the bot reads it to customers)", "description", h("textarea", { rows: "2" }, config.description || "")),
      field("Trigger words (comma separated)", "trigger_words", text((config.trigger_words || []).join(", "), { placeholder: "e.g. physio, back pain" })),
    ),
    h("h3", {}, "Buffers between sessions"),
    h(
      "div",
      { class: "grid" },
      BUFFER_FIELDS.map(([name, label]) => field(label, `session_buffer_config.${name}`, number(buffers[name]))),
      field("Frequency (for the bot)", "session_buffer_config.recommended_frequency", text(buffers.recommended_frequency ?? buffers.suggested_frequency, { placeholder: "e.g. 2 per week" })),
    ),
    h("h3", {}, "Per session"),
    h("div", { class: "per-session" }),
    h("div", { class: "form-actions" }, h("button", { type: "submit", id: "save-service" }, "Save")),
  );
  perSession(form, config, total());
  totalInput.addEventListener("input", () => perSession(form, collectConfig(), total()));
  function collectConfig() {
    const body = collect(form, total());
    return { ...config, ...body };
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = collect(form, total());
    try {
      const saved = service
        ? await api(`/services/${encodeURIComponent(service.id)}`, { method: "PATCH", body })
        : await api("/services", { method: "POST", body: { id: form.querySelector('[data-field="id"]').value.trim(), ...body } });
      showProblems(form, []);
      await onSaved(saved);
      app.flash(`Saved ${saved.name}; the bot uses it from the next message.`);
    } catch (error) {
      if (Array.isArray(error.detail)) showProblems(form, error.detail);
      else showProblems(form, [{ field: "(service)", msg: error.message }]);
    }
  });
  return form;
}

function summary(service) {
  const gaps = [...new Set(service.gaps.map((g) => `${g.minimum}${g.maximum !== null ? `–${g.maximum}` : "+"}d`))].join(", ");
  return `${service.strategy} · ${service.total_sessions} × ${[...new Set(service.durations)].join("/")} min${gaps ? ` · gaps ${gaps}` : ""}`;
}

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

// Opening hours and closed dates, checked by the server as the business YAML is.
function hoursForm(business, app, onSaved) {
  const form = h(
    "form",
    { class: "card service-form", id: "hours-form", novalidate: true },
    h("h2", {}, "Opening hours and closures"),
    h("ul", { class: "problems error", role: "alert" }),
    h(
      "div",
      { class: "grid" },
      DAYS.map((day) => field(day, `hours.${day}`, text(business.hours[day].join(", "), { placeholder: "closed" }), "")),
    ),
    field("Closed dates (YYYY-MM-DD, comma separated)", "closed", text(business.closed.join(", "), { placeholder: "e.g. 2026-12-25" })),
    h("p", { class: "muted" }, `Closed: ${business.closed_labels.join(" · ") || "none"}`),
    h("div", { class: "form-actions" }, h("button", { type: "submit", id: "save-hours" }, "Save hours")),
  );
  const list = (value) => value.split(",").map((v) => v.trim()).filter(Boolean);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const get = (name) => form.querySelector(`[data-field="${CSS.escape(name)}"]`).value;
    const body = { hours: Object.fromEntries(DAYS.map((day) => [day, list(get(`hours.${day}`))])), closed: list(get("closed")) };
    try {
      const saved = await api("/business", { method: "PATCH", body });
      showProblems(form, []);
      await onSaved(saved);
      app.flash("Saved the opening hours; the bot offers times by them from the next message.");
    } catch (error) {
      showProblems(form, Array.isArray(error.detail) ? error.detail : [{ field: "(hours)", msg: error.message }]);
    }
  });
  return form;
}

export async function renderServices(root, app, selectedId = null) {
  const services = await api("/services");
  const panel = h("div", { class: "service-panel" }, empty("Pick a service to edit its multi-session configuration."));
  const open = (service) => panel.replaceChildren(serviceForm(service, app, (saved) => renderServices(root, app, saved.id)));
  const list = h(
    "ul",
    { class: "service-list" },
    services.map((s) => h("li", {}, h("button", { class: "link", dataset: { service: s.id }, onclick: () => open(s) }, s.name), h("small", { class: "muted" }, summary(s)))),
    h("li", {}, h("button", { class: "small", onclick: () => open(null) }, "+ New service")),
    h("li", {}, h("button", { class: "link", id: "edit-hours", onclick: async () => panel.replaceChildren(hoursForm(await api("/business"), app, () => renderServices(root, app))) }, "Opening hours and closures")),
  );
  root.replaceChildren(h("div", { class: "split" }, h("aside", { class: "card" }, list), panel));
  const chosen = services.find((s) => s.id === selectedId);
  if (chosen) open(chosen);
}
