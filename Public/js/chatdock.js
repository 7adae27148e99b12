/**
 * The chat panel (contract §6, channels): the room's chat in tabs, each with what is new in
 * it. "Everyone" is the public chat of every item in one stream; "Our caucus" is the
 * reader's side (its co-chair and members only); "Chairs" the co-chairs and the facilitator.
 *
 * Why here, and not under each item: a caucus is a side conferring across the whole
 * agenda, not about one item, so a private channel reads as one stream whose lines name
 * their item, beside the discussion (the panel stays in view on a wide screen while the
 * agenda scrolls). Private lines are never drawn under the items; each item keeps its own
 * public chat, which the Everyone tab repeats to read, linked to the line under its item.
 *
 * Each channel has its own form, so that a message typed for a caucus can never go to
 * everyone by switching tabs; a private channel says who reads it, above its stream and in
 * its form's words. Private lines are announced here (by the line when its tab is in view,
 * else by the count of what is new); public ones are announced by the room (main.js).
 */

import { createChatLines } from "./chatlines.js";
import { bindSend, h, replaceChildren, syncChildren } from "./dom.js";
import { excerpt, nameWithSide, refusalText, sideName } from "./format.js";
import { channelEntries, markChannelsSeen } from "./navigation.js";
import { tabKeyTarget } from "./tabs.js";
import { channelLines, defaultItem, itemOpen, mayAct, postableChannels, readableChannels } from "./views.js";

/**
 * @param {object} deps
 * @param {HTMLElement} deps.el the panel
 * @param {(key: string, vars?: object) => string} deps.t
 * @param {() => string} deps.lang
 * @param {Storage} deps.storage remembers the tab chosen and what was seen, per session and reader
 * @param {(cmd: object, label: string, handlers?: object) => void} deps.command
 * @param {object} deps.translations translations.js `createTranslations`
 * @param {(text: string) => void} deps.announce the room's polite announcer
 */
export function createChatDock({ el, t, lang, storage, command, translations, announce }) {
  const chatLines = createChatLines({ t, lang, command, translations });
  let state = null;
  let key = null;
  let channels = [];
  let selected = "main";
  let seen = {};
  /** No record of this reader yet: what is there at the first visit is not "new". */
  let fresh = false;
  /** Per private channel, the last seq announced; null until the first replay is drawn. */
  let announced = null;
  /** What was typed in each channel's form, kept across a rebuild (a language change). */
  const typed = {};
  let parts = null;
  let inView = typeof IntersectionObserver === "undefined";
  const observer = inView ? null : new IntersectionObserver((entries) => {
    inView = entries.some((entry) => entry.isIntersecting);
    see();
  }, { threshold: 0 });
  observer?.observe(el);

  /** Called on every welcome: this reader's channels, tab and seen lines. */
  function attach(next) {
    state = next;
    // Lines missed while away arrive as a replay, which is not read out line by line.
    announced = null;
    const nextKey = `parley:chat:${state.session.id}:${state.you?.id ?? "admin"}`;
    if (nextKey === key) return;
    key = nextKey;
    const stored = read("seen");
    fresh = stored === null;
    seen = stored ?? {};
    selected = read("channel") ?? "main";
    announced = null;
    parts = null;
  }

  function read(name) {
    try {
      return JSON.parse(storage.getItem(`${key}:${name}`) ?? "null");
    } catch {
      return null;
    }
  }

  function write(name, value) {
    try {
      storage.setItem(`${key}:${name}`, JSON.stringify(value));
    } catch {
      // Not kept; it still holds for this page.
    }
  }

  /** The words of a channel: its tab, who reads it, its form's label and send button. */
  function words(channel) {
    const side = sideName(state, state.you?.side);
    switch (channel) {
      case "caucus":
        return { tab: t("chat.caucus", { side }), audience: t("chat.audienceCaucus", { side }),
          message: t("chat.messageCaucus", { side }), send: t("chat.sendCaucus") };
      case "chairs":
        return { tab: t("chat.chairs"), audience: t("chat.audienceChairs"), message: t("chat.messageChairs"), send: t("chat.sendChairs") };
      default:
        return { tab: t("chat.everyone"), audience: t("chat.audienceMain"), message: t("chat.messageMain"), send: t("chat.sendMain") };
    }
  }

  function build() {
    channels = readableChannels(state.you);
    if (!channels.includes(selected)) selected = channels[0];
    const posting = postableChannels(state.you);
    parts = { channels: channels.join(), tabs: {}, panels: {}, lists: {}, empties: {}, forms: {} };
    const tablist = h("div", { class: "tabs channel-tabs", id: "chat-tabs", attrs: { role: "tablist", "aria-labelledby": "chat-h" } });
    const panels = channels.map((channel) => {
      const w = words(channel);
      const privacy = channel === "main" ? "public" : "private";
      const tab = h("button", {
        type: "button", id: `chat-tab-${channel}`, class: `channel-tab channel-${privacy}`, dataset: { channel },
        attrs: { role: "tab", "aria-controls": `chat-panel-${channel}`, "aria-describedby": `chat-audience-${channel}` },
      }, h("span", { class: "tab-name", dir: "auto", text: w.tab }), " ", h("span", { class: "unread" }));
      tab.addEventListener("click", () => choose(channel));
      parts.tabs[channel] = tab;
      tablist.append(tab);
      parts.lists[channel] = h("ol", { class: "chat-list channel-list", tabIndex: 0, attrs: { "aria-label": w.tab } });
      parts.empties[channel] = h("p", { class: "empty", text: t("item.noChat") });
      parts.forms[channel] = posting.includes(channel) ? buildForm(channel, w) : null;
      const panel = h("div", {
        class: `channel-panel channel-${privacy}`, id: `chat-panel-${channel}`, dataset: { channel },
        attrs: { role: "tabpanel", "aria-labelledby": `chat-tab-${channel}` },
      },
      h("p", { class: `channel-audience channel-${privacy}`, id: `chat-audience-${channel}`, dir: "auto", text: w.audience }),
      parts.empties[channel], parts.lists[channel], parts.forms[channel]?.form);
      parts.panels[channel] = panel;
      return panel;
    });
    tablist.addEventListener("keydown", (event) => {
      const next = tabKeyTarget(event.key, channels.indexOf(event.target.closest("[role=tab]")?.dataset.channel), channels.length);
      if (next === undefined) return;
      event.preventDefault();
      choose(channels[next]);
      parts.tabs[channels[next]].focus();
    });
    replaceChildren(el, h("h2", { id: "chat-h", text: t("chat.heading") }), tablist, panels);
    el.hidden = false;
    showSelected();
  }

  function choose(channel) {
    selected = channel;
    write("channel", channel);
    showSelected();
    // The newest lines are at the bottom, where a chat is read from.
    parts.lists[channel].scrollTop = parts.lists[channel].scrollHeight;
    see();
    render(state);
  }

  function showSelected() {
    for (const channel of channels) {
      const on = channel === selected;
      parts.tabs[channel].setAttribute("aria-selected", String(on));
      parts.tabs[channel].tabIndex = on ? 0 : -1;
      parts.panels[channel].hidden = !on;
    }
  }

  function buildForm(channel, w) {
    const id = (part) => `chat-${part}-${channel}`;
    const f = {
      text: h("textarea", { id: id("text"), rows: 2, dir: "auto", value: typed[channel] ?? "", attrs: { "aria-describedby": id("status") } }),
      item: h("select", { id: id("item") }),
      send: h("button", { type: "submit", id: id("send"), class: "primary", text: w.send }),
      status: h("p", { id: id("status"), class: "draft-status", attrs: { "aria-live": "polite" } }),
      pending: false,
    };
    f.form = h("form", { id: id("form"), class: `chat-form channel-${channel === "main" ? "public" : "private"}`, dataset: { channel } },
      h("label", { htmlFor: id("text"), dir: "auto", text: w.message }), f.text,
      h("div", { class: "row" },
        h("div", { class: "field" }, h("label", { htmlFor: id("item"), text: t("chat.item") }), f.item),
        f.send),
      f.status);
    const say = (text, tone) => {
      f.status.textContent = text;
      f.status.dataset.tone = tone;
    };
    const submit = () => {
      if (f.pending) return;
      if (!f.text.value.trim()) {
        say(t("compose.empty"), "refusal");
        return f.text.focus();
      }
      const cmd = { type: "post", item: f.item.value, kind: "chat", text: f.text.value };
      if (channel !== "main") cmd.channel = channel;
      const sentAfter = state.lastSeq;
      f.pending = true;
      f.send.disabled = true;
      say(t("compose.sending"), "pending");
      command(cmd, w.send, {
        onAck: () => {
          f.pending = false;
          f.send.disabled = false;
          f.text.value = "";
          typed[channel] = "";
          say(t("compose.sent"), "ok");
        },
        onRefused: (error) => {
          f.pending = false;
          f.send.disabled = false;
          // The connection dropped before the answer: the replay shows whether it was saved.
          const landed = error.unconfirmed && channelLines(state, channel).some((c) =>
            c.id > sentAfter && c.author === state.you?.id && c.text === cmd.text);
          if (landed) {
            if (f.text.value === cmd.text) f.text.value = "";
            typed[channel] = "";
            return say(t("compose.sent"), "ok");
          }
          const reason = error.code === "offline" ? t("notice.offline", { action: w.send }) : refusalText(error, t, { state, command: cmd });
          say(t("compose.refused", { reason }), "refusal");
          f.text.focus();
        },
      });
    };
    bindSend(f.form, f.text, submit);
    f.text.addEventListener("input", () => { typed[channel] = f.text.value; });
    return f;
  }

  /**
   * A form takes posts while the reader may act; the public channel under an open item
   * only, a private one under any item (the chairs may confer about a closed item).
   */
  function renderForm(channel) {
    const f = parts.forms[channel];
    if (!f) return;
    const items = state.agenda.filter((i) => channel !== "main" || itemOpen(state, i.id));
    f.form.hidden = !mayAct(state) || items.length === 0;
    const options = items.map((i) => [i.id, i.title]);
    const signature = JSON.stringify(options);
    if (f.item.__signature !== signature) {
      f.item.__signature = signature;
      const chosen = f.item.value;
      replaceChildren(f.item, options.map(([value, text]) => h("option", { value, text })));
      f.item.value = items.some((i) => i.id === chosen) ? chosen : (items.find((i) => i.id === defaultItem(state))?.id ?? items[0]?.id ?? "");
    }
  }

  function render(next) {
    state = next;
    if (!state?.session || key === null) return;
    if (!parts || parts.channels !== readableChannels(state.you).join()) build();
    const entries = channelEntries(state, channels, seen);
    for (const entry of entries) {
      const { channel } = entry;
      const unread = parts.tabs[channel].querySelector(".unread");
      unread.textContent = entry.unread ? t("nav.unread", { n: entry.unread }) : "";
      unread.hidden = !entry.unread;
      const list = parts.lists[channel];
      const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
      const lines = channelLines(state, channel).filter((c) => c.status === "visible");
      syncChildren(list, lines, (c) => c.id,
        (c) => h("li", { class: "chat-line", id: channel === "main" ? null : `c${c.id}`, dataset: { seq: String(c.id), kind: "chat", channel } }),
        (line, c) => chatLines.draw(line, c, state, { scope: "dock", item: true, controls: channel !== "main" }));
      if (atBottom) list.scrollTop = list.scrollHeight;
      parts.empties[channel].hidden = lines.length > 0;
      renderForm(channel);
    }
    announceNew(entries);
    queueMicrotask(see);
  }

  /** Once the first replay is drawn: from now on, new private lines are announced; on a first visit, everything so far is seen. */
  function replayDone() {
    if (!state || key === null) return;
    const readable = readableChannels(state.you);
    announced = {};
    for (const channel of readable) announced[channel] = lastShown(channel);
    if (fresh) {
      fresh = false;
      store(markChannelsSeen(seen, state, readable));
    }
  }

  function lastShown(channel) {
    return Math.max(0, ...channelLines(state, channel).map((c) => c.shownAt ?? c.id));
  }

  /** New lines of the private channels, by others: each line when its tab is in view, else what is new there. */
  function announceNew(entries) {
    if (!announced) return;
    for (const { channel, unread } of entries) {
      if (channel === "main") continue;
      const arrived = channelLines(state, channel)
        .filter((c) => (c.shownAt ?? c.id) > (announced[channel] ?? 0) && c.author !== state.you?.id && c.status === "visible");
      announced[channel] = Math.max(announced[channel] ?? 0, lastShown(channel));
      if (arrived.length === 0) continue;
      const name = words(channel).tab;
      if (channel === selected && reading()) {
        for (const c of arrived) announce(t("announce.chatIn", { channel: name, who: nameWithSide(state, c.author, t), text: excerpt(c.text, 140) }));
      } else if (unread > 0) {
        announce(t("chat.unreadAnnounce", { channel: name, n: unread }));
      }
    }
  }

  function reading() {
    return inView && document.visibilityState !== "hidden";
  }

  /** The tab in view is seen: its count of new lines goes back to zero. */
  function see() {
    if (!state || !parts || fresh || !reading()) return;
    store(markChannelsSeen(seen, state, [selected]));
  }

  function store(next) {
    if (next === seen) return;
    seen = next;
    write("seen", seen);
    render(state);
  }

  /** After a language change: rebuilt in the new words, what was typed kept. */
  function reset() {
    parts = null;
    el.replaceChildren();
  }

  /** Another person in this page now: nothing typed by the last one stays in a form. */
  function forget() {
    for (const channel of Object.keys(typed)) delete typed[channel];
    parts = null;
    key = null;
  }

  return { attach, render, replayDone, reset, forget };
}
