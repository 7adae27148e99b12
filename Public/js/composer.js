/**
 * The composer: choose the item and the kind, answer a position, amend inside the edit
 * window. The draft lives in local storage (drafts.js) from the first keystroke until the
 * server acknowledges it; a draft sent while offline, or whose ack was lost to a dropped
 * connection, is resent after the reconnect unless the replay shows it already landed.
 * A refusal is shown in words next to the draft, which is kept for another try.
 */

import { bindSend, h, replaceChildren } from "./dom.js";
import {
  draftCommand, draftKey, draftLanded, emptyDraft, isBlank, loadDraft, parseOptions, saveDraft,
} from "./drafts.js";
import { excerpt, formatTime, refusalText, sideName } from "./format.js";
import {
  defaultItem, isMuted, itemOpen, kindsFor, mustAcceptRules, postableKinds, replyTargets, reportLead, sessionOpen,
} from "./views.js";

let refCounter = 0;
function newRef() {
  refCounter += 1;
  return `d${Date.now().toString(36)}-${refCounter}`;
}

function graphemes(text) {
  if (typeof Intl !== "undefined" && Intl.Segmenter) {
    let n = 0;
    for (const _ of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)) n += 1;
    return n;
  }
  return [...text].length;
}

export function createComposer({ el, t, lang, storage, send, announce }) {
  // The composer's own place, under the agenda; it moves under the card it answers or
  // amends, so that answering never sends the reader to the bottom of a long page.
  const home = document.createComment("composer");
  el.before(home);
  let state = null;
  let key = null;
  let draft = emptyDraft();
  let saveTimer = null;
  let built = false;
  const f = {};

  function build() {
    built = true;
    f.item = h("select", { id: "compose-item" });
    f.kind = h("select", { id: "compose-kind", attrs: { "aria-describedby": "compose-phase" } });
    f.phase = h("p", { id: "compose-phase", class: "hint" });
    f.replyTo = h("select", { id: "compose-reply" });
    f.options = h("textarea", { id: "compose-options", rows: 4, attrs: { "aria-describedby": "compose-options-hint" } });
    f.text = h("textarea", { id: "compose-text", rows: 5, attrs: { "aria-describedby": "compose-count compose-status" } });
    f.count = h("span", { id: "compose-count", class: "hint" });
    f.lead = h("p", { id: "compose-lead", class: "hint" });
    f.status = h("p", { id: "compose-status", class: "draft-status", attrs: { "aria-live": "polite" } });
    f.amendLine = h("p", { class: "amend-line" });
    f.send = h("button", { type: "submit", class: "primary", id: "compose-send", text: t("compose.send") });
    f.cancel = h("button", { type: "button", id: "compose-cancel", text: t("compose.cancelAmend") });
    f.unsend = h("button", { type: "button", id: "compose-unsend", text: t("compose.unsend") });
    f.readOnly = h("p", { class: "hint" });
    f.answeredSummary = h("summary");
    f.answeredText = h("p", { class: "text", dir: "auto" });
    f.answered = h("details", { class: "answered", open: true }, f.answeredSummary, f.answeredText);
    f.replyPick = h("div", { class: "field" }, h("label", { htmlFor: "compose-reply", text: t("compose.replyTo") }), f.replyTo);
    f.replyRow = h("div", { class: "field" }, f.replyPick, f.answered);
    f.optionsRow = h("div", { class: "field" },
      h("label", { htmlFor: "compose-options", text: t("compose.options") }),
      h("p", { id: "compose-options-hint", class: "hint", text: t("compose.optionsHint") }), f.options);
    f.fields = h("fieldset", { class: "compose-fields" },
      h("legend", { class: "visually-hidden", text: t("compose.heading") }),
      f.itemKindRow = h("div", { class: "row" },
        f.itemField = h("div", { class: "field" }, h("label", { htmlFor: "compose-item", text: t("compose.item") }), f.item),
        h("div", { class: "field" }, h("label", { htmlFor: "compose-kind", text: t("compose.kind") }), f.kind)),
      f.phase, f.replyRow, f.optionsRow,
      h("div", { class: "field" }, h("label", { htmlFor: "compose-text", text: t("compose.text") }), f.text, f.count));
    f.form = h("form", { id: "composer", attrs: { "aria-labelledby": "compose-h" } },
      f.amendLine, f.fields,
      h("div", { class: "actions" }, f.send, f.cancel, f.unsend, h("span", { class: "hint", text: t("compose.shortcut") })),
      f.status);
    replaceChildren(el, h("h2", { id: "compose-h", text: t("compose.heading") }), f.readOnly, f.form);

    bindSend(f.form, f.text, submit);
    for (const field of [f.item, f.kind, f.replyTo, f.options, f.text]) {
      field.addEventListener("input", () => edited());
      field.addEventListener("change", () => edited());
    }
    f.cancel.addEventListener("click", () => {
      const card = inPlaceCard();
      // A new text written in an item goes home with its words (whatever it now answers);
      // an answer or an amendment begun on a card is given up.
      const writing = draft.inPlace === "item" || (draft.amend == null && draft.replyTo == null);
      draft = writing ? { ...draft, inPlace: false } : emptyDraft(draft.item, draft.kind);
      persist(true);
      render(state);
      leave(card);
    });
    f.unsend.addEventListener("click", () => {
      draft.pending = null;
      persist(true);
      render(state);
      f.text.focus();
    });
  }

  /** Reads the fields into the draft, which is saved shortly after typing stops. */
  function edited() {
    if (draft.pending) return;
    draft.item = f.item.value || draft.item;
    draft.kind = f.kind.value || draft.kind;
    draft.replyTo = f.replyTo.value ? Number(f.replyTo.value) : null;
    draft.options = f.options.value.split("\n");
    draft.text = f.text.value;
    draft.refusal = null;
    persist(false);
    render(state);
  }

  function persist(now) {
    clearTimeout(saveTimer);
    if (now) saveDraft(storage, key, draft);
    else saveTimer = setTimeout(() => saveDraft(storage, key, draft), 250);
  }

  /** Called on every welcome: loads this participant's draft the first time. */
  function attach(next) {
    state = next;
    const nextKey = draftKey(state.session.id, state.you?.id ?? "admin");
    if (nextKey === key) return;
    key = nextKey;
    draft = loadDraft(storage, key) ?? emptyDraft(defaultItem(state), postableKinds(state.you)[0] ?? "chat");
    built = false;
  }

  function submit() {
    if (draft.pending) return;
    edited();
    if (isBlank(draft)) {
      showStatus(t("compose.empty"), "refusal");
      f.text.focus();
      return;
    }
    const command = draftCommand({ ...draft, options: parseOptions((draft.options ?? []).join("\n")) });
    draft.pending = { ref: newRef(), afterSeq: state.lastSeq };
    if (draft.amend != null) draft.pending.version = state.contributions[draft.amend]?.version ?? 1;
    draft.refusal = null;
    persist(true);
    transmit(command);
    render(state);
  }

  function transmit(command) {
    if (send({ ...command, ref: draft.pending.ref })) draft.pending.sent = true;
    else draft.pending.sent = false;
  }

  /** The ack of the draft's command: the draft is done. */
  function acked(ref) {
    if (draft.pending?.ref !== ref) return false;
    const card = inPlaceCard();
    draft = emptyDraft(draft.item, draft.kind === "comment" ? "comment" : draft.kind);
    persist(true);
    const typing = f.form.contains(document.activeElement) || document.activeElement === document.body;
    render(state);
    showStatus(t("compose.sent"), "ok");
    announce(t("compose.sent"));
    if (typing) leave(card);
    return true;
  }

  /**
   * The refusal of the draft's command: kept, with the reason in words. When the server
   * could not confirm the save (`unconfirmed`), the draft stays pending: the reconnect's
   * replay shows whether it landed, and `resume` sends it again only if it did not.
   */
  function refused(ref, error) {
    if (draft.pending?.ref !== ref) return false;
    if (error.unconfirmed) {
      draft.pending.unconfirmed = true;
      persist(true);
      render(state);
      return true;
    }
    draft.pending = null;
    draft.refusal = { code: error.code, message: error.message ?? "" };
    persist(true);
    render(state);
    f.text.focus();
    return true;
  }

  /**
   * After a reconnect's replay: a draft still pending either landed before the connection
   * dropped (the ack was lost) or did not; it is resent only in the second case.
   */
  function resume(next) {
    state = next;
    if (!draft.pending) return;
    if (draftLanded(state, draft, state.you?.id)) {
      acked(draft.pending.ref);
      return;
    }
    draft.pending.ref = newRef();
    draft.pending.unconfirmed = false;
    persist(true);
    transmit(draftCommand({ ...draft, options: parseOptions((draft.options ?? []).join("\n")) }));
    render(state);
  }

  function reply(c) {
    if (!confirmReplace()) return;
    draft = { ...emptyDraft(c.item, "comment"), replyTo: c.id, inPlace: true };
    persist(true);
    render(state);
    focusInPlace();
  }

  /** A new text under `itemId`, written in the item itself ("Write here"), of the first kind it takes. */
  function write(itemId) {
    if (draft.item !== itemId || draft.amend != null || (draft.replyTo != null && draft.inPlace !== "item")) {
      if (!confirmReplace()) return;
      const kind = kindsFor(state, itemId).find((k) => k !== "chat") ?? "position";
      draft = { ...emptyDraft(itemId, kind), inPlace: "item" };
    } else {
      draft = { ...draft, inPlace: "item" };
    }
    persist(true);
    render(state);
    focusInPlace();
  }

  /** The card or the item the composer sits in, if it does. */
  function inPlaceCard() {
    return el.classList.contains("in-place") ? el.closest("article.card, section.item") : null;
  }

  /**
   * After sending or cancelling: back to the card answered when the composer was in it
   * (it has gone home, maybe far below: following it would jump), or to the item's Write
   * here, else the text field.
   */
  function leave(card) {
    const back = card?.matches("section.item") ? card.querySelector(".act-write") : card;
    if (back?.isConnected && !back.hidden) back.focus({ preventScroll: true });
    else f.text.focus({ preventScroll: true });
  }

  /** The text field, scrolled into view only as far as it must be: the page does not jump. */
  function focusInPlace() {
    f.text.focus({ preventScroll: true });
    f.text.scrollIntoView({ block: "nearest" });
  }

  /**
   * Under the card being answered or amended (after its actions, before its replies), under
   * the head of the item written in ("Write here"), else at home. Inside the card, not
   * beside it: the card lists are re-ordered by key.
   */
  function place() {
    // Only a draft begun from a card's Reply or Amend or an item's Write here: choosing a
    // target at home keeps the composer where the reader is.
    // Where it was begun holds it: a text begun in an item stays there whatever it answers.
    const inItem = draft.inPlace === "item";
    const anchor = draft.inPlace && !inItem && sessionOpen(state) ? draft.amend ?? draft.replyTo : null;
    const card = anchor != null ? document.getElementById(`c${anchor}`) : null;
    const item = inItem && sessionOpen(state) ? document.getElementById(`item-${draft.item}`) : null;
    const spot = card?.matches("article.card") ? card.querySelector(":scope > .actions")
      : item?.matches("section.item") ? item.querySelector(":scope > .item-compose") : null;
    const moved = !!spot !== el.classList.contains("in-place");
    if (spot) {
      if (spot.matches(".item-compose") ? el.parentNode !== spot : el.previousElementSibling !== spot) {
        if (spot.matches(".item-compose")) spot.append(el);
        else spot.after(el);
      }
    } else if (home.nextSibling !== el) {
      home.after(el);
    }
    el.classList.toggle("in-place", !!spot);
    // In place, the card answered is right above: its text starts folded, and the item,
    // kind and target are the card's; at home they are chosen and the text shown. Under an
    // item, the item is the one written in: only the kind (and what to answer) is chosen.
    if (moved) f.answered.open = !spot;
    const replyingInPlace = !!spot && card != null && draft.amend == null;
    f.itemKindRow.hidden = replyingInPlace;
    f.itemField.hidden = !!spot;
    f.replyPick.hidden = replyingInPlace;
  }

  function amend(c) {
    if (draft.amend !== c.id && !confirmReplace()) return;
    draft = { ...emptyDraft(c.item, c.kind), amend: c.id, text: c.text ?? "", inPlace: true };
    persist(true);
    render(state);
    focusInPlace();
  }

  function confirmReplace() {
    if (draft.pending) {
      showStatus(t("compose.busy"), "refusal");
      return false;
    }
    return isBlank(draft) || confirm(t("compose.replaceDraft"));
  }

  function showStatus(text, tone) {
    f.status.textContent = text;
    f.status.dataset.tone = tone;
  }

  function render(next) {
    state = next;
    if (!state?.session) return;
    if (!built) build();
    place();
    const you = state.you;
    const closed = !sessionOpen(state);
    const rulesFirst = mustAcceptRules(state, you);
    el.hidden = false;
    if (!postableKinds(you).length || closed || rulesFirst) {
      f.form.hidden = true;
      f.readOnly.hidden = false;
      f.readOnly.textContent = t(closed ? "compose.closed" : rulesFirst ? "compose.acceptRules" : "compose.observer");
      return;
    }
    f.form.hidden = false;
    f.readOnly.hidden = true;

    // Item: open items only (a closed item refuses posts). A draft whose item closed keeps
    // its words and goes home, to be posted under an open item.
    const items = state.agenda;
    if (!items.some((i) => i.id === draft.item)) draft.item = defaultItem(state);
    if (!draft.pending && !itemOpen(state, draft.item)) {
      const moved = draft.inPlace || draft.replyTo != null || draft.amend != null;
      draft = { ...draft, item: defaultItem(state), replyTo: null, amend: null, inPlace: false, kind: draft.amend != null ? "position" : draft.kind };
      persist(true);
      if (moved) showStatus(t("compose.itemClosed"), "hint");
      place();
    }
    if (!items.some((i) => itemOpen(state, i.id))) {
      f.form.hidden = true;
      f.readOnly.hidden = false;
      f.readOnly.textContent = t("compose.allClosed");
      return;
    }
    setOptions(f.item, items.map((i) => ({ value: i.id, text: itemOpen(state, i.id) ? i.title : `${i.title} (${t("item.closed")})`, disabled: !itemOpen(state, i.id) })), draft.item);
    const amending = draft.amend != null;
    // The kinds the item's phase takes now; an amendment keeps the kind it amends, and a
    // draft on its way the kind it was sent as.
    const kinds = amending || draft.pending ? [draft.kind] : kindsFor(state, draft.item, you);
    if (!kinds.includes(draft.kind)) {
      if (!isBlank(draft)) showStatus(t("compose.kindChanged", { kind: t(`kind.${draft.kind}`) }), "hint");
      draft.kind = kinds[0];
    }
    setOptions(f.kind, kinds.map((k) => ({ value: k, text: t(`kind.${k}`) })), draft.kind);
    const phase = state.agenda.find((i) => i.id === draft.item)?.phase;
    const phaseKey = phase && phase !== "closed" && !amending ? `compose.phase${phase[0].toUpperCase()}${phase.slice(1)}` : null;
    f.phase.hidden = !phaseKey;
    f.phase.textContent = phaseKey ? t(phaseKey) : "";

    const target = amending ? state.contributions[draft.amend] : null;
    f.item.disabled = amending;
    f.kind.disabled = amending;
    f.amendLine.hidden = !amending;
    const inPlace = el.classList.contains("in-place");
    const replying = inPlace && !amending && draft.inPlace !== "item" && draft.replyTo != null;
    f.cancel.hidden = !amending && !inPlace;
    f.cancel.textContent = t(amending ? "compose.cancelAmend" : replying ? "compose.cancelReply" : "compose.cancelWrite");
    if (amending) {
      f.amendLine.textContent = t("compose.amending", { what: `${t(`kind.${target?.kind ?? draft.kind}`)} #${draft.amend}` });
    }

    f.replyRow.hidden = amending || draft.kind !== "comment";
    // What is answered, whole (collapsible): a select's excerpt is not enough on a phone.
    const answered = draft.replyTo != null ? state.contributions[draft.replyTo] : null;
    f.answered.hidden = !answered;
    if (answered) {
      f.answeredSummary.textContent = t("compose.answering", { what: `${t(`kind.${answered.kind}`)} #${answered.id}`, side: sideName(state, answered.side) });
      f.answeredText.textContent = answered.text ?? "";
    }
    const targets = replyTargets(state, draft.item);
    setOptions(f.replyTo, [{ value: "", text: t("compose.noReply") }, ...targets.map((c) => ({
      value: String(c.id),
      text: `#${c.id} ${t(`kind.${c.kind}`)} · ${sideName(state, c.side)} · ${excerpt(c.text, 60)}`,
    }))], draft.replyTo != null ? String(draft.replyTo) : "");

    // The report prints positions, comments and adopted proposals after a fixed lead:
    // showing it helps writers phrase their text to follow it.
    const lead = reportLead(draft.kind, state.session.sides?.find((s) => s.id === you?.side));
    f.lead.hidden = !lead;
    f.lead.textContent = lead ? t("compose.reportLead", { lead }) : "";

    f.optionsRow.hidden = amending || draft.kind !== "recommendation";
    if (document.activeElement !== f.options) f.options.value = (draft.options ?? []).join("\n");
    if (f.text.value !== draft.text) f.text.value = draft.text;

    const max = state.session.rules.maxLength ?? 4000;
    const length = graphemes(draft.text);
    f.count.textContent = t("compose.count", { n: length, max });
    f.count.classList.toggle("over", length > max);

    const pending = !!draft.pending;
    f.fields.disabled = pending;
    f.send.disabled = pending;
    f.unsend.hidden = !(pending && !draft.pending.sent);
    f.form.setAttribute("aria-busy", pending ? "true" : "false");
    if (pending) {
      const waiting = draft.pending.unconfirmed ? "compose.unconfirmed" : draft.pending.sent ? "compose.sending" : "compose.queued";
      showStatus(t(waiting), "pending");
    } else if (draft.refusal) {
      const command = { type: draft.amend != null ? "amend" : "post", item: draft.item, contribution: draft.amend ?? undefined };
      showStatus(t("compose.refused", { reason: refusalText(draft.refusal, t, { state, command }) }), "refusal");
    } else if (f.status.dataset.tone === "pending" || f.status.dataset.tone === "refusal") {
      showStatus("", "");
    }
    if (isMuted(you && state.participants[you.id])) {
      showStatus(t("compose.muted", { time: formatTime(state.participants[you.id].mutedUntil, lang()) }), "refusal");
    } else if (!pending && !draft.refusal && state.session.rules.floor === "queue" && draft.kind !== "chat"
      && state.floor.holder !== you.id && !f.status.textContent) {
      showStatus(t("compose.floorNeeded"), "hint");
    }
  }

  function setOptions(select, options, value) {
    const signature = JSON.stringify(options);
    if (select.__signature !== signature) {
      select.__signature = signature;
      replaceChildren(select, options.map((o) => h("option", { value: o.value, text: o.text, disabled: !!o.disabled })));
    }
    if (value != null && select.value !== value) select.value = value;
  }

  function reset() {
    built = false;
    el.replaceChildren();
  }

  return { attach, render, acked, refused, resume, reply, amend, write, reset, get draft() { return draft; } };
}
