import assert from "node:assert/strict";
import { test } from "node:test";
import { countBrackets, parseBrackets } from "../../Public/js/brackets.js";
import { sectionBlocks } from "../../Public/js/sectiontext.js";

test("a text without brackets is one plain run", () => {
  assert.deepEqual(parseBrackets("Both sides agree."), { segments: [{ type: "text", text: "Both sides agree." }], brackets: 0, error: null });
  assert.deepEqual(parseBrackets(""), { segments: [], brackets: 0, error: null });
});

test("balanced brackets, with their alternatives separated by ' // '", () => {
  const parsed = parseBrackets("we [[shall // should]] open the border [[by 2027]].");
  assert.equal(parsed.error, null);
  assert.equal(parsed.brackets, 2);
  assert.deepEqual(parsed.segments, [
    { type: "text", text: "we " },
    { type: "bracket", alternatives: ["shall", "should"] },
    { type: "text", text: " open the border " },
    { type: "bracket", alternatives: ["by 2027"] },
    { type: "text", text: "." },
  ]);
  assert.deepEqual(parseBrackets("[[a // b // c]]").segments, [{ type: "bracket", alternatives: ["a", "b", "c"] }]);
  assert.deepEqual(parseBrackets("[[and/or]]").segments, [{ type: "bracket", alternatives: ["and/or"] }], "only ' // ' separates");
  assert.equal(countBrackets("Հայաստանը [[կստորագրի // կարող է ստորագրել]] և Azərbaycan [[razıdır]]"), 2);
});

test("a bracket inside a bracket is an error, at the inner [[", () => {
  const parsed = parseBrackets("we [[shall [[not]] // should]] go");
  assert.deepEqual(parsed.error, { reason: "nested", position: 12 });
  assert.equal(parsed.brackets, 0);
  assert.deepEqual(parsed.segments, [{ type: "text", text: "we [[shall [[not]] // should]] go" }], "shown as written");
});

test("unbalanced brackets are errors with their position, counted from 1", () => {
  assert.deepEqual(parseBrackets("open [[never closed").error, { reason: "unclosed", position: 6 });
  assert.deepEqual(parseBrackets("closed]] never opened").error, { reason: "unopened", position: 7 });
  assert.deepEqual(parseBrackets("[[a]] then ]]").error, { reason: "unopened", position: 12 });
  assert.deepEqual(parseBrackets("]]").error, { reason: "unopened", position: 1 });
  assert.equal(countBrackets("[[a]] [[b"), 0);
});

test("positions count characters as a reader sees them", () => {
  // "👍🏽" is one character on screen (two code points, four UTF-16 units); "é" written
  // as e + combining accent is one too.
  assert.deepEqual(parseBrackets("👍🏽 [[x").error, { reason: "unclosed", position: 3 });
  assert.deepEqual(parseBrackets("e\u0301 ]]").error, { reason: "unopened", position: 3 });
  assert.deepEqual(parseBrackets("Ադրբեջան ]]").error, { reason: "unopened", position: 10 });
});

test("section text: paragraphs, sub-headings and list items", () => {
  const text = "Intro line one\nline two\n\n## 1. Trust\n\nTo reduce risks:\n- a) sign first\n- b) wait\nAfter the list.\n\n\n\n## not a heading\nbecause two lines\r\n\r\nLast";
  assert.deepEqual(sectionBlocks(text), [
    { type: "paragraph", text: "Intro line one\nline two" },
    { type: "heading", text: "1. Trust" },
    { type: "paragraph", text: "To reduce risks:" },
    { type: "list", items: ["a) sign first", "b) wait"] },
    { type: "paragraph", text: "After the list." },
    { type: "paragraph", text: "## not a heading\nbecause two lines" },
    { type: "paragraph", text: "Last" },
  ]);
  assert.deepEqual(sectionBlocks("A\n\nA"), [{ type: "paragraph", text: "A" }, { type: "paragraph", text: "A" }]);
  assert.deepEqual(sectionBlocks(""), []);
  assert.deepEqual(sectionBlocks("- one\n\n- two"), [{ type: "list", items: ["one"] }, { type: "list", items: ["two"] }]);
});

test("marks are found among code points: a combining mark after [[ still leaves a bracket", () => {
  // As the server parses (Unicode scalars): "[[" then U+0301 opens, though a reader sees "[" and "[́".
  const parsed = parseBrackets("we [[\u0301shall // should]] go");
  assert.equal(parsed.error, null);
  assert.deepEqual(parsed.segments, [
    { type: "text", text: "we " }, { type: "bracket", alternatives: ["\u0301shall", "should"] }, { type: "text", text: " go" }]);
  assert.deepEqual(parseBrackets("open [[\u0301 never closed").error, { reason: "unclosed", position: 6 });
  assert.deepEqual(parseBrackets("[[a]]\u0301 ]]").error, { reason: "unopened", position: 7 }, "after ]] too: the mark joins the ] before it");
  // A mark between the two brackets parts them: no bracket, and no error.
  assert.deepEqual(parseBrackets("[\u0301[a]\u0301]"), { segments: [{ type: "text", text: "[\u0301[a]\u0301]" }], brackets: 0, error: null });
});
