import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_SECTION_BYTES, editorProblems, noteProblem, textProblem, titleProblem, utf8Length, withoutBidi } from "../../Public/js/draftchecks.js";
import { LANGUAGES, createI18n } from "../../Public/js/i18n.js";

const BIDI = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"];

test("bidi embeddings, overrides and isolates are refused in texts, titles and notes, where they stand", () => {
  for (const mark of BIDI) {
    const code = `U+${mark.codePointAt(0).toString(16).toUpperCase()}`;
    assert.deepEqual(textProblem(`Both sides${mark} agree.`), { key: "check.bidi", params: { position: 11, code } }, code);
    assert.equal(titleProblem(`Title${mark}`).key, "check.bidi");
    assert.equal(noteProblem(`${mark}note`).params.position, 1);
  }
  // Marks a reader cannot see counted as the server counts characters; LRM, RLM and ALM are allowed.
  assert.equal(textProblem("👍🏽 e\u0301\u202Ex").params.position, 4);
  for (const allowed of ["\u200E", "\u200F", "\u061C"]) assert.equal(textProblem(`a${allowed}b`), null);
  assert.equal(withoutBidi("\u2067Ադրբեջան\u2069 and \u202Eevil\u202C"), "Ադրբեջան and evil");
  assert.equal(noteProblem(""), null);
});

test("a section text is at most 48,000 bytes of UTF-8, whatever the script", () => {
  assert.equal(textProblem("a".repeat(MAX_SECTION_BYTES)), null);
  assert.deepEqual(textProblem("a".repeat(MAX_SECTION_BYTES + 1)), { key: "check.tooLong", params: { bytes: 48_001, max: 48_000 } });
  assert.equal(textProblem("ա".repeat(24_000)), null, "an Armenian letter takes two bytes");
  assert.equal(textProblem("ж".repeat(24_001)).params.bytes, 48_002);
  assert.equal(utf8Length("👍🏽"), 8);
  assert.equal(utf8Length("a\r\nb\rc\u2028d"), 7, "line breaks as the server stores them: LF");
});

test("a text's brackets are checked as the server parses them; a title holds none at all", () => {
  assert.deepEqual(textProblem("open [[never closed"), { key: "brackets.unclosed", params: { position: 6 } });
  assert.equal(textProblem("we [[shall // should]] go"), null, "a text may hold brackets");
  for (const title of ["[[a]]", "[[", "a ]]", "[[a", "x [[a // b]] y", "[]]"]) {
    assert.deepEqual(titleProblem(title), { key: "check.titleBrackets", params: {} }, title);
  }
  for (const title of ["[a]", "Article [1]", "a [ [ b", "Ադրբեջան"]) assert.equal(titleProblem(title), null, title);
});

test("an editor is checked field by field; an unchanged title is not sent, so not checked", () => {
  const editor = { mode: "edit", title: "Old [[title]]", baseTitle: "Old [[title]]", text: "Fine.", note: "\u202E" };
  assert.deepEqual(editorProblems(editor), { title: null, text: null, note: null }, "a note only in a suggestion");
  assert.equal(editorProblems({ ...editor, title: "New [[title]]" }).title.key, "check.titleBrackets");
  assert.equal(editorProblems({ ...editor, title: "  " }).title, null, "an emptied title is not sent either");
  const suggestion = { mode: "suggest", title: "Old", baseTitle: "Old", text: "Text\u2066", note: "note\u2069" };
  assert.deepEqual(Object.values(editorProblems(suggestion)).map((p) => p?.key ?? null), [null, "check.bidi", "check.bidi"]);
});

test("every problem reads in the four languages", () => {
  const problems = [textProblem("\u202E"), textProblem("a".repeat(48_001)), titleProblem("[[")];
  for (const { code } of LANGUAGES) {
    const { t } = createI18n(null, [code]);
    for (const problem of problems) {
      const words = t(problem.key, problem.params);
      assert.ok(words !== problem.key && !words.includes("{"), `${code}: ${words}`);
    }
    assert.ok(!t("check.suggestionLimit", { n: 20 }).includes("{") && t("check.strip") !== "check.strip");
  }
});
