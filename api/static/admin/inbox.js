// Inbox: the threads waiting for a person (human handoff), the longest waiting first.
// A thread shows its whole transcript (tool calls too), a reply box that sends through
// the outbox (WhatsApp's 24-hour window: text inside it, the approved template outside),
// "Take over" and "Hand back to the bot".

import { api } from "./api.js";
import { empty, fill, fmt, h, badge } from "./dom.js";
import { showTranscript } from "./transcripts.js";

const STAFF_KEY = "bookbot-staff-name";

// "3 min", "2 h 5 min", "1 d 4 h": how long the customer has waited.
export function waited(seconds) {
  if (seconds === null || seconds === undefined) return "";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

function statusBadge(thread) {
  if (thread.status === "requested") return badge("waiting for a person", "requested");
  if (thread.status === "taken") return badge(`taken by ${thread.by || "staff"}`, "taken");
  return badge("bot", "bot");
}

function staffName() {
  return sessionStorage.getItem(STAFF_KEY) || "";
}

function row(item, open) {
  const who = item.customer.name || item.customer.phone;
  const wait = item.waiting_seconds === null ? "staff replied" : `waiting ${waited(item.waiting_seconds)}`;
  return h(
    "li",
    { dataset: { conversation: item.conversation_id, status: item.status } },
    h("button", { class: "link", onclick: () => open(item.conversation_id) }, who),
    h("span", { class: "muted" }, `${item.customer.phone} · ${item.channel} `, statusBadge(item)),
    h("span", { class: "wait" }, wait, item.held ? ` · ${item.held} new` : ""),
    item.last_text ? h("span", { class: "muted last" }, item.last_text) : null,
  );
}

// One thread: its handoff, the actions, the reply box and the transcript.
async function showThread(view, id, app, refresh) {
  const data = await api(`/handoff/threads/${id}`);
  const handoff = data.handoff;
  const transcript = h("div", { class: "handoff-transcript" });
  const text = h("textarea", { id: "staff-text", rows: "3", placeholder: "Write to the customer…", "aria-label": "Reply" });
  const body = () => ({ by: staffName() || null });

  async function act(path, payload, message) {
    await api(`/handoff/threads/${id}/${path}`, { method: "POST", body: payload });
    app.flash(message);
    await refresh(id);
  }

  const send = h("button", {
    id: "staff-send",
    onclick: async () => {
      const value = text.value.trim();
      if (!value) return;
      const sent = await api(`/handoff/threads/${id}/reply`, { method: "POST", body: { ...body(), text: value } });
      text.value = "";
      app.flash(sent.as_template ? "Sent as the approved template (outside the 24-hour window)" : "Reply sent");
      await refresh(id);
    },
  }, "Send");
  const window = handoff.channel !== "whatsapp"
    ? "Chat page: the customer reads it at once."
    : handoff.within_window
      ? "WhatsApp's 24-hour window is open: sent as a message."
      : "Outside WhatsApp's 24-hour window: sent as the approved template.";
  fill(
    view,
    h(
      "div",
      { class: "card handoff-head" },
      h("h2", {}, `${handoff.customer.name || handoff.customer.phone} `, statusBadge(handoff)),
      handoff.since ? h("p", { class: "muted" }, `since ${fmt.dateTime(handoff.since)}`) : null,
      h(
        "div",
        { class: "actions" },
        handoff.status === "taken" ? null : h("button", { id: "take-over", class: "warn", onclick: () => act("take-over", body(), "You took the thread over: the bot holds its messages") }, "Take over"),
        handoff.status === null ? null : h("button", { id: "hand-back", class: "ok", onclick: () => act("hand-back", undefined, "Handed back to the bot") }, "Hand back to the bot"),
      ),
      h("div", { class: "reply-box" }, text, send),
      h("p", { class: "muted window-note" }, window),
    ),
    transcript,
  );
  await showTranscript(transcript, id);
}

export async function renderInbox(root, app) {
  const list = h("ul", { id: "inbox-list", class: "conversation-list inbox-list" });
  const view = h("div", { id: "inbox-thread", class: "transcript" }, empty("Pick a thread."));
  const name = h("input", { id: "staff-name", placeholder: "Your name (shown to colleagues)", "aria-label": "Your name", value: staffName() });
  name.addEventListener("change", () => sessionStorage.setItem(STAFF_KEY, name.value.trim()));
  let current = null;

  async function load() {
    const items = await api("/handoff/inbox");
    list.replaceChildren(...items.map((item) => row(item, open)));
    if (!items.length) list.append(empty("Nobody is waiting for a person."));
  }

  async function open(id) {
    current = id;
    await showThread(view, id, app, refresh);
  }

  async function refresh(id) {
    await load();
    if (id !== null && id === current) await showThread(view, id, app, refresh);
  }

  const reload = h("button", { id: "inbox-refresh", class: "small", onclick: () => refresh(current) }, "Refresh");
  root.replaceChildren(
    h("div", { class: "split" }, h("aside", { class: "card" }, h("h2", {}, "Waiting for a person ", reload), name, list), view),
  );
  await load();
  app.openThread = open;
}
