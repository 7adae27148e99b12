import assert from "node:assert/strict";
import { test } from "node:test";
import { balance, countWords, counts } from "../../Public/js/balance.js";
import { sides } from "./fixtures.mjs";

const c = (id, side, kind, text, extra = {}) => ({ id, side, kind, text, item: "a", status: "visible", redaction: null, ...extra });

test("words are counted in any script", () => {
  assert.equal(countWords("Հայաստանը և Ադրբեջանը"), 3);
  assert.equal(countWords("Azərbaycan və Ermənistan sülh"), 4);
  assert.equal(countWords("Мирный договор — сейчас."), 3);
  assert.equal(countWords("  "), 0);
  assert.equal(countWords(null), 0);
});

test("each side's contributions and words, with shares", () => {
  const result = balance([
    c(1, "am", "position", "one two three"),
    c(2, "az", "position", "one"),
    c(3, "az", "comment", "one two three four five six seven eight nine"),
    c(4, "am", "chat", "chat is not counted at all"),
    c(5, "am", "proposal", "held words", { status: "held" }),
  ], sides);
  const [am, az] = result.rows;
  assert.deepEqual([am.side, am.contributions, am.words], ["am", 1, 3]);
  assert.deepEqual([az.side, az.contributions, az.words], ["az", 2, 10]);
  assert.equal(result.totalWords, 13);
  assert.equal(am.wordShare + az.wordShare, 1);
  assert.ok(Math.abs(az.contributionShare - 2 / 3) < 1e-9);
});

test("an empty meter is even, and a redaction keeps the count but not the words", () => {
  const empty = balance([], sides);
  assert.deepEqual(empty.rows.map((r) => r.wordShare), [0.5, 0.5]);
  const redacted = balance([c(1, "am", "position", null, { redaction: { reason: "x" } })], sides);
  assert.deepEqual([redacted.rows[0].contributions, redacted.rows[0].words], [1, 0]);
});

test("per item", () => {
  const result = balance([c(1, "am", "position", "a b"), c(2, "am", "position", "c", { item: "b" })], sides, { item: "b" });
  assert.equal(result.rows[0].words, 1);
  assert.equal(counts(c(3, "am", "chat", "x")), false);
});
