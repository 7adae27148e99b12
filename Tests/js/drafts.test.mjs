import assert from "node:assert/strict";
import { test } from "node:test";
import { draftCommand, draftKey, draftLanded, emptyDraft, isBlank, loadDraft, parseOptions, saveDraft } from "../../Public/js/drafts.js";
import { initialState, reduce } from "../../Public/js/reducer.js";
import { genesis, post, welcome } from "./fixtures.mjs";

class MemoryStorage {
  constructor() { this.map = new Map(); }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { this.map.set(k, String(v)); }
  removeItem(k) { this.map.delete(k); }
}

test("a draft survives a reload; a blank one is not kept", () => {
  const storage = new MemoryStorage();
  const key = draftKey("s1", "p4");
  saveDraft(storage, key, { ...emptyDraft("perspectives", "position"), text: "Ադրբեջան — Azərbaycan" });
  assert.equal(loadDraft(storage, key).text, "Ադրբեջան — Azərbaycan");
  saveDraft(storage, key, emptyDraft("perspectives"));
  assert.equal(loadDraft(storage, key), null);
  storage.setItem(key, "{broken");
  assert.equal(loadDraft(storage, key), null);
});

test("a pending draft is kept even when blank-looking options are all it has", () => {
  const storage = new MemoryStorage();
  const draft = { ...emptyDraft("a", "recommendation"), options: ["first"], pending: { ref: "r1", afterSeq: 3 } };
  assert.equal(isBlank(draft), false);
  saveDraft(storage, "k", draft);
  assert.deepEqual(loadDraft(storage, "k").pending, { ref: "r1", afterSeq: 3 });
});

test("the commands a draft sends", () => {
  assert.deepEqual(draftCommand({ ...emptyDraft("a", "comment"), text: "t", replyTo: 7 }),
    { type: "post", item: "a", kind: "comment", text: "t", replyTo: 7 });
  assert.deepEqual(draftCommand({ ...emptyDraft("a", "position"), text: "t", replyTo: 7 }),
    { type: "post", item: "a", kind: "position", text: "t" });
  assert.deepEqual(draftCommand({ ...emptyDraft("a", "recommendation"), text: "t", options: ["x", " ", "y "] }),
    { type: "post", item: "a", kind: "recommendation", text: "t", options: ["x", "y"] });
  assert.deepEqual(draftCommand({ ...emptyDraft("a", "position"), text: "new", amend: 9 }),
    { type: "amend", contribution: 9, text: "new" });
  assert.deepEqual(parseOptions("a\n\n b \n"), ["a", "b"]);
});

test("after a reconnect, a draft whose ack was lost is recognised in the replay, not resent", () => {
  const state = initialState();
  for (const f of [welcome(), ...genesis(), post(7, "p4", "am", "position", "Same words")]) reduce(state, f);
  const draft = { ...emptyDraft("perspectives", "position"), text: "Same words", pending: { ref: "r1", afterSeq: 6 } };
  assert.equal(draftLanded(state, draft, "p4"), true);
  assert.equal(draftLanded(state, { ...draft, pending: { ref: "r1", afterSeq: 7 } }, "p4"), false, "older posts do not count");
  assert.equal(draftLanded(state, draft, "p5"), false, "someone else's words do not count");
  assert.equal(draftLanded(state, { ...draft, text: "Other words" }, "p4"), false);
  assert.equal(draftLanded(state, { ...draft, pending: null }, "p4"), false);
});

test("an amendment landed when the contribution's version rose to the draft's text", () => {
  const state = initialState();
  for (const f of [welcome(), ...genesis(), post(7, "p4", "am", "position", "v1")]) reduce(state, f);
  const draft = { ...emptyDraft("perspectives", "position"), amend: 7, text: "v2", pending: { ref: "r", afterSeq: 7, version: 1 } };
  assert.equal(draftLanded(state, draft, "p4"), false);
  reduce(state, { type: "event", seq: 8, at: "2026-11-29T10:00:00Z", event: { kind: "amended", contribution: 7, author: "p4", text: "v2", version: 2 } });
  assert.equal(draftLanded(state, draft, "p4"), true);
});
