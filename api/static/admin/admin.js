// The dashboard's entry: sign-in with the admin token, the tabs, the flash line.

import { ApiError, api, token } from "./api.js";
import { empty, fmt, setZone } from "./dom.js";
import { renderAnalytics } from "./analytics.js";
import { renderCalendar } from "./calendar.js";
import { renderInbox } from "./inbox.js";
import { renderCustomers, renderOverview } from "./plans.js";
import { renderServices } from "./services.js";
import { renderTranscripts } from "./transcripts.js";

const $ = (selector) => document.querySelector(selector);
const TABS = {
  overview: renderOverview,
  calendar: renderCalendar,
  customers: renderCustomers,
  inbox: renderInbox,
  transcripts: renderTranscripts,
  analytics: renderAnalytics,
  services: renderServices,
};

const app = {
  now: null,
  flash(message, isError = false) {
    const el = $("#flash");
    el.textContent = message;
    el.className = isError ? "flash error" : "flash";
    el.hidden = false;
    clearTimeout(app.flashTimer);
    app.flashTimer = setTimeout(() => (el.hidden = true), 6000);
  },
};

async function show(tab) {
  for (const button of document.querySelectorAll("#tabs button")) {
    button.classList.toggle("active", button.dataset.tab === tab);
  }
  for (const name of Object.keys(TABS)) $(`#tab-${name}`).hidden = name !== tab;
  $(`#tab-${tab}`).replaceChildren(empty("Loading…")); // never show the last visit's numbers
  try {
    await TABS[tab]($(`#tab-${tab}`), app);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 503)) return signOut(error.message);
    app.flash(error.message, true);
  }
}

function signOut(message = "") {
  token.clear();
  $("#app").hidden = true;
  $("#login").hidden = false;
  $("#login-error").textContent = message;
  $("#token").focus();
}

async function signIn() {
  const me = await api("/me");
  app.now = me.now;
  setZone(me.timezone);
  $("#business").textContent = me.business;
  $("#clock").textContent = `${fmt.dateTime(me.now)} (${me.timezone})`;
  $("#login").hidden = true;
  $("#app").hidden = false;
  await show("overview");
}

async function start() {
  $("#login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    token.set($("#token").value.trim());
    try {
      await signIn();
    } catch (error) {
      signOut(error.message);
    }
  });
  $("#logout").addEventListener("click", () => signOut());
  for (const button of document.querySelectorAll("#tabs button")) {
    button.addEventListener("click", () => show(button.dataset.tab));
  }
  if (!token.get()) return signOut();
  try {
    await signIn();
  } catch (error) {
    signOut(error.message);
  }
}

start();
