/**
 * Renders the room from the reducer's state: agenda items with their phase and time, both
 * sides' positions side by side, the joint proposals and recommendations with their
 * endorsement keys, translations under what they translate, the public chat of each item. Nodes are keyed (dom.js `syncChildren`) and rebuilt only when what they show
 * changes, so focus and half-typed moderation reasons survive live updates.
 *
 * All user text goes in through textContent (dom.js `h`), with `dir="auto"` so that each
 * text keeps its own direction; it is never altered.
 */

import { createChatLines } from "./chatlines.js";
import { reasonDisclosure } from "./controls.js";
import { h, replaceChildren, syncChildren } from "./dom.js";
import { balance } from "./balance.js";
import { formatTime, nameOf, sideName, timeLeftText } from "./format.js";
import { filterView } from "./navigation.js";
import {
  advanceCommand, canAdvancePhase, canAmend, canApprove, canEndorse, canRedact, canReject, canReply, canWithdrawEndorsement,
  canWriteIn, endorsementKeys, isModerator, itemOpen, itemView, keyCommand, mayAct, nextPhase, timebox,
} from "./views.js";

/**
 * @param {object} deps
 * @param {HTMLElement} deps.itemsEl the container of the agenda sections
 * @param {(key: string, vars?: object) => string} deps.t
 * @param {() => string} deps.lang
 * @param {() => object} deps.filter what the discussion shows (navigation.js `matchesFilter`)
 * @param {object} deps.actions `command(cmd, label)`, `reply(c)`, `amend(c)`, `write(itemId)`
 * @param {object} deps.translations translations.js `createTranslations`
 */
export function createRoom({ itemsEl, t, lang, filter, actions, translations }) {
  const chatLines = createChatLines({ t, lang, command: actions.command, translations });
  let state = null;

  /** What the filter shows (navigation.js `filterView`), for this render. */
  let shown = null;

  function render(next) {
    state = next;
    shown = filterView(state, filter());
    syncChildren(itemsEl, state.agenda, (item) => item.id, createItem, updateItem);
  }

  /** Hides what the filter leaves out, and marks what is shown only as context. */
  function applyFilter(node, c) {
    // Never hidden: the card the composer is in (a draft, its status or a refusal).
    const holdsComposer = node.querySelector(":scope > #compose") !== null;
    node.hidden = !!shown && !holdsComposer && !shown.matching.has(c.id) && !shown.context.has(c.id);
    node.toggleAttribute("data-context", !!shown && !shown.matching.has(c.id) && shown.context.has(c.id));
  }

  /** Drops every cached node (after a language change). */
  function reset() {
    itemsEl.replaceChildren();
    itemsEl.__keyed = null;
  }

  // MARK: Agenda items

  function createItem(item) {
    const headingId = `item-${item.id}-h`;
    const parts = {
      heading: h("h2", { id: headingId, dir: "auto" }),
      badge: h("span", { class: "badge" }),
      phase: h("span", { class: "badge badge-phase" }),
      clock: h("span", { class: "time-left", id: `item-${item.id}-time`, attrs: { role: "timer" } }),
      toggle: h("button", { type: "button", class: "quiet act-item-state" }),
      write: h("button", { type: "button", class: "act-write", id: `write-${item.id}` }),
      phaseNote: h("p", { class: "phase-note", id: `item-${item.id}-phase-note` }),
      advance: h("button", { type: "button", class: "act-advance", id: `advance-${item.id}` }),
      meter: h("div", { class: "item-meter" }),
      columns: h("div", { class: "columns" }),
      joint: h("div", { class: "list joint-list" }),
      jointHeading: h("h3"),
      jointEmpty: h("p", { class: "empty" }),
      chatSummary: h("summary"),
      chatList: h("ol", { class: "chat-list", tabIndex: 0 }),
      chatEmpty: h("p", { class: "empty" }),
    };
    parts.toggle.addEventListener("click", () => {
      const current = state.agenda.find((i) => i.id === item.id);
      const type = current.state === "closed" ? "openItem" : "closeItem";
      actions.command({ type, item: item.id }, t(type === "openItem" ? "item.reopen" : "item.close"));
    });
    // The command names the phase shown when the button was drawn: a stale one is refused.
    // One press, one request: the button waits for the answer, so a double click (whose
    // second click would meet the next phase's button) cannot move the item twice.
    parts.write.addEventListener("click", () => actions.write(item.id));
    parts.advance.addEventListener("click", () => {
      if (parts.advance.disabled) return;
      parts.advance.disabled = true;
      actions.command(parts.advance.__command, parts.advance.textContent, {
        onSettled: () => { parts.advance.disabled = false; },
      });
    });
    const section = h("section", { class: "item", id: `item-${item.id}`, attrs: { "aria-labelledby": headingId } },
      h("header", { class: "item-head" }, parts.heading, parts.badge, parts.phase, parts.clock, parts.write, parts.toggle),
      parts.phaseBar = h("div", { class: "phase-bar" }, parts.phaseNote, parts.advance),
      h("div", { class: "item-compose" }),
      parts.meter,
      parts.columns,
      h("section", { class: "joint" }, parts.jointHeading, parts.jointEmpty, parts.joint),
      h("details", { class: "chat" }, parts.chatSummary, parts.chatEmpty, parts.chatList));
    section.__parts = parts;
    return section;
  }

  function updateItem(section, item) {
    const parts = section.__parts;
    const you = state.you;
    parts.heading.textContent = item.title;
    const closed = !itemOpen(state, item.id);
    section.classList.toggle("is-closed", closed);
    parts.badge.className = `badge ${closed ? "badge-closed" : "badge-open"}`;
    parts.badge.textContent = closed ? t("item.closed") : t("item.open");
    parts.toggle.hidden = !isModerator(you) || !mayAct(state, you);
    parts.toggle.textContent = closed ? t("item.reopen") : t("item.close");
    parts.toggle.setAttribute("aria-label", `${closed ? t("item.reopen") : t("item.close")}: ${item.title}`);
    parts.write.hidden = !canWriteIn(state, item.id);
    parts.write.textContent = t("item.write");
    parts.write.setAttribute("aria-label", t("item.writeIn", { item: item.title }));
    renderPhase(parts, item, closed);

    const view = itemView(state, item.id);
    renderMeter(parts.meter, balance(Object.values(state.contributions), state.session.sides, { item: item.id }), t, lang(), true);

    syncChildren(parts.columns, view.sides, (col) => col.side.id, createColumn, (node, col) => updateColumn(node, col, view));

    parts.jointHeading.textContent = t("item.joint");
    parts.jointEmpty.textContent = t("item.noJoint");
    parts.jointEmpty.hidden = view.joint.length > 0;
    syncCards(parts.joint, view.joint, view);

    parts.chatSummary.textContent = t("item.chat", { n: view.chat.length });
    parts.chatList.setAttribute("aria-label", `${t("kind.chat")}: ${item.title}`);
    parts.chatEmpty.textContent = t("item.noChat");
    parts.chatEmpty.hidden = view.chat.length > 0;
    syncChildren(parts.chatList, view.chat, (c) => c.id, createChatLine, updateChatLine);
  }

  /**
   * The item's phase, its time left (redrawn by the room's ticking render), who asked to
   * move on, and the "next phase" button for who may press it: the facilitator moves the
   * phase at once, a co-chair asks and the phase moves once the other co-chair asks too.
   */
  function renderPhase(parts, item, closed) {
    const you = state.you;
    const phased = !!item.phase && item.phase !== "closed";
    parts.phase.hidden = !phased;
    parts.phase.dataset.phase = item.phase ?? "";
    parts.phase.textContent = phased ? t("phase.label", { phase: t(`phase.${item.phase}`) }) : "";
    const time = closed ? null : timeLeftText(timebox(item), t, lang());
    parts.clock.hidden = !time;
    parts.clock.dataset.state = time?.state ?? "";
    parts.clock.textContent = time?.text ?? "";

    const next = phased ? nextPhase(item.phase) : null;
    const asked = phased && !closed ? item.phaseRequestedBy : [];
    const waiting = you?.role === "cochair" && asked.includes(you.side);
    const others = state.session.sides.filter((s) => s.id !== you?.side);
    parts.phaseNote.hidden = asked.length === 0;
    parts.phaseNote.textContent = waiting
      ? others.map((s) => t("phase.waiting", { side: s.name })).join(" ")
      : asked.map((side) => t("phase.asked", { side: sideName(state, side), phase: t(`phase.${next}`) })).join(" ");

    const may = canAdvancePhase(state, item.id, you);
    parts.advance.hidden = !may;
    parts.phaseBar.hidden = !may && parts.phaseNote.hidden;
    if (!may) return;
    const step = next[0].toUpperCase() + next.slice(1);
    const label = you.role === "facilitator" ? t(`phase.move${step}`) : t(asked.length ? `phase.agree${step}` : `phase.ask${step}`);
    parts.advance.textContent = label;
    parts.advance.setAttribute("aria-label", `${label}: ${item.title}`);
    parts.advance.setAttribute("aria-describedby", `item-${item.id}-phase-note`);
    parts.advance.__command = advanceCommand(item);
  }

  function createColumn(col) {
    const parts = {
      heading: h("h3", { class: "side-name", dir: "auto" }),
      positionsHeading: h("h4"),
      positions: h("div", { class: "list" }),
      positionsEmpty: h("p", { class: "empty" }),
      commentsHeading: h("h4"),
      comments: h("div", { class: "list" }),
    };
    const index = state.session.sides.findIndex((s) => s.id === col.side.id);
    const node = h("section", { class: `side side-${index}` },
      parts.heading, parts.positionsHeading, parts.positionsEmpty, parts.positions, parts.commentsHeading, parts.comments);
    node.__parts = parts;
    return node;
  }

  function updateColumn(node, col, view) {
    const parts = node.__parts;
    parts.heading.textContent = col.side.name;
    parts.positionsHeading.textContent = t("item.positions");
    parts.positionsEmpty.textContent = t("item.noPositions");
    parts.positionsEmpty.hidden = col.positions.length > 0;
    parts.commentsHeading.textContent = t("item.comments");
    parts.commentsHeading.hidden = col.comments.length === 0;
    syncCards(parts.positions, col.positions, view);
    syncCards(parts.comments, col.comments, view);
  }

  // MARK: Contributions

  function syncCards(container, list, view) {
    syncChildren(container, list, (c) => c.id, createCard, (node, c) => updateCard(node, c, view));
  }

  function createCard(c) {
    const parts = {
      meta: h("p", { class: "meta" }),
      body: h("div", { class: "body" }),
      translations: h("div", { class: "translations-of" }),
      endorsements: h("p", { class: "endorsements" }),
      cleared: h("p", { class: "note cleared" }),
      actions: h("div", { class: "actions" }),
      translate: h("div", { class: "translate-slot" }),
      replies: h("div", { class: "replies" }),
    };
    const node = h("article", {
      class: `card kind-${c.kind}`,
      id: `c${c.id}`,
      tabIndex: -1,
      dataset: { seq: String(c.id), kind: c.kind },
    }, parts.meta, parts.body, parts.translations, parts.endorsements, parts.cleared, parts.actions, parts.translate, parts.replies);
    node.__parts = parts;
    return node;
  }

  function updateCard(node, c, view) {
    const parts = node.__parts;
    applyFilter(node, c);
    const you = state.you;
    const keys = endorsementKeys(state, c);
    const flags = {
      amend: canAmend(state, c, you),
      endorse: canEndorse(state, c, you),
      withdraw: canWithdrawEndorsement(state, c, you),
      redact: canRedact(state, c, you),
      approve: canApprove(state, c, you),
      reject: canReject(state, c, you),
      reply: canReply(state, c, you),
    };
    const signature = JSON.stringify([lang(), c.text, c.version, c.status, c.redaction, c.rejection, c.adopted, keys, c.cleared, flags, c.options, c.heldTerms]);
    if (node.__signature !== signature) {
      node.__signature = signature;
      node.dataset.status = c.redaction ? "redacted" : c.status;
      node.classList.toggle("is-adopted", !!c.adopted);
      node.classList.toggle("is-held", c.status === "held");
      node.classList.toggle("is-tombstone", !!c.redaction || c.status === "rejected");
      node.setAttribute("aria-label", `${t(`kind.${c.kind}`)} #${c.id}, ${authorLine(c)}`);
      renderMeta(parts.meta, c);
      renderBody(parts.body, c);
      renderEndorsements(parts.endorsements, c, keys);
      renderCleared(parts.cleared, c);
      renderActions(parts.actions, c, flags);
    }
    renderTranslations(parts, c);
    syncCards(parts.replies, view.repliesTo(c.id), view);
  }

  function authorLine(c) {
    const name = nameOf(state, c.author, t);
    const side = sideName(state, c.side);
    return side ? `${name}, ${side}` : name;
  }

  function renderMeta(meta, c) {
    const items = [
      h("span", { class: "kind-label", text: t(`kind.${c.kind}`) }),
      h("a", { class: "id", href: `#c${c.id}`, text: `#${c.id}`, attrs: { "aria-label": t("card.link", { id: c.id }) } }),
      h("span", { class: "author", dir: "auto", text: authorLine(c) }),
      h("time", { dateTime: c.postedAt ?? "", text: formatTime(c.postedAt, lang()) }),
    ];
    if (c.version > 1) items.push(h("span", { class: "tag", text: t("card.amended") }));
    if (c.adopted) items.push(h("span", { class: "tag tag-adopted", text: `✓ ${t("card.adopted")}` }));
    if (c.status === "held") items.push(h("span", { class: "tag tag-held", text: t("card.held") }));
    if (c.replyTo != null) {
      const target = state.contributions[c.replyTo];
      const label = target
        ? t("card.answers", { what: `${t(`kind.${target.kind}`)} #${target.id}${target.side ? ` (${sideName(state, target.side)})` : ""}` })
        : t("card.answers", { what: `#${c.replyTo}` });
      items.push(h("a", { class: "answers", href: `#c${c.replyTo}`, text: `↳ ${label}` }));
    }
    replaceChildren(meta, items);
  }

  function renderBody(body, c) {
    if (c.redaction) {
      replaceChildren(body, h("p", {
        class: "tombstone",
        text: t("card.redacted", { who: nameOf(state, c.redaction.by, t), reason: c.redaction.reason }),
      }));
      return;
    }
    const content = [h("p", { class: "text", dir: "auto", text: c.text ?? "" })];
    if (c.options?.length) {
      content.push(h("ol", { class: "options", type: "a" },
        c.options.map((option) => h("li", { dir: "auto", text: option ?? "" }))));
    }
    if (c.status === "held" && c.heldTerms?.length) {
      content.push(h("p", { class: "note", text: t("card.heldTerms", { terms: c.heldTerms.join(", ") }) }));
    }
    if (c.status === "rejected") {
      const reason = c.rejection?.reason ? ` — ${c.rejection.reason}` : "";
      content.unshift(h("p", { class: "tombstone", text: `${t("card.rejected", { who: nameOf(state, c.rejection?.by, t) })}${reason}` }));
    }
    replaceChildren(body, content);
  }

  function renderEndorsements(el, c, keys) {
    const joint = c.kind === "proposal" || c.kind === "recommendation";
    el.hidden = !joint || !!c.redaction;
    if (el.hidden) return;
    const described = keys.map((k) => t(k.endorsed ? "card.endorsedBy" : "card.notEndorsedBy", { side: k.name })).join(", ");
    el.setAttribute("aria-label", `${t("card.endorsements")}: ${described}`);
    const spans = [];
    keys.forEach((k, i) => {
      if (i > 0) spans.push(h("span", { class: "sep", attrs: { "aria-hidden": "true" }, text: " · " }));
      spans.push(h("span", { class: `key ${k.endorsed ? "key-yes" : "key-no"}`, dataset: { side: k.side } },
        `${k.name} ${k.endorsed ? "✓" : "—"}`));
    });
    if (!c.adopted) spans.push(h("span", { class: "pending", text: ` ${t("card.notAdopted")}` }));
    replaceChildren(el, spans);
  }

  /** The translations under the original, and the Translate form (kept while it is typed into). */
  function renderTranslations(parts, c) {
    const signature = translations.signature(state, c);
    if (parts.translations.__signature !== signature) {
      parts.translations.__signature = signature;
      const list = translations.list(state, c);
      replaceChildren(parts.translations, list);
      parts.translations.hidden = !list;
    }
    const form = translations.form(state, c, "card");
    if (form && form.parentNode !== parts.translate) replaceChildren(parts.translate, form);
    if (!form) parts.translate.replaceChildren();
    parts.translate.hidden = !form;
  }

  /** Whose endorsement the last amendment cleared, until that side endorses the new text. */
  function renderCleared(el, c) {
    el.hidden = !c.cleared.length || !!c.redaction || !!c.adopted;
    el.textContent = el.hidden ? "" : c.cleared.map((side) => t("card.cleared", { side: sideName(state, side) })).join(" ");
  }

  function renderActions(el, c, flags) {
    const buttons = [];
    const label = (key) => `${t(key)} #${c.id}`;
    if (flags.reply) buttons.push(button(t("card.reply"), label("card.reply"), () => actions.reply(c), "act-reply"));
    if (flags.amend) buttons.push(button(t("card.amend"), label("card.amend"), () => actions.amend(c), "act-amend"));
    if (flags.endorse) {
      const side = sideName(state, state.you.side);
      const key = keyCommand("endorse", c);
      buttons.push(button(t("card.endorse", { side }), label("card.endorseShort"),
        () => actions.command(key, t("card.endorseShort")), "act-endorse primary"));
    }
    if (flags.withdraw) {
      buttons.push(button(t("card.withdrawEndorsement"), label("card.withdrawEndorsement"),
        () => actions.command({ type: "withdrawEndorsement", contribution: c.id }, t("card.withdrawEndorsement")), "act-unendorse"));
    }
    if (flags.approve) buttons.push(approveButton(c, "act-approve primary"));
    const forms = [];
    if (flags.reject) forms.push(reasonForm(c, keyCommand("reject", c), false));
    if (flags.redact) forms.push(reasonForm(c, { type: "redact", contribution: c.id }, true));
    replaceChildren(el, buttons, forms);
    el.hidden = buttons.length + forms.length === 0;
  }

  function approveButton(c, className) {
    const key = keyCommand("approve", c);
    return button(t("card.approve"), `${t("card.approve")} #${c.id}`, () => actions.command(key, t("card.approve")), className);
  }

  /** Redaction needs a reason (shown on the tombstone); rejection may give one. */
  function reasonForm(c, base, required) {
    const type = base.type;
    return reasonDisclosure({
      id: `${type}-${c.id}`,
      action: t(`card.${type}`),
      summaryLabel: `${t(`card.${type}`)} #${c.id}`,
      inputLabel: t(required ? "card.redactReason" : "card.rejectReason"),
      required,
      className: `act-${type}`,
      onSubmit: (reason) => actions.command(reason ? { ...base, reason } : base, t(`card.${type}`)),
    });
  }

  function button(text, ariaLabel, onClick, className) {
    return h("button", { type: "button", class: className, text, attrs: { "aria-label": ariaLabel }, on: { click: onClick } });
  }

  // MARK: Chat

  function createChatLine(c) {
    return h("li", { class: "chat-line", id: `c${c.id}`, dataset: { seq: String(c.id), kind: "chat" } });
  }

  function updateChatLine(line, c) {
    applyFilter(line, c);
    chatLines.draw(line, c, state, { scope: "line" });
  }

  return { render, reset };
}

/**
 * The balance meter: one bar split in the two sides' shares of words, and the counts in
 * words beside it (the bar alone would carry the meaning by colour). `compact` for the
 * per-item meter.
 */
export function renderMeter(el, result, t, lang, compact = false) {
  const [a, b] = result.rows;
  if (!a || !b) return;
  const signature = JSON.stringify([lang, result]);
  if (el.__signature === signature) return;
  el.__signature = signature;
  const bar = h("div", { class: "meter-bar", attrs: { "aria-hidden": "true" } },
    h("span", { class: "meter-a" }), h("span", { class: "meter-b" }));
  bar.firstChild.style.flexGrow = String(a.wordShare);
  bar.lastChild.style.flexGrow = String(b.wordShare);
  const rows = result.rows.map((row, i) => h("li", { class: `meter-row meter-row-${i}`, dataset: { side: row.side } },
    h("span", { class: "meter-side", dir: "auto", text: row.name }), " ",
    h("span", { class: "meter-count", text: `${t("balance.contributions", { n: row.contributions })} · ${t("balance.words", { n: row.words })}` })));
  replaceChildren(el, bar, h("ul", { class: compact ? "meter-text compact" : "meter-text" }, rows));
}

