// The chat page: plays the customer's phone against bookbot's chat API.
// Posts what you type, polls the conversation (replies, proactive messages, ticks).
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const thread = $("thread");
  const typing = $("typing");
  const input = $("text");
  const phoneInput = $("phone");
  const errorBox = $("error");
  const PHONE_KEY = "bookbot.chat.phone";
  const FAST_POLL_MS = 600;
  const SLOW_POLL_MS = 2500;

  let timezone = undefined;
  let phone = "";
  let rendered = new Map(); // message id -> {el, status}
  let sending = 0;
  let lastDay = "";
  let pollTimer = null;
  let busy = false;

  const uid = () =>
    (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()).replace(/[^A-Za-z0-9_-]/g, "");

  const fmt = (iso, options) =>
    new Date(iso).toLocaleString([], { ...options, timeZone: timezone });
  const timeOf = (iso) => fmt(iso, { hour: "2-digit", minute: "2-digit" });
  const dayOf = (iso) => fmt(iso, { weekday: "short", day: "numeric", month: "long", year: "numeric" });

  function showError(text) {
    errorBox.textContent = text;
    errorBox.classList.toggle("hidden", !text);
  }

  // The customer's own messages carry WhatsApp's ticks: ✓ stored, ✓✓ being read, blue ✓✓ answered.
  function tick(status) {
    const el = document.createElement("span");
    el.className = "tick";
    if (status === "sending") {
      el.textContent = "🕓";
    } else if (status === "failed") {
      el.textContent = "!";
      el.classList.add("failed");
      el.title = "not answered";
    } else if (status === "answered") {
      el.textContent = "✓✓";
      el.classList.add("read");
      el.title = "read";
    } else if (status === "processing") {
      el.textContent = "✓✓";
      el.title = "delivered";
    } else {
      el.textContent = "✓";
      el.title = "sent";
    }
    return el;
  }

  function bubble(message) {
    const mine = message.direction === "inbound";
    const el = document.createElement("div");
    el.className = "msg " + (mine ? "mine" : "theirs");
    el.dataset.id = message.id;
    el.dataset.status = message.status || "";
    el.dataset.kind = message.kind || "";
    if (message.by) {
      const who = document.createElement("span");
      who.className = "by";
      who.textContent = message.by; // a person from the business wrote it (human handoff)
      el.appendChild(who);
    }
    el.appendChild(document.createTextNode(message.text));
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.appendChild(document.createTextNode(timeOf(message.created_at)));
    if (mine) meta.appendChild(tick(message.status));
    el.appendChild(meta);
    return el;
  }

  function addDay(iso) {
    const day = dayOf(iso);
    if (day === lastDay) return;
    lastDay = day;
    const el = document.createElement("div");
    el.className = "day";
    el.textContent = day;
    thread.insertBefore(el, typing);
  }

  function render(messages) {
    const nearBottom = thread.scrollHeight - thread.scrollTop - thread.clientHeight < 80;
    let added = false;
    for (const message of messages) {
      const known = rendered.get(message.id);
      if (known) {
        if (known.status !== message.status) {
          const fresh = bubble(message);
          known.el.replaceWith(fresh);
          rendered.set(message.id, { el: fresh, status: message.status });
        }
        continue;
      }
      addDay(message.created_at);
      const el = bubble(message);
      thread.insertBefore(el, typing);
      rendered.set(message.id, { el, status: message.status });
      added = true;
    }
    renderButtons(messages[messages.length - 1]);
    if (added || nearBottom) thread.scrollTop = thread.scrollHeight;
  }

  // Reply buttons (WhatsApp's interactive buttons) under the newest message, when it offers some.
  function renderButtons(last) {
    const quick = $("quick");
    quick.replaceChildren();
    const offer = last && last.direction === "outbound" && last.buttons && last.buttons.length;
    quick.classList.toggle("hidden", !offer);
    if (!offer) return;
    for (const button of last.buttons) {
      const el = document.createElement("button");
      el.type = "button";
      el.textContent = button.title;
      el.dataset.replyId = button.id;
      el.addEventListener("click", () => send(button.title));
      quick.appendChild(el);
    }
  }

  function setTyping(on) {
    typing.classList.toggle("hidden", !on);
    $("presence").textContent = on ? "typing…" : "online";
    if (on) thread.scrollTop = thread.scrollHeight;
  }

  async function poll() {
    clearTimeout(pollTimer);
    if (busy) return;
    busy = true;
    let fast = sending > 0;
    try {
      const response = await fetch(`/chat/api/messages?phone=${encodeURIComponent(phone)}`);
      if (!response.ok) throw new Error(await detail(response));
      const data = await response.json();
      if (data.phone !== phone) return;
      render(data.messages);
      setTyping(data.typing || sending > 0);
      fast = fast || data.typing;
      showError("");
    } catch (err) {
      showError(String(err.message || err));
    } finally {
      busy = false;
      pollTimer = setTimeout(poll, fast ? FAST_POLL_MS : SLOW_POLL_MS);
    }
  }

  async function detail(response) {
    try {
      const body = await response.json();
      return typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    } catch {
      return `HTTP ${response.status}`;
    }
  }

  async function send(text) {
    text = text.trim();
    if (!text) return;
    $("quick").classList.add("hidden");
    const pending = bubble({
      id: "", direction: "inbound", text, status: "sending", created_at: new Date().toISOString(),
    });
    thread.insertBefore(pending, typing);
    thread.scrollTop = thread.scrollHeight;
    sending += 1;
    setTyping(true);
    try {
      const response = await fetch("/chat/api/messages", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ phone, text, client_id: uid() }),
      });
      if (!response.ok) throw new Error(await detail(response));
      const message = await response.json();
      pending.remove();
      render([message]);
    } catch (err) {
      pending.querySelector(".tick").replaceWith(tick("failed"));
      showError(String(err.message || err));
    } finally {
      sending -= 1;
      poll();
    }
  }

  function switchTo(number) {
    phone = number.trim();
    localStorage.setItem(PHONE_KEY, phone);
    phoneInput.value = phone;
    for (const { el } of rendered.values()) el.remove();
    thread.querySelectorAll(".day").forEach((el) => el.remove());
    rendered = new Map();
    lastDay = "";
    poll();
  }

  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    send(text);
    input.focus();
  });
  $("as-form").addEventListener("submit", (event) => {
    event.preventDefault();
    switchTo(phoneInput.value);
  });
  phoneInput.addEventListener("change", () => switchTo(phoneInput.value));

  async function start() {
    try {
      const response = await fetch("/chat/api/config");
      const config = await response.json();
      timezone = config.timezone;
      $("business").textContent = config.business;
      document.title = `${config.business} · bookbot chat`;
      switchTo(localStorage.getItem(PHONE_KEY) || config.default_phone);
    } catch (err) {
      showError(`cannot reach bookbot: ${err.message || err}`);
    }
    input.focus();
  }

  start();
})();
