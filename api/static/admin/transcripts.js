// Transcripts: each conversation's messages; under every reply, the turn that
// produced it (model, tokens, latency) and its tool calls with arguments and results.

import { api } from "./api.js";
import { empty, fill, fmt, h } from "./dom.js";

function json(value) {
  return h("pre", { class: "json" }, JSON.stringify(value, null, 2));
}

function toolCall(call) {
  const args = JSON.stringify(call.arguments);
  return h(
    "details",
    { class: `tool ${call.is_error ? "tool-error" : ""}` },
    h(
      "summary",
      {},
      h("code", {}, `${call.name}(${args.length > 80 ? args.slice(0, 77) + "…" : args})`),
      h("span", { class: "muted" }, ` ${call.is_error ? "error" : "ok"} · ${call.latency_ms ?? "?"} ms`),
    ),
    h("div", { class: "tool-body" }, h("h4", {}, "Arguments"), json(call.arguments), h("h4", {}, "Result"), json(call.result)),
  );
}

function turnMeta(turn) {
  const tokens = `${turn.prompt_tokens ?? 0} + ${turn.completion_tokens ?? 0} tokens`;
  return h(
    "div",
    { class: "turn" },
    h("p", { class: "muted turn-meta" }, `${turn.model || "model"} · ${tokens} · ${turn.latency_ms ?? "?"} ms`),
    turn.error ? h("p", { class: "error" }, turn.error) : null,
    turn.tool_calls.map(toolCall),
  );
}

// Each reply's delivery: queued (with the next try), sent, delivered, read or failed (with why).
function deliveryBadge(delivery) {
  if (!delivery) return null;
  const seen = Object.entries(delivery.seen || {}).map(([status, at]) => `${status} ${fmt.dateTime(at)}`);
  const notes = [
    delivery.next_try ? `next try ${fmt.dateTime(delivery.next_try)}` : "",
    delivery.attempts ? `${delivery.attempts} attempt${delivery.attempts === 1 ? "" : "s"}` : "",
    ...seen,
  ].filter(Boolean);
  return h(
    "span",
    { class: `delivery d-${delivery.status}`, dataset: { delivery: delivery.status }, title: notes.join(" · ") },
    delivery.status,
    delivery.error ? h("span", { class: "error" }, `: ${delivery.error}`) : null,
  );
}

function message(entry) {
  return h(
    "div",
    { class: `msg msg-${entry.direction}${entry.kind === "staff" ? " msg-staff" : ""}`, dataset: { kind: entry.kind || "" } },
    h("div", { class: "bubble" }, entry.text),
    h(
      "p",
      { class: "muted msg-meta" },
      `${fmt.dateTime(entry.at)}${entry.kind && entry.kind !== "reply" ? ` · ${entry.kind}` : ""}${entry.by ? ` (${entry.by})` : ""}${entry.status === "held" ? " · held for staff" : ""} `,
      deliveryBadge(entry.delivery),
    ),
    entry.turn ? turnMeta(entry.turn) : null,
  );
}

// One conversation, every message with its delivery and the turn behind each reply.
export async function showTranscript(view, id) {
  const data = await api(`/conversations/${id}`);
  const who = data.conversation.customer;
  fill(
    view,
    h("h2", {}, `${who.name || who.phone} `, h("span", { class: "muted" }, `${who.phone} · ${data.conversation.channel}`)),
    ...data.messages.map(message),
    data.unmatched_turns.length ? h("h3", {}, "Turns without a reply") : null,
    ...data.unmatched_turns.map(turnMeta),
  );
}

export async function renderTranscripts(root, app) {
  const list = h("ul", { class: "conversation-list" });
  const view = h("div", { class: "transcript" }, empty("Pick a conversation."));
  const phone = h("input", { type: "search", placeholder: "Phone (+41…)", "aria-label": "Filter by phone" });

  async function load() {
    try {
      const found = await api("/conversations", { query: { phone: phone.value.trim() } });
      list.replaceChildren(
        ...found.map((c) =>
          h(
            "li",
            {},
            h(
              "button",
              { class: "link", onclick: () => show(c.id) },
              c.customer.name || c.customer.phone,
              h("span", { class: "muted" }, ` ${c.messages} messages · ${c.turns} turns`),
            ),
          ),
        ),
      );
      if (!found.length) list.append(empty("No conversation."));
    } catch (error) {
      list.replaceChildren(h("p", { class: "error" }, error.message));
    }
  }

  // Any thread can be taken over by a person; the Inbox tab then has it.
  async function show(id) {
    const takeOver = h("button", {
      class: "warn take-over",
      onclick: async () => {
        await api(`/handoff/threads/${id}/take-over`, {
          method: "POST",
          body: { by: sessionStorage.getItem("bookbot-staff-name") || null },
        });
        app.flash("You took the thread over: answer it in the Inbox tab");
      },
    }, "Take over");
    const body = h("div");
    view.replaceChildren(h("div", { class: "actions" }, takeOver), body);
    await showTranscript(body, id);
  }

  phone.addEventListener("change", () => load());
  root.replaceChildren(h("div", { class: "split" }, h("aside", { class: "card" }, phone, list), view));
  await load();
}
