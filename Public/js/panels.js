/**
 * The side panels: who is here, the floor queue, the participation balance, the co-chairs'
 * and facilitator's console, the public moderation log and the exports.
 *
 * Forms that hold typed input (add a participant, rules, a mute reason) are built once and
 * kept; only the lists around them are re-rendered.
 */

import { reasonDisclosure } from "./controls.js";
import { h, replaceChildren, syncChildren } from "./dom.js";
import { balance } from "./balance.js";
import { nextSpeaker, placeInQueue } from "./floor.js";
import { formatDateTime, formatTime, languageName, nameOf, nameWithSide, sideName } from "./format.js";
import { renderMeter } from "./room.js";
import { LANGUAGES } from "./i18n.js";
import {
  canApprove, canMute, canReject, exportAttributions, exportHref, heldQueue, isModerator, isMuted, keyCommand, mayAct, presenceGroups, readableChannels, sessionOpen,
} from "./views.js";
import { describeRuleChanges } from "./rulediff.js";

export function createPanels({ els, t, lang, actions, sessionId }) {
  let state = null;
  let built = false;
  const forms = {};

  function render(next) {
    state = next;
    if (!built) build();
    renderPresence();
    renderFloor();
    renderBalance();
    renderConsole();
    renderLog();
    renderExports();
  }

  /** Drops the built forms (after a language change). */
  function reset() {
    built = false;
    for (const el of Object.values(els)) {
      el.replaceChildren();
      el.__keyed = null;
    }
  }

  function build() {
    built = true;
    replaceChildren(els.presence, h("h2", { text: t("presence.heading") }), h("div", { class: "presence-groups" }),
      h("p", { class: "hint observers-online", attrs: { "aria-live": "polite" } }));
    replaceChildren(els.floor, h("h2", { text: t("floor.heading") }), h("div", { class: "floor-body" }));
    replaceChildren(els.balance, h("h2", { text: t("balance.heading") }), h("div", { class: "meter" }),
      h("p", { class: "hint", text: t("balance.caption") }));
    buildConsole();
    replaceChildren(els.log, h("h2", { text: t("log.heading") }), h("p", { class: "empty", text: t("log.empty") }),
            // Scrollable, so it takes keyboard focus (arrow keys scroll it).
      h("ol", { class: "log-list", reversed: true, tabIndex: 0, attrs: { "aria-label": t("log.heading") } }));
    buildExports();
  }

  // MARK: Presence

  function renderPresence() {
    const container = els.presence.querySelector(".presence-groups");
    const groups = presenceGroups(state);
    syncChildren(container, groups, (g) => g.side?.id ?? "neutral", (g) => {
      const node = h("section", { class: "presence-group" }, h("h3", { dir: "auto" }), h("ul", { class: "people" }));
      return node;
    }, (node, g) => {
      node.firstChild.textContent = g.side ? g.side.name : t("presence.neutral");
      syncChildren(node.lastChild, g.people, (p) => p.id, createPerson, updatePerson);
    });
    const observers = els.presence.querySelector(".observers-online");
    observers.textContent = state.observersOnline > 0 ? t("presence.observers", { count: state.observersOnline }) : "";
    observers.hidden = state.observersOnline === 0;
  }

  function createPerson(p) {
    const li = h("li", { class: "person", dataset: { participant: p.id } },
      h("span", { class: "dot", attrs: { "aria-hidden": "true" } }),
      h("span", { class: "person-text" }),
      h("span", { class: "person-actions" }));
    return li;
  }

  function updatePerson(li, p) {
    const you = state.you;
    const muted = isMuted(p);
    const mayMute = canMute(state, p);
    // In queue mode a moderator may give the floor to anyone who speaks for a side, hand raised or not.
    const mayGrant = isModerator(you) && state.session.rules.floor === "queue" && ["cochair", "member"].includes(p.role)
      && state.floor.holder !== p.id && mayAct(state);
    const signature = JSON.stringify([lang(), p.name, p.role, p.online, p.mutedUntil, muted, mayMute, mayGrant, p.id === you?.id]);
    if (li.__signature === signature) return;
    li.__signature = signature;
    li.classList.toggle("online", p.online === true);
    const details = [t(`role.${p.role}`)];
    if (p.online !== null) details.push(t(p.online ? "presence.online" : "presence.away"));
    if (muted) details.push(t("presence.muted", { time: formatTime(p.mutedUntil, lang()) }));
    const text = li.querySelector(".person-text");
    replaceChildren(text,
      h("span", { class: "name", dir: "auto", text: p.name }),
      p.id === you?.id ? h("span", { class: "tag", text: t("presence.you") }) : null,
      h("span", { class: "details", text: details.join(" · ") }));
    const controls = [];
    if (mayGrant) {
      controls.push(h("button", {
        type: "button", class: "quiet", text: t("floor.grant"),
        attrs: { "aria-label": `${t("floor.grant")}: ${p.name}` },
        on: { click: () => actions.command({ type: "grantFloor", participant: p.id }, t("floor.grant")) },
      }));
    }
    if (mayMute && muted) {
      controls.push(h("button", {
        type: "button", class: "quiet", text: t("console.unmute"),
        attrs: { "aria-label": `${t("console.unmute")}: ${p.name}` },
        on: { click: () => actions.command({ type: "unmute", participant: p.id }, t("console.unmute")) },
      }));
    } else if (mayMute) {
      controls.push(muteForm(p));
    }
    replaceChildren(li.querySelector(".person-actions"), controls);
  }

  function muteForm(p) {
    const minutesId = `mute-min-${p.id}`;
    const reasonId = `mute-reason-${p.id}`;
    const minutes = h("select", { id: minutesId }, [5, 15, 60].map((m) => h("option", { value: String(m), text: String(m) })));
    const reason = h("input", { id: reasonId, type: "text", maxLength: 500, autocomplete: "off" });
    const form = h("form", { class: "reason-form" },
      h("label", { htmlFor: minutesId, text: t("console.muteMinutes") }), minutes,
      h("label", { htmlFor: reasonId, text: t("console.reason") }), reason,
      h("button", { type: "submit", class: "danger", text: t("console.mute") }));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const command = { type: "mute", participant: p.id, seconds: Number(minutes.value) * 60 };
      if (reason.value.trim()) command.reason = reason.value.trim();
      actions.command(command, t("console.mute"));
    });
    return h("details", { class: "moderate" },
      h("summary", { text: `${t("console.mute")}…`, attrs: { "aria-label": `${t("console.mute")}: ${p.name}` } }), form);
  }

  // MARK: Floor

  function renderFloor() {
    const body = els.floor.querySelector(".floor-body");
    const you = state.you;
    const floor = state.floor;
    const sideOf = (id) => state.participants[id]?.side ?? null;
    const suggested = nextSpeaker(floor, sideOf);
    // Closed, or the ground rules not accepted yet: nothing to press.
    const closed = !mayAct(state);
    const signature = JSON.stringify([lang(), floor, state.session.rules.floor, you?.id, closed, suggested,
      floor.hands.map((id) => state.participants[id]?.name)]);
    if (body.__signature === signature) return;
    body.__signature = signature;
    const mode = h("p", { class: "hint", text: t(state.session.rules.floor === "queue" ? "floor.modeQueue" : "floor.modeOpen") });
    const holder = h("p", { class: "holder" }, floor.holder
      ? t("floor.holder", { name: nameWithSide(state, floor.holder, t) })
      : t("floor.nobody"));
    const queue = floor.hands.length
      ? h("ol", { class: "queue", attrs: { "aria-label": t("floor.queue") } }, floor.hands.map((id) => h("li", { dataset: { participant: id } },
        h("span", { dir: "auto", text: nameWithSide(state, id, t) }),
        id === suggested ? h("span", { class: "tag", text: t("floor.next") }) : null,
        isModerator(you) && !closed ? h("button", {
          type: "button", class: "quiet", text: t("floor.grant"),
          attrs: { "aria-label": `${t("floor.grant")}: ${nameOf(state, id, t)}` },
          on: { click: () => actions.command({ type: "grantFloor", participant: id }, t("floor.grant")) },
        }) : null)))
      : h("p", { class: "empty", text: t("floor.empty") });
    const mine = [];
    if (you && ["cochair", "member"].includes(you.role) && !closed) {
      if (floor.holder === you.id) {
        mine.push(h("button", { type: "button", id: "yield-floor", text: t("floor.yield"),
          on: { click: () => actions.command({ type: "lowerHand" }, t("floor.yield")) } }));
      } else if (placeInQueue(floor, you.id)) {
        mine.push(h("p", { text: t("floor.yourPlace", { n: placeInQueue(floor, you.id) }) }));
        mine.push(h("button", { type: "button", id: "lower-hand", text: t("floor.lower"),
          on: { click: () => actions.command({ type: "lowerHand" }, t("floor.lower")) } }));
      } else {
        mine.push(h("button", { type: "button", id: "raise-hand", class: "primary", text: t("floor.raise"),
          on: { click: () => actions.command({ type: "raiseHand" }, t("floor.raise")) } }));
      }
    }
    const focused = document.activeElement && body.contains(document.activeElement) ? document.activeElement.id : null;
    replaceChildren(body, mode, holder, h("h3", { text: t("floor.queue") }), queue, mine.length ? h("div", { class: "actions" }, mine) : null);
    // The raise/lower button replaces itself; keep keyboard focus on its successor.
    if (focused) (body.querySelector("#raise-hand, #lower-hand, #yield-floor"))?.focus();
  }

  // MARK: Balance

  function renderBalance() {
    renderMeter(els.balance.querySelector(".meter"), balance(Object.values(state.contributions), state.session.sides), t, lang());
  }

  // MARK: Console

  function buildConsole() {
    const you = state.you;
    els.console.hidden = !isModerator(you);
    if (!isModerator(you)) return;
    forms.held = h("div", { class: "held-list" });
    forms.heldEmpty = h("p", { class: "empty", text: t("console.noHeld") });
    forms.addResult = h("div", { class: "add-result", attrs: { "aria-live": "polite" } });
    forms.close = h("div", { class: "close-session" });
    replaceChildren(els.console,
      h("h2", { text: t("console.heading") }),
      h("section", {}, h("h3", { text: t("console.held") }), forms.heldEmpty, forms.held),
      forms.addSection = h("section", {}, h("h3", { text: t("console.add") }), addParticipantForm(), forms.addResult),
      forms.rulesSection = you.role === "facilitator" ? h("section", {}, h("h3", { text: t("console.rules") }), rulesForm()) : null,
      h("section", {}, h("h3", { text: t("console.closeHeading") }), forms.close));
  }

  function addParticipantForm() {
    const you = state.you;
    const name = h("input", { id: "add-name", type: "text", required: true, maxLength: 100, autocomplete: "off" });
    const roles = you.role === "facilitator" ? ["member", "observer", "cochair"] : ["member", "observer"];
    const role = h("select", { id: "add-role" }, roles.map((r) => h("option", { value: r, text: t(`role.${r}`) })));
    // A co-chair invites onto their own side; anyone may invite an observer with no side.
    const sides = [
      ...state.session.sides.filter((s) => you.role === "facilitator" || s.id === you.side).map((s) => ({ id: s.id, name: s.name })),
      { id: "", name: t("presence.neutral") },
    ];
    const side = h("select", { id: "add-side" }, sides.map((s) => h("option", { value: s.id, text: s.name })));
    const neutral = side.querySelector("option[value='']");
    const syncSides = () => {
      neutral.disabled = role.value !== "observer";
      if (neutral.disabled && side.value === "") side.value = sides[0].id;
    };
    role.addEventListener("change", syncSides);
    syncSides();
    const submit = h("button", { type: "submit", class: "primary", text: t("console.invite") });
    const form = h("form", { class: "stack", id: "add-participant" },
      h("label", { htmlFor: "add-name", text: t("console.name") }), name,
      h("label", { htmlFor: "add-role", text: t("console.role") }), role,
      h("label", { htmlFor: "add-side", text: t("console.side") }), side,
      submit);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!name.value.trim()) return name.focus();
      submit.disabled = true;
      const body = { name: name.value.trim(), role: role.value };
      if (side.value) body.side = side.value;
      const result = await actions.addParticipant(body);
      submit.disabled = false;
      if (result.ok) {
        name.value = "";
        showJoinLink(result.participant);
      } else {
        replaceChildren(forms.addResult, h("p", { class: "refusal", text: result.message }));
      }
    });
    return form;
  }

  /** The new participant's join link, shown this once (the server never shows it again). */
  function showJoinLink(participant) {
    const url = new URL(participant.joinUrl, location.origin).href;
    const field = h("input", { id: "join-link", type: "text", readOnly: true, value: url, class: "join-link" });
    const copy = h("button", { type: "button", text: t("console.copy") });
    const status = h("span", { class: "hint", attrs: { role: "status" } });
    copy.addEventListener("click", async () => {
      field.select();
      try {
        await navigator.clipboard.writeText(url);
        status.textContent = t("console.copied");
      } catch {
        status.textContent = t("console.copyManually");
      }
    });
    replaceChildren(forms.addResult,
      h("label", { htmlFor: "join-link", text: t("console.linkOnce", { name: participant.name }) }),
      field, h("div", { class: "actions" }, copy, status));
    field.focus();
    field.select();
  }

  function rulesForm() {
    const rules = state.session.rules;
    const floor = h("select", { id: "rules-floor" }, ["open", "queue"].map((m) =>
      h("option", { value: m, text: t(m === "queue" ? "console.floorQueue" : "console.floorOpen"), selected: rules.floor === m })));
    const slow = h("input", { id: "rules-slow", type: "number", min: 0, max: 86400, value: String(rules.slowModeSeconds ?? 0) });
    const terms = h("textarea", { id: "rules-terms", rows: 3, value: (rules.heldTerms ?? []).join("\n") });
    const form = h("form", { class: "stack", id: "rules-form" },
      h("label", { htmlFor: "rules-floor", text: t("console.floorMode") }), floor,
      h("label", { htmlFor: "rules-slow", text: t("console.slowMode") }), slow,
      h("label", { htmlFor: "rules-terms", text: t("console.heldTerms") }), terms,
      h("button", { type: "submit", text: t("console.saveRules") }));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const heldTerms = terms.value.split("\n").map((s) => s.trim()).filter(Boolean);
      actions.command({ type: "setRules", rules: { floor: floor.value, slowModeSeconds: Number(slow.value) || 0, heldTerms } },
        t("console.saveRules"));
    });
    return form;
  }

  function renderConsole() {
    if (!isModerator(state.you)) return;
    // Closed means closed, and nothing before the ground rules are accepted: nothing the
    // server would refuse is offered.
    forms.addSection.hidden = !mayAct(state);
    if (forms.rulesSection) forms.rulesSection.hidden = !mayAct(state);
    const held = heldQueue(state);
    forms.heldEmpty.hidden = held.length > 0;
    syncChildren(forms.held, held, (c) => c.id, (c) => h("article", { class: "held", dataset: { seq: String(c.id) } }), (node, c) => {
      const signature = JSON.stringify([lang(), c.text, c.version, c.heldTerms, canApprove(state, c)]);
      if (node.__signature === signature) return;
      node.__signature = signature;
      const item = state.agenda.find((i) => i.id === c.item)?.title ?? c.item;
      const approve = keyCommand("approve", c);
      const reject = keyCommand("reject", c);
      replaceChildren(node,
        h("p", { class: "meta" }, h("span", { class: "kind-label", text: t(`kind.${c.kind}`) }), ` #${c.id} · `,
          h("span", { dir: "auto", text: nameWithSide(state, c.author, t) }), " · ", h("span", { dir: "auto", text: item })),
        h("p", { class: "text", dir: "auto", text: c.text ?? "" }),
        c.heldTerms?.length ? h("p", { class: "note", text: t("card.heldTerms", { terms: c.heldTerms.join(", ") }) }) : null,
        h("div", { class: "actions" },
          canApprove(state, c) ? h("button", { type: "button", class: "primary act-approve", text: t("card.approve"),
            attrs: { "aria-label": `${t("card.approve")} #${c.id}` },
            on: { click: () => actions.command(approve, t("card.approve")) } }) : null,
          canReject(state, c) ? reasonDisclosure({
            id: `console-reject-${c.id}`, action: t("card.reject"), summaryLabel: `${t("card.reject")} #${c.id}`,
            inputLabel: t("card.rejectReason"), required: false, className: "act-reject",
            onSubmit: (reason) => actions.command(reason ? { ...reject, reason } : reject, t("card.reject")),
          }) : null,
          h("a", { href: `#c${c.id}`, text: t("console.showInRoom") })));
    });
    const you = state.you;
    const asked = state.session.closeRequestedBy ?? [];
    const closed = !sessionOpen(state);
    const may = mayAct(state);
    const signature = JSON.stringify([lang(), asked, closed, may]);
    if (forms.close.__signature !== signature) {
      forms.close.__signature = signature;
      const status = closed
        ? t("console.sessionClosed")
        : asked.length ? t("console.closeAsked", { sides: asked.map((s) => sideName(state, s)).join(", ") }) : t("console.closeNobody");
      const mayAsk = may && (you.role === "facilitator" || !asked.includes(you.side));
      const label = you.role === "facilitator" ? t("console.closeNow") : t("console.askClose");
      replaceChildren(forms.close, h("p", { text: status }), mayAsk ? h("button", {
        type: "button", class: "danger", id: "close-session", text: label,
        on: { click: () => { if (confirm(t("console.closeConfirm"))) actions.command({ type: "closeSession" }, label); } },
      }) : null);
    }
  }

  // MARK: Moderation log

  function renderLog() {
    const list = els.log.querySelector(".log-list");
    els.log.querySelector(".empty").hidden = state.log.length > 0;
    const entries = state.log.slice(-200).reverse();
    syncChildren(list, entries, (e) => e.seq, () => h("li"), (li, e) => {
      const signature = lang();
      if (li.__signature === signature) return;
      li.__signature = signature;
      li.value = e.seq;
      const reason = e.reason ? h("span", { class: "reason", dir: "auto", text: t("log.reason", { reason: e.reason }) }) : null;
      replaceChildren(li, h("time", { dateTime: e.at ?? "", title: formatDateTime(e.at, lang()), text: formatTime(e.at, lang()) }), " ",
        h("span", { dir: "auto", text: describe(e) }), reason ? " " : null, reason);
    });
  }

  function describe(e) {
    const by = e.by ? nameWithSide(state, e.by, t) : "";
    const who = e.participant ? nameWithSide(state, typeof e.participant === "object" ? e.participant.id : e.participant, t) : "";
    const item = state.agenda.find((i) => i.id === e.item)?.title ?? e.item ?? "";
    const id = e.contribution;
    switch (e.kind) {
      case "floorGranted":
        return e.by ? t("log.floorGranted", { by, who }) : t("log.floorPassed", { who });
      case "muted":
        return t("log.muted", { by, who, min: Math.round((e.seconds ?? 0) / 60) });
      case "closeRequested":
        return t("log.closeRequested", { by, side: sideName(state, e.side) });
      case "endorsed":
      case "endorsementWithdrawn":
        return t(`log.${e.kind}`, { by, id, version: e.version, side: sideName(state, e.side) });
      case "adopted":
        return t("log.adopted", { id, version: e.version });
      case "amended":
        return t("log.cleared", { by: nameWithSide(state, e.author, t), id, sides: e.cleared.map((s) => sideName(state, s)).join(", ") });
      case "rulesChanged":
        return e.changes?.length ? t("log.rulesChangedTo", { by, changes: describeRuleChanges(e.changes, t) }) : t("log.rulesChanged", { by });
      case "rulesAccepted":
        return t("log.rulesAccepted", { who, version: e.version });
      case "phaseAdvanceRequested":
        return t("log.phaseAdvanceRequested", { by, item, phase: t(`phase.${e.phase}`) });
      case "phaseAdvanced":
        return t("log.phaseAdvanced", { by, item, from: t(`phase.${e.from}`), to: t(`phase.${e.to}`) });
      case "translationVerified":
        return t("log.translationVerified", { by, id, language: languageName(e.language, lang()) });
      default:
        return t(`log.${e.kind}`, { by, who, item, id });
    }
  }

  // MARK: Exports

  function buildExports() {
    forms.attribution = h("div", { class: "attribution-choice" });
    forms.exportLinks = h("ul", { class: "export-links" });
    forms.privateChannels = h("input", { type: "checkbox", id: "export-private", on: { change: () => renderExportLinks() } });
    forms.privateRow = h("div", { class: "field checkbox", hidden: true },
      forms.privateChannels, " ", h("label", { htmlFor: "export-private", text: t("exports.privateChannels") }));
    forms.language = h("select", { id: "export-language", on: { change: () => renderExportLinks() } },
      h("option", { value: "", text: t("exports.noTranslation") }),
      LANGUAGES.map(({ code, name }) => h("option", { value: code, text: name, attrs: { lang: code } })));
    replaceChildren(els.exports, h("h2", { text: t("exports.heading") }), forms.attribution,
      h("fieldset", { class: "transcript-options" }, h("legend", { text: t("exports.transcriptOptions") }),
        forms.privateRow,
        h("div", { class: "field" }, h("label", { htmlFor: "export-language", text: t("exports.language") }), forms.language)),
      forms.exportLinks, h("p", { class: "hint", text: t("exports.hint") }));
  }

  /**
   * By name only where the server allows it (Chatham House, contract §2); the others are told
   * why they have sides only. Rebuilt (returning true) when the rules change what is allowed.
   */
  function renderAttribution() {
    const choices = exportAttributions(state);
    if (forms.attribution.__signature === choices.join()) return false;
    forms.attribution.__signature = choices.join();
    if (choices.length === 1) {
      replaceChildren(forms.attribution, h("p", { class: "hint", id: "exports-sides-only", text: t("exports.sidesOnly") }));
      return true;
    }
    const chosen = forms.attribution.querySelector("input[name=attribution]:checked")?.value
      ?? (state.session.rules.attribution === "names" ? "names" : "sides");
    replaceChildren(forms.attribution, h("fieldset", { class: "attribution" }, h("legend", { text: t("exports.attribution") }),
      choices.map((value) => h("label", { class: "choice" },
        h("input", { type: "radio", name: "attribution", value, checked: value === chosen,
          on: { change: () => renderExportLinks() } }),
        " ", t(value === "sides" ? "exports.sides" : "exports.names")))));
    return true;
  }

  function renderExportLinks() {
    const attribution = forms.attribution.querySelector("input[name=attribution]:checked")?.value ?? "sides";
    const mayIncludePrivate = readableChannels(state.you).length > 1;
    forms.privateRow.hidden = !mayIncludePrivate;
    const options = {
      attribution, privateChannels: mayIncludePrivate && forms.privateChannels.checked, language: forms.language.value,
    };
    const link = (view, format) => {
      const href = exportHref(sessionId, view, format, options);
      return h("a", { href, class: "button", target: "_blank", rel: "noopener", dataset: { view, format },
        text: `${t(`exports.${view}`)} · ${format === "md" ? "Markdown" : "HTML"}` });
    };
    replaceChildren(forms.exportLinks,
      ["report", "draft", "transcript"].flatMap((view) => ["html", "md"].map((format) => h("li", {}, link(view, format)))));
  }

  /** Observers may be barred from exports (`rules.observersMayExport`); the links then go. */
  function renderExports() {
    els.exports.hidden = state.you?.role === "observer" && state.session.rules.observersMayExport === false;
    if (renderAttribution()) renderExportLinks();
  }

  return { render, reset };
}
