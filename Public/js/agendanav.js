/**
 * The agenda at hand: a link per item with its state and what is new in it, and the
 * filter of the discussion by kind and by side. What the reader has seen is an item that
 * was in view; both it and the filter are kept in local storage per session and reader.
 */

import { h, replaceChildren, syncChildren } from "./dom.js";
import { sideName } from "./format.js";
import { agendaEntries, FILTER_KINDS, markSeen, NO_FILTER, parseFilter } from "./navigation.js";

export function createAgendaNav({ el, itemsEl, t, storage, onFilter }) {
  let state = null;
  let key = null;
  let seen = {};
  let filter = NO_FILTER;
  /** No record of this reader yet: what is there at the first visit is not "new". */
  let fresh = false;
  const inView = new Set();
  const observer = typeof IntersectionObserver === "undefined" ? null : new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const id = entry.target.id.replace(/^item-/, "");
      if (entry.isIntersecting) inView.add(id);
      else inView.delete(id);
    }
    see();
  }, { threshold: 0 });
  const list = h("ol", { class: "agenda-links" });
  const kind = h("select", { id: "filter-kind" });
  const side = h("select", { id: "filter-side" });

  function build() {
    replaceChildren(el,
      h("h2", { class: "visually-hidden", id: "agenda-nav-h", text: t("nav.agenda") }),
      list,
      h("div", { class: "filters" },
        h("label", { htmlFor: "filter-kind", text: t("filter.kind") }), kind,
        h("label", { htmlFor: "filter-side", text: t("filter.side") }), side));
    el.setAttribute("aria-labelledby", "agenda-nav-h");
    list.replaceChildren();
    list.__keyed = null;
    kind.__signature = null;
    side.__signature = null;
  }

  function choose() {
    keep(parseFilter({ kind: kind.value, side: side.value }, state.session.sides));
  }

  /** Shows the whole discussion again (a link to a card the filter hides). */
  function clearFilter() {
    if (filter.kind === NO_FILTER.kind && filter.side === NO_FILTER.side) return;
    keep(NO_FILTER);
  }

  function keep(next) {
    filter = next;
    try {
      storage.setItem(`${key}:filter`, JSON.stringify(filter));
    } catch {
      // Not kept; it still holds for this page.
    }
    onFilter(filter);
  }
  kind.addEventListener("change", choose);
  side.addEventListener("change", choose);

  /** Called on every welcome: this reader's seen items and filter. */
  function attach(next) {
    state = next;
    const nextKey = `parley:nav:${state.session.id}:${state.you?.id ?? "admin"}`;
    if (nextKey === key) return;
    key = nextKey;
    const stored = read(`${key}:seen`);
    fresh = stored === null;
    seen = stored ?? {};
    filter = parseFilter(read(`${key}:filter`), state.session.sides);
    onFilter(filter);
  }

  function read(name) {
    try {
      return JSON.parse(storage.getItem(name) ?? "null");
    } catch {
      return null;
    }
  }

  /** Once the first replay is drawn: on a first visit, everything there so far is seen. */
  function replayDone() {
    if (!fresh || !state) return;
    fresh = false;
    store(markSeen(seen, state, state.agenda.map((i) => i.id)));
  }

  /** Items in view are seen: their counts of new contributions go back to zero. */
  function see() {
    if (!state || fresh || document.visibilityState === "hidden") return;
    store(markSeen(seen, state, [...inView]));
  }

  function store(next) {
    if (next === seen) return;
    seen = next;
    try {
      storage.setItem(`${key}:seen`, JSON.stringify(seen));
    } catch {
      // Counted again next time.
    }
    render(state);
  }

  function render(next) {
    state = next;
    if (!el.firstChild) build();
    for (const section of itemsEl.querySelectorAll(":scope > section.item")) observer?.observe(section);
    setOptions(kind, [["all", t("filter.allKinds")], ...FILTER_KINDS.map((k) => [k, t(`kind.${k}`)])], filter.kind);
    setOptions(side, [["all", t("filter.allSides")], ...state.session.sides.map((s) => [s.id, sideName(state, s.id)]), ["neutral", t("filter.neutral")]], filter.side);
    syncChildren(list, agendaEntries(state, seen), (e) => e.id, () => h("li"), (li, e) => {
      const signature = JSON.stringify([t("nav.agenda"), e]);
      if (li.__signature === signature) return;
      li.__signature = signature;
      const unread = e.unread ? h("span", { class: "unread", text: t("nav.unread", { n: e.unread }) }) : null;
      replaceChildren(li, h("a", { href: `#item-${e.id}` },
        h("span", { class: "title", dir: "auto", text: e.title }),
        h("span", { class: `badge ${e.open ? "badge-open" : "badge-closed"}`, text: t(e.open ? "item.open" : "item.closed") }),
        unread));
    });
    queueMicrotask(see);
  }

  function setOptions(select, options, value) {
    const signature = JSON.stringify(options);
    if (select.__signature !== signature) {
      select.__signature = signature;
      replaceChildren(select, options.map(([v, text]) => h("option", { value: v, text })));
    }
    select.value = value;
  }

  /** After a language change: rebuilt in the new words. */
  function reset() {
    el.replaceChildren();
    observer?.disconnect();
    inView.clear();
  }

  return { attach, render, reset, replayDone, clearFilter, get filter() { return filter; } };
}
