import assert from "node:assert/strict";
import { test } from "node:test";
import { agendaEntries, filterView, markSeen, matchesFilter, NO_FILTER, parseFilter } from "../../Public/js/navigation.js";
import { initialState, reduce } from "../../Public/js/reducer.js";
import { event, genesis, participants, post, sides, welcome } from "./fixtures.mjs";

function room(you, frames) {
  const state = initialState();
  for (const f of [welcome({ you }), ...genesis(), ...frames]) reduce(state, f);
  return state;
}

const frames = [
  post(7, "p4", "am", "position", "A"),
  post(8, "p5", "az", "position", "B"),
  { ...post(9, "p5", "az", "comment", "C", { replyTo: 7 }) },
  event(10, { kind: "contributed", contribution: 10, author: "p2", side: "am", item: "regional", contributionKind: "proposal", text: "P" }),
  post(11, "p1", null, "chat", "hello"),
];

test("each item with its state, its count and what is new since last seen, the reader's own left out", () => {
  const state = room(participants[3], frames);
  assert.deepEqual(agendaEntries(state), [
    { id: "perspectives", title: "Perspectives", open: true, count: 4, unread: 3 },
    { id: "regional", title: "Regional", open: true, count: 1, unread: 1 },
  ]);
  const seen = markSeen({}, state, ["perspectives"]);
  assert.deepEqual(seen, { perspectives: 11 });
  assert.equal(markSeen(seen, state, ["perspectives"]), seen, "nothing new: the same object");
  reduce(state, post(12, "p5", "az", "comment", "D"));
  assert.deepEqual(agendaEntries(state, seen).map((e) => e.unread), [1, 1]);
  reduce(state, event(13, { kind: "itemClosed", item: "regional", by: "p1" }));
  assert.equal(agendaEntries(state, seen)[1].open, false);
});

test("the filter shows one kind, one side, or the neutral facilitator's words", () => {
  const state = room(participants[3], frames);
  const all = Object.values(state.contributions);
  const ids = (filter) => all.filter((c) => matchesFilter(c, filter)).map((c) => c.id);
  assert.deepEqual(ids(NO_FILTER), [7, 8, 9, 10, 11]);
  assert.deepEqual(ids({ kind: "position", side: "all" }), [7, 8]);
  assert.deepEqual(ids({ kind: "all", side: "az" }), [8, 9]);
  assert.deepEqual(ids({ kind: "comment", side: "am" }), []);
  assert.deepEqual(ids({ kind: "all", side: "neutral" }), [11]);
  assert.deepEqual(parseFilter({ kind: "speech", side: "xx" }, sides), NO_FILTER);
  assert.deepEqual(parseFilter({ kind: "proposal", side: "az" }, sides), { kind: "proposal", side: "az" });
  assert.deepEqual(parseFilter(null, sides), NO_FILTER);
});

test("a filtered reply keeps what it answers, as context", () => {
  const state = room(participants[3], frames);
  assert.equal(filterView(state, NO_FILTER), null);
  const view = filterView(state, { kind: "comment", side: "az" });
  assert.deepEqual([...view.matching], [9]);
  assert.deepEqual([...view.context], [7], "the Armenian position #9 answers");
});

test("a held text counts as new once approved, when everyone can read it", () => {
  const state = room(participants[3], [...frames, post(12, "p5", "az", "comment", "held words", { held: true })]);
  const seen = markSeen({}, state, ["perspectives"]);
  assert.equal(agendaEntries(state, seen)[0].unread, 0, "held: not counted, not even for moderators");
  reduce(state, event(13, { kind: "approved", contribution: 12, by: "p1", version: 1, content: { contribution: 12, author: "p5", side: "az", item: "perspectives", contributionKind: "comment", text: "held words" } }));
  assert.equal(agendaEntries(state, seen)[0].unread, 1, "approved after the reader last looked: new");
  assert.deepEqual(markSeen(seen, state, ["perspectives"]), { perspectives: 13 });
});
