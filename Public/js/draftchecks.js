/**
 * What the server refuses in the words of a report draft (docs/protocol.md, "Keys and the
 * people who turn them"), checked before anything is sent, as brackets are: bidi
 * embeddings, overrides and isolates in a text, title or note; brackets in a title; a
 * section text over 48,000 bytes of UTF-8. A problem is `{key, params}` for `t()`, or null
 * when the server would take the words. Pure: no DOM.
 */

import { characterCount, parseBrackets } from "./brackets.js";

export const MAX_SECTION_BYTES = 48_000;
/** How many of one participant's suggestions may wait at once. */
export const MAX_WAITING_SUGGESTIONS = 20;

const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

/** The first bidi control of `text`, with its place in characters (from 1) and its code point. */
function bidiProblem(text) {
  const match = BIDI.exec(text ?? "");
  if (!match) return null;
  const code = `U+${match[0].codePointAt(0).toString(16).toUpperCase()}`;
  return { key: "check.bidi", params: { position: characterCount(text.slice(0, match.index)) + 1, code } };
}

/** `text` without its bidi controls (what the "remove" button leaves). */
export function withoutBidi(text) {
  return (text ?? "").replace(new RegExp(BIDI.source, "g"), "");
}

/** Bytes of UTF-8 as the server counts them: after turning CR LF, CR, U+2028 and U+2029 into LF. */
export function utf8Length(text) {
  return new TextEncoder().encode((text ?? "").replace(/\r\n?|[\u2028\u2029]/g, "\n")).length;
}

/** A section text (or a suggested one): bidi controls, then its length, then its brackets. */
export function textProblem(text) {
  const bidi = bidiProblem(text);
  if (bidi) return bidi;
  const bytes = utf8Length(text);
  if (bytes > MAX_SECTION_BYTES) return { key: "check.tooLong", params: { bytes, max: MAX_SECTION_BYTES } };
  const { error } = parseBrackets(text ?? "");
  return error ? { key: `brackets.${error.reason}`, params: { position: error.position } } : null;
}

/** A title holds no `[[` or `]]` at all: balanced, unclosed or unopened, the server refuses each. */
export function titleProblem(title) {
  return bidiProblem(title) ?? (/\[\[|\]\]/.test(title ?? "") ? { key: "check.titleBrackets", params: {} } : null);
}

export function noteProblem(note) {
  return bidiProblem(note);
}

/**
 * The problems of an open editor (sectiondrafts.js), by field: `{title, text, note}`. A
 * title is checked only once changed, since only then is it sent.
 */
export function editorProblems(editor) {
  const title = editor.title.trim();
  return {
    title: editor.mode === "edit" && title && title !== editor.baseTitle ? titleProblem(title) : null,
    text: textProblem(editor.text),
    note: editor.mode === "suggest" ? noteProblem(editor.note) : null,
  };
}
