/**
 * The Report tab: the joint report draft (contract §5) as it stands, live for everyone.
 * The draft's state, bracket count and its course over time; each section with its owner,
 * version, brackets and the two signature keys, its text, its editors, its suggestions and
 * its history; the controls each participant may use (reportviews.js), and none once the
 * draft is final or the session closed.
 *
 * Editors (editor.js) are kept in local storage (sectiondrafts.js) until acknowledged; a
 * `conflict` refusal keeps the user's text and shows the current one beside it to merge.
 * Nodes are keyed and updated in place, and keyboard focus is put back where it was when a
 * control it was on is rebuilt.
 */

import { countBrackets } from "./brackets.js";
import { bracketChart } from "./chart.js";
import { h, replaceChildren, syncChildren } from "./dom.js";
import { editorProblems, textProblem, titleProblem, withoutBidi } from "./draftchecks.js";
import { createEditorForm, focusEditor, showCheck, updateEditorForm } from "./editor.js";
import { formatDateTime, refusalText, sideName } from "./format.js";
import { bracketSeries, finalCochairs } from "./reporthistory.js";
import {
  addableOwners, atSuggestionLimit, canEdit, canMove, canSeed, canSuggest, finalizing, fullySigned, isDrafting, mayWriteText,
  moveTarget, ownerName, removal, sectionById, signatureKeys, signing,
} from "./reportviews.js";
import {
  editorCommand, editorId, editorLanded, editorsKey, editorUnchanged, loadEditors, openEditor, saveEditors,
} from "./sectiondrafts.js";
import { renderSectionText } from "./sectionview.js";
import { renderSuggestions } from "./suggestionlist.js";
import { renderHistory } from "./versionhistory.js";

let refCounter = 0;
function newRef() {
  refCounter += 1;
  return `r${Date.now().toString(36)}-${refCounter}`;
}

/**
 * @param {object} deps
 * @param {HTMLElement} deps.el the tab panel
 * @param {(command: object) => boolean} deps.send sends a command with its ref; false when offline
 * @param {(command: object, label: string) => void} deps.command a button's command (refusals shown by the page)
 */
export function createReport({ el, t, lang, storage, send, command }) {
  let state = null;
  let key = null;
  let editors = {};
  let built = false;
  let saveTimer = null;
  const parts = {};
  /** Refs of the add-section form's commands, with what to do on the answer. */
  const tracked = new Map();

  // MARK: Editors and their storage

  function attach(next) {
    state = next;
    const nextKey = editorsKey(state.session.id, state.you?.id ?? "admin");
    if (nextKey === key) return;
    key = nextKey;
    editors = loadEditors(storage, key);
  }

  function persist(now) {
    clearTimeout(saveTimer);
    if (now) saveEditors(storage, key, editors);
    else saveTimer = setTimeout(() => saveEditors(storage, key, editors), 250);
  }

  /** Editors of sections that are gone, or of a draft that takes no more edits, are done. */
  function prune() {
    let changed = false;
    for (const [id, editor] of Object.entries(editors)) {
      if (!sectionById(state, editor.section) || !isDrafting(state)) {
        delete editors[id];
        changed = true;
      }
    }
    if (changed) persist(true);
  }

  function openOrFocus(section, mode) {
    const id = editorId(section.id, mode);
    editors[id] ??= openEditor(section, mode);
    persist(true);
    render(state);
    const form = formOf(editors[id]);
    if (form) {
      form.scrollIntoView({ block: "nearest" });
      focusEditor(form);
    }
  }

  function formOf(editor) {
    return el.querySelector(`#section-${editor.section} .editor[data-mode="${editor.mode}"]`);
  }

  /** Typing updates only its own form (the bracket check, the merge view's difference). */
  function editorInput(id, fields) {
    const editor = editors[id];
    const section = editor && sectionById(state, editor.section);
    if (!section || editor.pending) return;
    Object.assign(editor, fields, { refusal: null });
    persist(false);
    const form = formOf(editor);
    if (form) updateEditorForm(form, editor, section, state, t);
  }

  function submitEditor(id, fields) {
    const editor = editors[id];
    const section = editor && sectionById(state, editor.section);
    if (!section || editor.pending) return;
    Object.assign(editor, fields, { refusal: null });
    const problems = editorProblems(editor);
    const field = ["title", "text", "note"].find((name) => problems[name]);
    if (field || (editor.mode === "suggest" && atSuggestionLimit(state))) {
      render(state);
      const form = formOf(editor);
      if (form) focusEditor(form, field);
      return;
    }
    if (editor.conflict) editor.version = section.version;
    if (editorUnchanged(editor, section)) {
      editor.refusal = { code: "unchanged", message: "" };
    } else {
      editor.pending = { ref: newRef(), afterSeq: state.lastSeq };
      if (!send({ ...editorCommand(editor, section), ref: editor.pending.ref })) {
        editor.pending = null;
        editor.refusal = { code: "offline", message: "" };
      }
    }
    persist(true);
    render(state);
  }

  function cancelEditor(id) {
    const editor = editors[id];
    const section = editor && sectionById(state, editor.section);
    if (!editor) return;
    if (section && !editorUnchanged(editor, section) && !confirm(t("editor.discardConfirm"))) return;
    delete editors[id];
    persist(true);
    render(state);
    el.querySelector(`[data-focus="${editor.mode}-${editor.section}"]`)?.focus();
  }

  function editorByRef(ref) {
    return Object.entries(editors).find(([, e]) => e.pending?.ref === ref) ?? [];
  }

  /** An ack of an editor's command (the editor is done) or of the add-section form. */
  function acked(ref) {
    const [id, editor] = editorByRef(ref);
    if (editor) {
      delete editors[id];
      persist(true);
      render(state);
      el.querySelector(`[data-focus="${editor.mode}-${editor.section}"]`)?.focus();
      return true;
    }
    const handlers = tracked.get(ref);
    tracked.delete(ref);
    handlers?.onAck();
    return !!handlers;
  }

  /** A refusal: a `conflict` turns the editor into the merge view; anything else is shown in words. */
  function refused(ref, error) {
    const [, editor] = editorByRef(ref);
    if (editor) {
      editor.pending = null;
      if (error.code === "conflict") editor.conflict = true;
      else editor.refusal = { code: error.code, message: error.message ?? "" };
      persist(true);
      render(state);
      const form = formOf(editor);
      if (form) focusEditor(form);
      return true;
    }
    const handlers = tracked.get(ref);
    tracked.delete(ref);
    handlers?.onRefused(error);
    return !!handlers;
  }

  /** After a reconnect's replay: an editor sent before the drop either landed or is sent again. */
  function resume(next) {
    state = next;
    for (const [id, editor] of Object.entries(editors)) {
      if (!editor.pending) continue;
      const section = sectionById(state, editor.section);
      if (!section || editorLanded(state, editor, state.you?.id)) {
        delete editors[id];
        continue;
      }
      editor.pending.ref = newRef();
      if (!send({ ...editorCommand(editor, section), ref: editor.pending.ref })) {
        editor.pending = null;
        editor.refusal = { code: "offline", message: "" };
      }
    }
    persist(true);
    render(state);
  }

  // MARK: Rendering

  function build() {
    built = true;
    parts.badge = h("span", { class: "badge" });
    parts.summary = h("p", { class: "report-summary" });
    parts.final = h("p", { class: "report-final" });
    parts.cochairs = h("p", { class: "report-cochairs" });
    parts.chart = h("div", { class: "report-chart" });
    parts.actions = h("div", { class: "actions report-actions" });
    parts.empty = h("p", { class: "empty" });
    parts.sections = h("div", { class: "report-sections" });
    parts.add = h("details", { class: "panel add-section" });
    replaceChildren(el,
      h("header", { class: "panel report-head" },
        h("div", { class: "report-title" }, h("h2", { id: "report-h", tabIndex: -1, text: t("report.heading") }), parts.badge),
        parts.summary, parts.final, parts.cochairs, parts.chart, parts.actions, parts.empty),
      parts.sections, parts.add);
    buildAddForm();
  }

  function render(next) {
    state = next;
    if (!state?.session) return;
    if (!built) build();
    prune();
    const active = el.contains(document.activeElement) ? document.activeElement : null;
    const focusKey = active?.dataset.focus ?? null;
    const sectionId = active?.closest("[data-section]")?.dataset.section ?? null;
    renderHead();
    syncChildren(parts.sections, state.report.sections, (s) => s.id, createSection, updateSection);
    renderAdd();
    if (active && !active.isConnected) restoreFocus(focusKey, sectionId);
  }

  /** A rebuilt control gets focus back; else the first control of its section, else the section. */
  function restoreFocus(focusKey, sectionId) {
    const again = focusKey && el.querySelector(`[data-focus="${focusKey}"]:not(:disabled)`);
    const section = sectionId && el.querySelector(`#section-${sectionId}`);
    const target = again || section?.querySelector(".section-actions button:not(:disabled)") || section || el.querySelector("#report-h");
    target?.focus();
  }

  function renderHead() {
    const report = state.report;
    const final = report.state === "final";
    const sections = report.sections;
    const signed = sections.filter((s) => fullySigned(state, s)).length;
    const series = bracketSeries(state);
    const seed = canSeed(state);
    const finalize = finalizing(state);
    const cochairs = final ? finalCochairs(state) : [];
    const signature = JSON.stringify([lang(), report.state, report.date, report.finalizedAt, report.brackets, sections.length, signed,
      series.map((p) => p.brackets), seed, finalize, state.session.state, cochairs]);
    if (parts.summary.__signature === signature) return;
    parts.summary.__signature = signature;
    parts.badge.className = `badge ${final ? "badge-final" : "badge-draft"}`;
    parts.badge.textContent = final ? t("report.final") : t("report.draft");
    parts.summary.textContent = [
      t("report.sectionCount", { n: sections.length }),
      t("report.bracketCount", { n: report.brackets }),
      t("report.signedBoth", { signed, total: sections.length }),
    ].join(" · ");
    parts.final.hidden = !final;
    parts.final.textContent = final ? t("report.finalSince", { time: formatDateTime(report.finalizedAt, lang()), date: report.date ?? "" }) : "";
    // The co-chairs as the final report prints them, frozen when it was finalised.
    parts.cochairs.hidden = cochairs.length === 0;
    parts.cochairs.textContent = cochairs.length
      ? t("report.finalCochairs", { names: cochairs.map((c) => `${c.name} (${sideName(state, c.side)})`).join(", ") }) : "";
    replaceChildren(parts.chart, sections.length || series.length ? bracketChart(series, t) : null);
    parts.empty.hidden = sections.length > 0;
    parts.empty.textContent = seed ? `${t("report.empty")} ${t("report.seedHint")}` : t("report.empty");
    const controls = [];
    if (seed) {
      controls.push(h("button", { type: "button", id: "report-seed", class: "primary", text: t("report.seed"), dataset: { focus: "seed" },
        on: { click: () => command({ type: "seedReport" }, t("report.seed")) } }));
    }
    if (finalize) {
      controls.push(h("button", {
        type: "button", id: "report-finalize", class: "primary", text: t("report.finalize"), disabled: !finalize.ready,
        dataset: { focus: "finalize" }, attrs: { "aria-describedby": finalize.ready ? null : "report-finalize-reason" },
        on: { click: () => { if (confirm(t("report.finalizeConfirm"))) command({ type: "finalizeReport" }, t("report.finalize")); } },
      }));
      if (!finalize.ready) controls.push(h("p", { id: "report-finalize-reason", class: "hint", text: t("report.finalizeNeeds", finalize) }));
    }
    replaceChildren(parts.actions, controls);
    parts.actions.hidden = controls.length === 0;
  }

  // MARK: Sections

  function createSection(section) {
    const id = section.id;
    const p = {
      heading: h("h3", { id: `section-${id}-h`, dir: "auto" }),
      meta: h("p", { class: "meta" }),
      keys: h("p", { class: "endorsements signatures" }),
      text: h("div", { class: "section-text" }),
      hash: h("p", { class: "hash" }),
      actions: h("div", { class: "actions section-actions" }),
      editors: h("div", { class: "section-editors" }),
      suggestions: h("section", { class: "suggestions" }),
      history: h("details", { class: "history" }),
    };
    const node = h("article", {
      class: "panel draft-section", id: `section-${id}`, tabIndex: -1, dataset: { section: id },
      attrs: { "aria-labelledby": p.heading.id },
    }, h("header", { class: "section-head" }, p.heading, p.meta, p.keys), p.text, p.hash, p.actions, p.editors, p.suggestions, p.history);
    node.__parts = p;
    return node;
  }

  function updateSection(node, section) {
    const p = node.__parts;
    const index = state.session.sides.findIndex((s) => s.id === section.owner);
    node.className = `panel draft-section owner-${index < 0 ? "joint" : `side-${index}`}`;
    node.dataset.version = String(section.version);
    const headSignature = JSON.stringify([lang(), section.title, section.owner, section.version, section.brackets, section.signedBy, section.removalRequestedBy]);
    if (p.heading.__signature !== headSignature) {
      p.heading.__signature = headSignature;
      p.heading.textContent = section.title;
      renderMeta(p.meta, section);
      renderKeys(p.keys, section);
    }
    if (p.text.__signature !== JSON.stringify([lang(), section.text])) {
      p.text.__signature = JSON.stringify([lang(), section.text]);
      renderSectionText(p.text, section.text, t);
    }
    p.hash.hidden = !section.sha256;
    p.hash.textContent = section.sha256 ? t("report.sha256", { hash: section.sha256 }) : "";
    renderActions(p.actions, section);
    const open = ["edit", "suggest"].map((mode) => editors[editorId(section.id, mode)]).filter(Boolean);
    syncChildren(p.editors, open, (e) => e.mode,
      (e) => createEditorForm(e, {
        t,
        onInput: (fields) => editorInput(editorId(e.section, e.mode), fields),
        onSubmit: (fields) => submitEditor(editorId(e.section, e.mode), fields),
        onCancel: () => cancelEditor(editorId(e.section, e.mode)),
      }),
      (form, e) => updateEditorForm(form, e, section, state, t));
    renderSuggestions(p.suggestions, section, { state, t, lang, command });
    renderHistory(p.history, section, { state, t, lang });
  }

  function renderMeta(container, section) {
    const tags = [
      h("span", { class: "tag tag-owner", dir: "auto", text: ownerName(state, section.owner, t) }),
      h("span", { text: t("report.version", { n: section.version }) }),
      h("span", { class: `tag ${section.brackets ? "tag-held" : "tag-adopted"}`, text: t("report.bracketCount", { n: section.brackets }) }),
    ];
    if (section.removalRequestedBy.length) {
      tags.push(h("span", { class: "tag tag-held", text: t("report.removalAsked", { sides: section.removalRequestedBy.map((s) => sideName(state, s)).join(", ") }) }));
    }
    replaceChildren(container, tags);
  }

  function renderKeys(container, section) {
    const keys = signatureKeys(state, section);
    container.setAttribute("aria-label", `${t("report.signatures")}: ${keys.map((k) => t(k.signed ? "report.signedBy" : "report.notSignedBy", { side: k.name })).join(", ")}`);
    const spans = [];
    keys.forEach((k, i) => {
      if (i > 0) spans.push(h("span", { class: "sep", attrs: { "aria-hidden": "true" }, text: " · " }));
      spans.push(h("span", { class: `key ${k.signed ? "key-yes" : "key-no"}`, dataset: { side: k.side } }, `${k.name} ${k.signed ? "✓" : "—"}`));
    });
    replaceChildren(container, spans);
  }

  function renderActions(container, section) {
    const id = section.id;
    const sign = signing(state, section);
    const remove = removal(state, section);
    const flags = {
      edit: canEdit(state, section), suggest: canSuggest(state), sign, move: canMove(state),
      up: moveTarget(state, section, "up"), down: moveTarget(state, section, "down"), remove,
    };
    const signature = JSON.stringify([lang(), section.title, section.version, section.brackets, flags]);
    if (container.__signature === signature) return;
    container.__signature = signature;
    const label = (key) => `${t(key)}: ${section.title}`;
    const button = (text, aria, focus, className, onClick, extra = {}) => h("button", {
      type: "button", class: className, text, dataset: { focus: `${focus}-${id}` }, attrs: { "aria-label": aria, ...(extra.attrs ?? {}) },
      disabled: !!extra.disabled, on: { click: onClick },
    });
    const current = () => sectionById(state, id);
    const buttons = [];
    const reasons = [];
    if (flags.edit) buttons.push(button(t("report.edit"), label("report.edit"), "edit", "act-edit", () => openOrFocus(current(), "edit")));
    if (flags.suggest) buttons.push(button(t("report.suggest"), label("report.suggest"), "suggest", "act-suggest", () => openOrFocus(current(), "suggest")));
    if (sign) {
      const side = sideName(state, state.you.side);
      if (sign.blocked) reasons.push(sign.blocked === "signed" ? t("report.signedAlready", { side }) : t("report.signBrackets", { n: section.brackets }));
      buttons.push(button(t("report.sign", { side }), label("report.signShort"), "sign", "primary act-sign",
        () => command({ type: "signSection", section: id, version: current().version }, t("report.signShort")),
        { disabled: !!sign.blocked, attrs: { "aria-describedby": sign.blocked ? `section-${id}-reason` : null } }));
      if (sign.signed) {
        buttons.push(button(t("report.withdraw"), label("report.withdraw"), "withdraw", "act-withdraw",
          () => command({ type: "withdrawSignature", section: id }, t("report.withdraw"))));
      }
    }
    if (flags.move) {
      const move = (direction) => () => {
        const after = moveTarget(state, current(), direction);
        if (after !== undefined) command({ type: "moveSection", section: id, after }, t(direction === "up" ? "report.moveUp" : "report.moveDown"));
      };
      buttons.push(button(t("report.moveUp"), label("report.moveUp"), "up", "quiet act-up", move("up"), { disabled: flags.up === undefined }));
      buttons.push(button(t("report.moveDown"), label("report.moveDown"), "down", "quiet act-down", move("down"), { disabled: flags.down === undefined }));
    }
    if (remove) {
      const text = remove.now ? t("report.remove") : t("report.askRemove");
      if (remove.asked) reasons.push(t("report.removalWaiting"));
      buttons.push(button(text, label(remove.now ? "report.remove" : "report.askRemove"), "remove", "danger act-remove",
        () => { if (confirm(t("report.removeConfirm", { title: current().title }))) command({ type: "removeSection", section: id }, text); },
        { disabled: remove.asked && !remove.now, attrs: { "aria-describedby": remove.asked ? `section-${id}-reason` : null } }));
    }
    replaceChildren(container, buttons, reasons.length ? h("p", { id: `section-${id}-reason`, class: "hint action-reason", text: reasons.join(" ") }) : null);
    container.hidden = buttons.length === 0;
  }

  // MARK: Adding a section

  function buildAddForm() {
    const f = {
      title: h("input", {
        id: "add-section-title", type: "text", required: true, maxLength: 300, autocomplete: "off", dir: "auto",
        attrs: { "aria-describedby": "add-section-title-check" },
      }),
      titleCheck: h("p", { id: "add-section-title-check", class: "bracket-status", attrs: { "aria-live": "polite" } }),
      owner: h("select", { id: "add-section-owner" }),
      after: h("select", { id: "add-section-after" }),
      text: h("textarea", { id: "add-section-text", rows: 5, dir: "auto", attrs: { "aria-describedby": "add-section-brackets" } }),
      brackets: h("p", { id: "add-section-brackets", class: "bracket-status", attrs: { "aria-live": "polite" } }),
      submit: h("button", { type: "submit", class: "primary", text: t("report.addSubmit") }),
      strip: h("button", { type: "button", class: "act-strip", text: t("check.strip"), hidden: true }),
      status: h("p", { class: "draft-status", attrs: { "aria-live": "polite" } }),
    };
    f.textRow = h("div", { class: "field" }, h("label", { htmlFor: f.text.id, text: t("editor.text") }),
      h("p", { class: "hint", text: t("editor.format") }), f.text, f.brackets);
    const form = h("form", { class: "stack", id: "add-section" },
      h("div", { class: "row" },
        h("div", { class: "field" }, h("label", { htmlFor: f.title.id, text: t("editor.title") }), f.title, f.titleCheck),
        h("div", { class: "field" }, h("label", { htmlFor: f.owner.id, text: t("report.owner") }), f.owner),
        h("div", { class: "field" }, h("label", { htmlFor: f.after.id, text: t("report.position") }), f.after)),
      f.textRow, h("div", { class: "actions" }, f.submit, f.strip), f.status);
    const status = (text, tone) => {
      f.status.textContent = text;
      f.status.dataset.tone = tone;
    };
    /** Says what the server would refuse; returns the first field that holds it, or null. */
    const check = () => {
      const sent = mayWriteText(state.you, f.owner.value) && !!f.text.value.trim();
      const problems = { title: titleProblem(f.title.value.trim()), text: sent ? textProblem(f.text.value) : null };
      const brackets = countBrackets(f.text.value);
      showCheck(f.titleCheck, problems.title, t);
      showCheck(f.brackets, problems.text, t, brackets ? t("editor.brackets", { n: brackets }) : "");
      f.strip.hidden = !Object.values(problems).some((problem) => problem?.key === "check.bidi");
      return problems.title ? f.title : problems.text ? f.text : null;
    };
    f.title.addEventListener("input", check);
    f.text.addEventListener("input", check);
    f.owner.addEventListener("change", () => {
      f.textRow.hidden = !mayWriteText(state.you, f.owner.value);
      check();
    });
    f.strip.addEventListener("click", () => {
      f.title.value = withoutBidi(f.title.value);
      f.text.value = withoutBidi(f.text.value);
      check();
      f.title.focus();
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!f.title.value.trim()) return f.title.focus();
      const wrong = check();
      if (wrong) return wrong.focus();
      const cmd = { type: "addSection", title: f.title.value.trim(), owner: f.owner.value };
      if (f.after.value) cmd.after = f.after.value;
      if (mayWriteText(state.you, f.owner.value) && f.text.value.trim()) cmd.text = f.text.value;
      const ref = newRef();
      f.submit.disabled = true;
      status(t("editor.sending"), "pending");
      const done = () => { f.submit.disabled = false; };
      tracked.set(ref, {
        onAck: () => {
          done();
          f.title.value = "";
          f.text.value = "";
          check();
          status(t("report.added"), "ok");
        },
        onRefused: (error) => {
          done();
          status(t("editor.refused", { reason: refusalText(error, t) }), "refusal");
        },
      });
      if (!send({ ...cmd, ref })) refused(ref, { code: "offline", message: "" });
    });
    replaceChildren(parts.add, h("summary", { text: t("report.add") }), form);
    parts.addForm = f;
  }

  function renderAdd() {
    const owners = addableOwners(state);
    parts.add.hidden = owners.length === 0;
    if (parts.add.hidden) return;
    const f = parts.addForm;
    setOptions(f.owner, owners.map((o) => ({ value: o, text: ownerName(state, o, t) })));
    setOptions(f.after, [{ value: "", text: t("report.atEnd") },
      ...state.report.sections.map((s) => ({ value: s.id, text: t("report.afterSection", { title: s.title }) }))]);
    f.textRow.hidden = !mayWriteText(state.you, f.owner.value);
  }

  function setOptions(select, options) {
    const signature = JSON.stringify(options);
    if (select.__signature === signature) return;
    select.__signature = signature;
    const value = select.value;
    replaceChildren(select, options.map((o) => h("option", { value: o.value, text: o.text })));
    if (options.some((o) => o.value === value)) select.value = value;
  }

  /** Drops the built parts (after a language change); the editors stay. */
  function reset() {
    built = false;
    el.replaceChildren();
  }

  return { attach, render, acked, refused, resume, reset };
}
