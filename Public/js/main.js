/**
 * The room page: joins with the link's token, connects the live socket, folds frames into
 * the state (reducer.js) and renders it (room.js, panels.js, composer.js, chatdock.js, the
 * ground rules at the door in groundrules.js, and report.js in the Report tab).
 */

import { createAgendaNav } from "./agendanav.js";
import { createChatDock } from "./chatdock.js";
import { createComposer } from "./composer.js";
import { Connection, liveUrl } from "./connection.js";
import { coalesce, h, replaceChildren } from "./dom.js";
import { excerpt, languageName, nameWithSide, refusalText, sideName } from "./format.js";
import { createGroundRules } from "./groundrules.js";
import { createI18n } from "./i18n.js";
import { exchangeToken, linkedElementId, sessionFromPath, stillAdmitted, takeToken } from "./join.js";
import { createPanels } from "./panels.js";
import { initialState, reduce } from "./reducer.js";
import { createReport } from "./report.js";
import { DRAFTING_KINDS } from "./reportfold.js";
import { draftingAnnouncements } from "./reporthistory.js";
import { createRoom } from "./room.js";
import { safeStorage } from "./storage.js";
import { createTabs } from "./tabs.js";
import { createTranslations } from "./translations.js";

const $ = (id) => document.getElementById(id);
const storage = safeStorage(() => localStorage);
const i18n = createI18n(storage, navigator.languages ?? [navigator.language]);
const t = i18n.t;
const lang = () => i18n.lang;

let state = initialState();
let connection = null;
/**
 * Refs of commands sent from buttons and small forms (not the composer), with their label,
 * command and, where the form says the outcome itself, its `onAck`/`onRefused`.
 */
const inFlight = new Map();

const sessionId = sessionFromPath(location.pathname);

const translations = createTranslations({ t, lang, command });
const room = createRoom({
  itemsEl: $("items"), t, lang, filter: () => agendaNav.filter, translations,
  actions: { command, reply: (c) => composer.reply(c), amend: (c) => composer.amend(c), write: (item) => composer.write(item) },
});
const chatDock = createChatDock({ el: $("chat"), t, lang, storage, command, translations, announce });
const groundRules = createGroundRules({ dialog: $("ground-rules"), gate: $("rules-gate"), t, command, announce });
const agendaNav = createAgendaNav({ el: $("agenda-nav"), itemsEl: $("items"), t, storage, onFilter: () => render() });
const panels = createPanels({
  els: { presence: $("presence"), floor: $("floor"), balance: $("balance"), console: $("console"), log: $("log"), exports: $("exports") },
  t, lang, sessionId, actions: { command, addParticipant },
});
const composer = createComposer({ el: $("compose"), t, lang, storage, send: (cmd) => connection?.send(cmd) ?? false, announce });
const report = createReport({ el: $("report"), t, lang, storage, send: (cmd) => connection?.send(cmd) ?? false, command });
createTabs({ tablist: $("tabs"), storage });

const render = coalesce(() => {
  if (!state.session) return;
  document.title = `${state.session.title} — Parley`;
  $("title").textContent = state.session.title;
  $("series").textContent = state.session.series ?? "";
  renderYou();
  renderBanner();
  groundRules.render(state);
  room.render(state);
  agendaNav.render(state);
  chatDock.render(state);
  panels.render(state);
  composer.render(state);
  report.render(state);
});

setupLanguagePicker();
i18n.applyStatic(document);
start();

async function start() {
  if (!sessionId) {
    showStatus("stopped", t("join.noSession"));
    replaceChildren($("items"), h("p", { class: "notice", text: t("join.noSession") }));
    return;
  }
  const token = takeToken(location, history);
  if (token) {
    showStatus("connecting", t("join.joining"));
    const joined = await exchangeToken(sessionId, token);
    if (!joined.ok && joined.status !== 0) {
      showStatus("stopped", t("join.failed"));
      replaceChildren($("items"), h("p", { class: "notice", text: t("join.failed") }));
      return;
    }
  }
  connection = new Connection({
    url: (since) => liveUrl(location, sessionId, since),
    since: () => state.lastSeq,
    onFrame: receive,
    onStatus: (status, detail) => showStatus(status, statusText(status, detail)),
    onReplayDone: () => {
      settleLostCommands();
      composer.resume(state);
      report.resume(state);
      agendaNav.replayDone();
      chatDock.replayDone();
      followLink();
    },
    shouldRetry: () => stillAdmitted(sessionId),
    isOnline: () => navigator.onLine !== false,
  });
  window.addEventListener("online", () => connection.retryNow());
  // A link followed inside the page (a card's #42) may lead to a card the filter hides.
  window.addEventListener("hashchange", () => {
    linkFollowed = false;
    followLink();
  });
  window.addEventListener("offline", () => showStatus("offline", t("status.offline")));
  connection.start();
  // Edit windows, mutes and items' time run out with time, without an event.
  setInterval(render, 15000);
}

/**
 * A link to a contribution or an item (`/s/ID#c42`) is followed once the room is drawn:
 * the browser's own jump happens too early, before anything is rendered. Later clicks on
 * in-page links are the browser's.
 */
let linkFollowed = false;
function followLink() {
  if (linkFollowed) return;
  linkFollowed = true;
  const id = linkedElementId(location.hash);
  if (!id) return;
  const afterDrawing = (go) => requestAnimationFrame(() => requestAnimationFrame(go));
  afterDrawing(() => {
    const found = document.getElementById(id);
    // A card the reader's filter hides is shown first (the room redraws on the next frame).
    if (found?.closest("#items .card[hidden]")) {
      agendaNav.clearFilter();
      afterDrawing(() => go(document.getElementById(id)));
    } else {
      go(found);
    }
  });
  function go(target) {
    if (!target) return;
    // A chat line in a folded item: unfolded first.
    const folded = target.closest("details:not([open])");
    if (folded) folded.open = true;
    target.scrollIntoView({ block: "start" });
    if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) target.tabIndex = -1;
    target.focus({ preventScroll: true });
    target.dataset.linked = "";
  }
}

function receive(frame, { replay }) {
  switch (frame.type) {
    case "welcome":
      generation += 1;
      if (state.you && frame.you?.id !== state.you.id) {
        // Someone else now: nothing typed, dismissed or translated by the last person stays.
        state = initialState();
        translations.reset();
        groundRules.forget();
        chatDock.forget();
      }
      if (frame.head < state.lastSeq) {
        // The server's history is not the one this page holds (its data was replaced):
        // start over from the beginning rather than show a mix of two histories.
        state = initialState();
        connection.restart();
        return;
      }
      reduce(state, frame);
      composer.attach(state);
      report.attach(state);
      agendaNav.attach(state);
      chatDock.attach(state);
      break;
    case "event": {
      const known = new Set(state.order);
      reduce(state, frame);
      if (!replay) announceEvent(frame, known);
      break;
    }
    case "presence":
      reduce(state, frame);
      break;
    case "ack":
      if (!composer.acked(frame.ref) && !report.acked(frame.ref)) {
        const sent = inFlight.get(frame.ref);
        inFlight.delete(frame.ref);
        sent?.onAck?.();
        sent?.onSettled?.();
      }
      break;
    case "error":
      // The server's detail, in English, for whoever debugs; the reader gets words in their language.
      if (frame.message) console.info(`refused (${frame.code}): ${frame.message}`);
      if (!composer.refused(frame.ref, frame) && !report.refused(frame.ref, frame)) {
        const sent = inFlight.get(frame.ref);
        inFlight.delete(frame.ref);
        if (sent?.onRefused) sent.onRefused(frame);
        else notice(refusalNotice(sent, frame));
        sent?.onSettled?.();
      }
      break;
    default:
      break;
  }
  render();
}

let refs = 0;
/** Which connection a command went out on: a new welcome means a new socket. */
let generation = 0;

/**
 * Commands sent on a socket that dropped before their ack: their answer will never come,
 * and they may or may not have been saved. Once the replay is in (it shows what was), each
 * is settled as `unconfirmed`, so that no button or form stays "Sending…" for ever; a form
 * can then see in the state whether its words arrived.
 */
function settleLostCommands() {
  for (const [ref, sent] of inFlight) {
    if (sent.generation === generation) continue;
    inFlight.delete(ref);
    const error = { code: "unavailable", unconfirmed: true, message: "" };
    if (sent.onRefused) sent.onRefused(error);
    else notice(refusalNotice(sent, error));
    sent.onSettled?.();
  }
}

/**
 * Sends a command from a button or a small form. A refusal is shown in words in the notice
 * area, unless `handlers.onRefused` says it where the command was given (then a command
 * that could not be sent is refused as `offline`); `handlers.onAck` hears the ack, and
 * `handlers.onSettled` hears that the command was answered either way.
 */
function command(cmd, label, handlers = {}) {
  refs += 1;
  const ref = `c${refs}`;
  inFlight.set(ref, { label, cmd, generation, ...handlers });
  if (!connection?.send({ ...cmd, ref })) {
    inFlight.delete(ref);
    if (handlers.onRefused) handlers.onRefused({ code: "offline", message: "" });
    else notice(t("notice.offline", { action: label }));
    handlers.onSettled?.();
  }
}

/**
 * A key (endorse, approve, reject) refused as `conflict` was turned on a text that changed
 * meanwhile, or is no longer waiting for it: the card already shows it as it now stands.
 */
function refusalNotice(sent, error) {
  const action = sent?.label ?? t("notice.command");
  const now = sent?.cmd.contribution != null ? state.contributions[sent.cmd.contribution]?.version : null;
  if (error.code === "conflict" && sent?.cmd.version != null && now != null && now !== sent.cmd.version) {
    return t("notice.changed", { action, id: sent.cmd.contribution, read: sent.cmd.version, now });
  }
  return t("notice.refused", { action, reason: refusalText(error, t, { state, command: sent?.cmd }) });
}

async function addParticipant(body) {
  try {
    const response = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/participants`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    const data = await response.json().catch(() => null);
    if (response.ok && data) return { ok: true, participant: data };
    const error = data?.error ?? { code: "unknown", message: String(response.status) };
    return { ok: false, message: refusalText(error, t) };
  } catch {
    return { ok: false, message: t("notice.offline", { action: t("console.invite") }) };
  }
}

// MARK: Announcements

/** Announces live events only: the history replayed on (re)connect is never re-read. */
function announceEvent(frame, known) {
  const event = frame.event;
  const you = state.you;
  if (DRAFTING_KINDS.includes(event.kind)) {
    for (const line of draftingAnnouncements(state, event, t)) announce(line);
    return;
  }
  const c = state.contributions[event.contribution];
  const item = state.agenda.find((i) => i.id === event.item)?.title ?? event.item;
  switch (event.kind) {
    case "contributed":
    case "approved":
      // A private channel's lines are announced by the chat panel, which says whose channel.
      if (!c || known.has(c.id) || c.author === you?.id || c.status !== "visible" || c.channel !== "main") return;
      announce(t("announce.new", {
        kind: t(`kind.${c.kind}`), who: nameWithSide(state, c.author, t), text: excerpt(c.text, 140),
      }));
      return;
    case "adopted":
      if (c) announce(t("announce.adopted", { kind: t(`kind.${c.kind}`), id: c.id }));
      return;
    case "amended": {
      if (!c) return;
      // A co-chair's own amendment counts at once as their side's endorsement of the new text.
      const author = state.participants[event.author];
      const own = author?.role === "cochair" ? author.side : null;
      for (const side of (event.cleared ?? []).filter((s) => s !== own)) {
        announce(t("announce.endorsementCleared", { side: sideName(state, side), kind: t(`kind.${c.kind}`), id: c.id }));
      }
      return;
    }
    case "endorsementWithdrawn":
      if (c) announce(t("announce.endorsementWithdrawn", { side: sideName(state, event.side), kind: t(`kind.${c.kind}`), id: c.id }));
      return;
    case "floorGranted":
      if (event.participant === you?.id) announce(t("announce.yourFloor"));
      return;
    case "phaseAdvanceRequested":
      if (event.by !== you?.id) announce(t("announce.phaseAsked", { side: sideName(state, event.side), item }));
      return;
    case "phaseAdvanced":
      announce(t("announce.phaseAdvanced", { item, phase: t(`phase.${event.to}`) }));
      return;
    case "translated":
      if (c && event.by !== you?.id) {
        announce(t("announce.translated", { who: nameWithSide(state, event.by, t), language: languageName(event.language, lang()), id: c.id }));
      }
      return;
    case "sessionClosed":
      announce(t("compose.closed"));
      return;
    default:
  }
}

function announce(text) {
  const region = $("announcer");
  region.append(h("p", { text }));
  while (region.childElementCount > 3) region.firstElementChild.remove();
}

function notice(text) {
  const el = $("notice");
  el.textContent = text;
  el.hidden = false;
  clearTimeout(notice.timer);
  notice.timer = setTimeout(() => { el.hidden = true; }, 12000);
}

// MARK: Status, identity, language

function statusText(status, detail) {
  switch (status) {
    case "live": return t("status.live");
    case "connecting": return t("status.connecting");
    case "offline": return t("status.offline");
    case "stopped": return t("status.stopped");
    case "reconnecting":
      return detail?.retryIn ? t("status.retryIn", { s: Math.max(1, Math.round(detail.retryIn / 1000)) }) : t("status.reconnecting");
    default: return "";
  }
}

function showStatus(status, text) {
  const el = $("status");
  el.dataset.state = status;
  el.textContent = text;
  document.body.dataset.connection = status;
  if (status === "stopped" && connection?.stopped) renderBanner(t("status.linkInvalid"));
}

function renderYou() {
  const you = state.you;
  const el = $("you");
  if (!you) {
    el.textContent = t("you.operator");
    return;
  }
  const side = state.session.sides.find((s) => s.id === you.side)?.name;
  el.textContent = t("you.label", { name: you.name, role: t(`role.${you.role}`) }) + (side ? ` · ${side}` : "");
}

function renderBanner(message) {
  const el = $("banner");
  const text = message ?? (state.session?.state === "closed" ? t("banner.closed") : "");
  el.textContent = text;
  el.hidden = !text;
}

function setupLanguagePicker() {
  i18n.bindPicker($("lang"), () => {
    translations.reset();
    groundRules.reset();
    room.reset();
    agendaNav.reset();
    chatDock.reset();
    panels.reset();
    composer.reset();
    report.reset();
    if (connection) showStatus(connection.status, statusText(connection.status, {}));
    render();
  });
}
