/**
 * One open editor of a report section: an edit (title and text) or a suggestion (text and
 * note). Built once per open editor and updated in place, so typing is never interrupted
 * by live events. After a `conflict` refusal the user's unsent text stays in its field and
 * the section's current text is shown beside it, with what the user's text changes in it,
 * so the two can be merged and sent again on the current version.
 *
 * What the server would refuse (draftchecks.js: brackets that do not pair up, bidi
 * controls, a text too long, brackets in a title, one suggestion too many) is said in words
 * beside its field as the user types, and such an editor is not sent.
 */

import { countBrackets } from "./brackets.js";
import { wordDiff } from "./diff.js";
import { h } from "./dom.js";
import { editorProblems, MAX_WAITING_SUGGESTIONS, withoutBidi } from "./draftchecks.js";
import { nameWithSide, refusalText } from "./format.js";
import { sectionVersions } from "./reporthistory.js";
import { atSuggestionLimit } from "./reportviews.js";
import { renderDiff } from "./sectionview.js";

/**
 * @param {object} editor the stored editor (sectiondrafts.js)
 * @param {object} o `t`, `onInput(fields)`, `onSubmit()`, `onCancel()`
 */
export function createEditorForm(editor, { t, onInput, onSubmit, onCancel }) {
  const base = `editor-${editor.section}-${editor.mode}`;
  const suggesting = editor.mode === "suggest";
  const f = {
    heading: h("h4", { id: `${base}-h`, dir: "auto" }),
    conflict: h("p", { id: `${base}-conflict`, class: "conflict refusal" }),
    theirsHeading: h("h5", { id: `${base}-theirs-h` }),
    theirs: h("div", { class: "theirs-text", dir: "auto", tabIndex: 0, attrs: { role: "region", "aria-labelledby": `${base}-theirs-h` } }),
    changesHeading: h("h5", { id: `${base}-changes-h` }),
    changes: h("div", { class: "diff-text", tabIndex: 0, attrs: { role: "region", "aria-labelledby": `${base}-changes-h` } }),
    title: suggesting ? null : h("input", {
      id: `${base}-title`, type: "text", maxLength: 300, autocomplete: "off", dir: "auto", attrs: { "aria-describedby": `${base}-title-check` },
    }),
    titleCheck: suggesting ? null : h("p", { id: `${base}-title-check`, class: "bracket-status", attrs: { "aria-live": "polite" } }),
    textLabel: h("label", { htmlFor: `${base}-text` }),
    text: h("textarea", { id: `${base}-text`, rows: 10, dir: "auto", attrs: { "aria-describedby": `${base}-conflict ${base}-brackets ${base}-status` } }),
    brackets: h("p", { id: `${base}-brackets`, class: "bracket-status", attrs: { "aria-live": "polite" } }),
    note: suggesting ? h("input", {
      id: `${base}-note`, type: "text", maxLength: 500, autocomplete: "off", dir: "auto", attrs: { "aria-describedby": `${base}-note-check` },
    }) : null,
    noteCheck: suggesting ? h("p", { id: `${base}-note-check`, class: "bracket-status", attrs: { "aria-live": "polite" } }) : null,
    strip: h("button", { type: "button", class: "act-strip", text: t("check.strip"), hidden: true }),
    submit: h("button", { type: "submit", class: "primary act-send" }),
    cancel: h("button", { type: "button", class: "act-cancel", text: t("editor.cancel") }),
    status: h("p", { id: `${base}-status`, class: "draft-status", attrs: { "aria-live": "polite" } }),
  };
  // After a conflict the user's text and the current one stand side by side, and what the
  // user's text changes in the current one below them.
  f.theirsPart = h("section", { class: "merge-theirs" }, f.theirsHeading, f.theirs);
  f.changesPart = h("section", { class: "merge-changes" }, f.changesHeading, f.changes);
  f.fields = h("fieldset", { class: "editor-fields" },
    h("legend", { class: "visually-hidden", text: suggesting ? t("editor.suggestLegend") : t("editor.editLegend") }),
    f.title ? h("div", { class: "field" }, h("label", { htmlFor: f.title.id, text: t("editor.title") }), f.title, f.titleCheck) : null,
    h("div", { class: "editor-body" },
      h("div", { class: "field" }, f.textLabel, h("p", { class: "hint", text: t("editor.format") }), f.text, f.brackets),
      f.theirsPart),
    f.changesPart,
    f.note ? h("div", { class: "field" }, h("label", { htmlFor: f.note.id, text: t("editor.note") }), f.note, f.noteCheck) : null);
  const form = h("form", { class: `editor editor-${editor.mode}`, dataset: { mode: editor.mode }, attrs: { "aria-labelledby": f.heading.id } },
    f.heading, f.conflict, f.fields,
    h("div", { class: "actions" }, f.submit, f.strip, f.cancel, h("span", { class: "hint", text: t("compose.shortcut") })),
    f.status);

  const read = () => ({ title: f.title?.value ?? editor.title, text: f.text.value, note: f.note?.value ?? "" });
  for (const field of [f.title, f.text, f.note].filter(Boolean)) field.addEventListener("input", () => onInput(read()));
  f.text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    onSubmit(read());
  });
  f.cancel.addEventListener("click", onCancel);
  f.strip.addEventListener("click", () => {
    for (const field of [f.title, f.text, f.note].filter(Boolean)) field.value = withoutBidi(field.value);
    onInput(read());
    f.text.focus();
  });
  form.__fields = f;
  return form;
}

/** Brings the form in step with `editor` and the section as it reads now. */
export function updateEditorForm(form, editor, section, state, t) {
  const f = form.__fields;
  const version = editor.conflict ? section.version : editor.version;
  f.heading.textContent = t(editor.mode === "suggest" ? "editor.suggesting" : "editor.editing", { title: section.title, version });
  if (f.title && f.title.value !== editor.title && document.activeElement !== f.title) f.title.value = editor.title;
  if (f.text.value !== editor.text) f.text.value = editor.text;
  if (f.note && f.note.value !== editor.note && document.activeElement !== f.note) f.note.value = editor.note;

  form.classList.toggle("is-conflict", editor.conflict);
  for (const part of [f.conflict, f.theirsPart, f.changesPart]) part.hidden = !editor.conflict;
  f.textLabel.textContent = editor.conflict ? t("editor.yourText") : editor.mode === "suggest" ? t("editor.suggestedText") : t("editor.text");
  if (editor.conflict) {
    const last = sectionVersions(state, section.id).at(-1);
    const who = last ? nameWithSide(state, last.by, t) : "";
    f.conflict.textContent = t("editor.conflict", { version: section.version, who });
    f.theirsHeading.textContent = t("editor.theirs", { version: section.version });
    f.changesHeading.textContent = t("editor.changes");
    const signature = JSON.stringify([section.version, section.text, editor.text]);
    if (f.changes.__signature !== signature) {
      f.changes.__signature = signature;
      f.theirs.textContent = section.text;
      renderDiff(f.changes, wordDiff(section.text, editor.text), t);
    }
  }

  const problems = editorProblems(editor);
  const brackets = countBrackets(editor.text);
  showCheck(f.brackets, problems.text, t, brackets > 0 ? t("editor.brackets", { n: brackets }) : t("editor.noBrackets"));
  if (f.titleCheck) showCheck(f.titleCheck, problems.title, t);
  if (f.noteCheck) showCheck(f.noteCheck, problems.note, t);
  f.strip.hidden = !Object.values(problems).some((problem) => problem?.key === "check.bidi");

  f.submit.textContent = editor.conflict ? t("editor.resend", { version: section.version })
    : editor.mode === "suggest" ? t("editor.sendSuggestion") : t("editor.save");
  const pending = !!editor.pending;
  f.fields.disabled = pending;
  f.submit.disabled = pending;
  form.setAttribute("aria-busy", String(pending));
  let status = "";
  let tone = "";
  if (pending) [status, tone] = [t("editor.sending"), "pending"];
  else if (editor.refusal) [status, tone] = [t("editor.refused", { reason: refusalText(editor.refusal, t) }), "refusal"];
  else if (editor.mode === "suggest" && atSuggestionLimit(state)) [status, tone] = [t("check.suggestionLimit", { n: MAX_WAITING_SUGGESTIONS }), "refusal"];
  else if (!editor.conflict && section.version !== editor.version) [status, tone] = [t("editor.stale", { version: section.version }), "hint"];
  f.status.textContent = status;
  f.status.dataset.tone = tone;
}

/** A field's problem in words (draftchecks.js), or `fine` when it has none. */
export function showCheck(el, problem, t, fine = "") {
  el.classList.toggle("refusal", !!problem);
  el.textContent = problem ? t(problem.key, problem.params) : fine;
}

/** Moves keyboard focus into the form: to `field` ("title", "text" or "note"), else the text. */
export function focusEditor(form, field = "text") {
  (form.__fields[field] ?? form.__fields.text).focus();
}
