import assert from "node:assert/strict";
import { test } from "node:test";
import { wordDiff } from "../../Public/js/diff.js";

const join = (ops, kinds) => ops.filter((o) => kinds.includes(o.op)).map((o) => o.text).join("");

function check(before, after) {
  const ops = wordDiff(before, after);
  assert.equal(join(ops, ["same", "del"]), before, "same + deleted gives the old text back");
  assert.equal(join(ops, ["same", "ins"]), after, "same + inserted gives the new text");
  for (let i = 1; i < ops.length; i += 1) assert.notEqual(ops[i].op, ops[i - 1].op, "adjacent pieces of one kind are merged");
  return ops;
}

test("identical texts are one kept piece; empty texts give nothing", () => {
  assert.deepEqual(check("we open the border", "we open the border"), [{ op: "same", text: "we open the border" }]);
  assert.deepEqual(check("", ""), []);
  assert.deepEqual(check("", "new"), [{ op: "ins", text: "new" }]);
  assert.deepEqual(check("old", ""), [{ op: "del", text: "old" }]);
});

test("a replaced word is one deletion and one insertion between kept words", () => {
  assert.deepEqual(check("we shall open the border", "we should open the border"), [
    { op: "same", text: "we " }, { op: "del", text: "shall " }, { op: "ins", text: "should " }, { op: "same", text: "open the border" },
  ]);
});

test("insertions and deletions anywhere, and the longest common words are kept", () => {
  assert.deepEqual(check("open the border", "open the border now"), [
    { op: "same", text: "open the border" }, { op: "ins", text: " now" },
  ]);
  assert.deepEqual(check("both sides agree today", "sides agree"), [
    { op: "del", text: "both " }, { op: "same", text: "sides agree" }, { op: "del", text: " today" },
  ]);
  const ops = check("a b c d e f", "a x c d y f");
  assert.deepEqual(ops.filter((o) => o.op === "same").map((o) => o.text.trim()), ["a", "c d", "f"]);
});

test("Armenian, Azerbaijani and line breaks are words like any other", () => {
  const ops = check("Հայաստանը պատրաստ է\n\nAzərbaycan razıdır.", "Հայաստանը պատրաստ չէ\n\nAzərbaycan razıdır.");
  assert.deepEqual(ops.filter((o) => o.op !== "same"), [{ op: "del", text: "է\n\n" }, { op: "ins", text: "չէ\n\n" }]);
  check("  leading space", "leading space");
  check("one  two", "one two");
  check("a b", "b a");
});

test("a very long rewrite stays fast and exact", () => {
  const words = (n, prefix) => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(" ");
  const started = Date.now();
  check(words(3000, "a"), words(3000, "b"));
  check(`${words(2500, "x")} middle ${words(2500, "y")}`, `${words(2500, "x")} centre ${words(2500, "y")}`);
  assert.ok(Date.now() - started < 3000);
});
