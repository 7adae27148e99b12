import assert from "node:assert/strict";
import { test } from "node:test";
import { initialState, orderedContributions, reduce } from "../../Public/js/reducer.js";
import { endorsementLine, heldQueue, itemView } from "../../Public/js/views.js";
import { event, genesis, post, welcome } from "./fixtures.mjs";

function fold(frames, state = initialState()) {
  for (const frame of frames) reduce(state, frame);
  return state;
}

test("a welcome then the replay builds the room", () => {
  const state = fold([welcome(), ...genesis(), post(7, "p4", "am", "position", "Հայաստան wants a treaty.")]);
  assert.equal(state.session.title, "Thematic Group on Peace and Security");
  assert.equal(state.you.id, "p4");
  assert.equal(Object.keys(state.participants).length, 5);
  assert.equal(state.lastSeq, 7);
  assert.deepEqual(state.order, [7]);
  assert.equal(state.contributions[7].text, "Հայաստան wants a treaty.", "user text is kept exactly");
  assert.equal(state.contributions[7].kind, "position", "contributionKind is the contribution's kind");
});

test("folding is idempotent by seq: a resume that repeats events doubles nothing", () => {
  const frames = [welcome(), ...genesis(), post(7, "p4", "am", "position", "One"), post(8, "p5", "az", "comment", "Two", { replyTo: 7 })];
  const state = fold(frames);
  const before = JSON.stringify({ order: state.order, contributions: state.contributions, log: state.log });
  // A reconnect: a new welcome, then (wrongly or not) the same events again.
  fold([welcome({ head: 8 }), ...frames.slice(1), ...frames.slice(1)], state);
  assert.equal(JSON.stringify({ order: state.order, contributions: state.contributions, log: state.log }), before);
  assert.deepEqual(state.order, [7, 8]);
});

test("the welcome snapshot is not applied twice by the replayed events below its head", () => {
  // The snapshot already has p5's hand raised and item "regional" closed (events 8, 9).
  const state = fold([
    welcome({ head: 9, floor: { hands: ["p5"] }, agenda: [{ id: "perspectives", title: "P", state: "open" }, { id: "regional", title: "R", state: "closed" }] }),
    ...genesis(),
    post(7, "p4", "am", "position", "One"),
    event(8, { kind: "handRaised", participant: "p5" }),
    event(9, { kind: "itemClosed", item: "regional", by: "p2" }),
  ]);
  assert.deepEqual(state.floor.hands, ["p5"]);
  assert.equal(state.agenda[1].state, "closed");
  assert.equal(state.log.at(-1).kind, "itemClosed", "the log still lists the moderation event");
  // Live events above the head change the session state.
  reduce(state, event(10, { kind: "handRaised", participant: "p4" }));
  reduce(state, event(11, { kind: "itemOpened", item: "regional", by: "p3" }));
  assert.deepEqual(state.floor.hands, ["p5", "p4"]);
  assert.equal(state.agenda[1].state, "open");
});

test("a proposal endorsed by both sides is adopted; an amendment clears endorsements", () => {
  const state = fold([welcome(), ...genesis(),
    post(7, "p2", "am", "proposal", "Open the communications."),
    event(8, { kind: "endorsed", contribution: 7, side: "am", by: "p2", version: 1 }),
  ]);
  assert.equal(endorsementLine(state, state.contributions[7]), "Armenia ✓ · Azerbaijan —");
  reduce(state, event(9, { kind: "amended", contribution: 7, author: "p2", text: "Open all communications.", version: 2 }));
  assert.equal(endorsementLine(state, state.contributions[7]), "Armenia — · Azerbaijan —");
  reduce(state, event(10, { kind: "endorsed", contribution: 7, side: "am", by: "p2", version: 2 }));
  reduce(state, event(11, { kind: "endorsed", contribution: 7, side: "az", by: "p3", version: 2 }));
  reduce(state, event(12, { kind: "adopted", contribution: 7, version: 2 }));
  const c = state.contributions[7];
  assert.equal(endorsementLine(state, c), "Armenia ✓ · Azerbaijan ✓");
  assert.equal(c.adopted, true);
  assert.equal(c.text, "Open all communications.");
});

test("a held contribution reaches others in its approval, in its original place", () => {
  // A member of the other side never saw seq 8 (held) nor 9 (held): gaps are normal.
  const state = fold([welcome({ you: { id: "p5", name: "Eldar Hamzali", role: "member", side: "az" } }), ...genesis(),
    post(7, "p2", "am", "position", "First"),
    post(10, "p3", "az", "position", "Third"),
    event(11, { kind: "approved", contribution: 8, by: "p3", version: 1,
      content: { contribution: 8, author: "p4", side: "am", item: "perspectives", contributionKind: "comment", text: "Second, with a held term", replyTo: 7 } }),
  ]);
  assert.deepEqual(state.order, [7, 8, 10]);
  const c = state.contributions[8];
  assert.equal(c.status, "visible");
  assert.equal(c.replyTo, 7);
  assert.equal(c.author, "p4");
  assert.deepEqual(itemView(state, "perspectives").repliesTo(7).map((r) => r.id), [8]);
});

test("the author and moderators see a held contribution, then its approval", () => {
  const state = fold([welcome({ you: { id: "p2", name: "Leonid Nersisyan", role: "cochair", side: "am" } }), ...genesis(),
    post(7, "p4", "am", "position", "about the ceasefire", { held: true }),
    event(8, { kind: "held", contribution: 7, author: "p4", terms: ["ceasefire"] }),
  ]);
  assert.deepEqual(heldQueue(state).map((c) => c.id), [7]);
  assert.deepEqual(state.contributions[7].heldTerms, ["ceasefire"]);
  reduce(state, event(9, { kind: "approved", contribution: 7, by: "p3", version: 1,
    content: { contribution: 7, author: "p4", side: "am", item: "perspectives", contributionKind: "position", text: "about the ceasefire" } }));
  assert.deepEqual(heldQueue(state), []);
  assert.equal(state.contributions[7].status, "visible");
  assert.equal(state.log.at(-1).kind, "approved");
});

test("a redaction leaves a tombstone with the reason and drops the words", () => {
  const state = fold([welcome(), ...genesis(),
    post(7, "p4", "am", "position", "Name and phone number"),
    event(8, { kind: "redacted", contribution: 7, by: "p2", reason: "personal data" }),
  ]);
  const c = state.contributions[7];
  assert.equal(c.text, null);
  assert.deepEqual(c.redaction.reason, "personal data");
  assert.equal(c.redaction.by, "p2");
  assert.equal(state.log.at(-1).reason, "personal data");
});

test("rejections, mutes, rules and closing fold in", () => {
  const state = fold([welcome({ you: { id: "p3", name: "Murad Muradov", role: "cochair", side: "az" } }), ...genesis(),
    post(7, "p5", "az", "chat", "insult", { held: true }),
    event(8, { kind: "rejected", contribution: 7, author: "p5", by: "p3", reason: "insult" }),
    event(9, { kind: "muted", participant: "p5", by: "p3", seconds: 300, until: "2026-11-29T10:10:00.000Z", reason: "calm down" }),
    event(10, { kind: "rulesChanged", rules: { floor: "queue", heldTerms: ["x"] }, by: "p1" }),
    event(11, { kind: "closeRequested", side: "az", by: "p3" }),
    event(12, { kind: "closeRequested", side: "am", by: "p2" }),
    event(13, { kind: "sessionClosed", by: "p2" }),
  ]);
  assert.equal(state.contributions[7].status, "rejected");
  assert.equal(state.participants.p5.mutedUntil, "2026-11-29T10:10:00.000Z");
  assert.equal(state.session.rules.floor, "queue");
  assert.deepEqual(state.session.closeRequestedBy, ["az", "am"]);
  assert.equal(state.session.state, "closed");
  assert.deepEqual(state.log.map((e) => e.kind).slice(-6),
    ["rejected", "muted", "rulesChanged", "closeRequested", "closeRequested", "sessionClosed"]);
});

test("item view: both sides side by side, replies under what they answer, joint texts, chat apart", () => {
  const state = fold([welcome(), ...genesis(),
    post(7, "p2", "am", "position", "A1"),
    post(8, "p3", "az", "position", "B1"),
    post(9, "p4", "am", "comment", "answers B1", { replyTo: 8 }),
    post(10, "p5", "az", "comment", "loose"),
    post(11, "p3", "az", "recommendation", "R", { options: ["one", "two"] }),
    post(12, "p4", "am", "chat", "hello"),
  ]);
  const view = itemView(state, "perspectives");
  assert.deepEqual(view.sides.map((s) => s.side.id), ["am", "az"]);
  assert.deepEqual(view.sides[0].positions.map((c) => c.id), [7]);
  assert.deepEqual(view.sides[1].positions.map((c) => c.id), [8]);
  assert.deepEqual(view.repliesTo(8).map((c) => c.id), [9]);
  assert.deepEqual(view.sides[1].comments.map((c) => c.id), [10]);
  assert.deepEqual(view.joint.map((c) => c.id), [11]);
  assert.deepEqual(view.chat.map((c) => c.id), [12]);
  assert.deepEqual(orderedContributions(state).map((c) => c.id), [7, 8, 9, 10, 11, 12]);
});

test("presence frames replace the online list", () => {
  const state = fold([welcome(), { type: "presence", online: ["p2", "p4"] }]);
  assert.deepEqual(state.online, ["p2", "p4"]);
  reduce(state, { type: "presence", online: ["p4"] });
  assert.deepEqual(state.online, ["p4"]);
});

test("presence counts observers; a malformed count is no count", () => {
  const state = fold([welcome(), { type: "presence", online: ["p2"], observers: 412 }]);
  assert.equal(state.observersOnline, 412);
  for (const observers of [-3, "12", 1.5, null]) {
    reduce(state, { type: "presence", online: ["p2"], observers });
    assert.equal(state.observersOnline, 0);
  }
});

test("acks, errors and unknown frames change nothing", () => {
  const state = fold([welcome(), ...genesis()]);
  const before = JSON.stringify(state);
  fold([{ type: "ack", ref: "r1", seq: 9 }, { type: "error", ref: "r2", code: "tooLong" }, { type: "mystery" }, null], state);
  assert.equal(JSON.stringify(state), before);
});

test("the log holds every key turned on a joint text, and what a rules change changed", () => {
  // Replayed history (the welcome's head is past it) and live events are logged alike.
  const state = initialState();
  for (const f of [welcome({ head: 12 }), ...genesis()]) reduce(state, f);
  reduce(state, post(7, "p2", "am", "proposal", "P"));
  reduce(state, event(8, { kind: "endorsed", contribution: 7, side: "am", by: "p2", version: 1 }));
  reduce(state, event(9, { kind: "amended", contribution: 7, author: "p2", text: "P2", version: 2, cleared: ["am"] }));
  reduce(state, event(10, { kind: "amended", contribution: 7, author: "p2", text: "P3", version: 3 }));
  reduce(state, event(11, { kind: "endorsed", contribution: 7, side: "az", by: "p3", version: 3 }));
  reduce(state, event(12, { kind: "endorsementWithdrawn", contribution: 7, side: "az", by: "p3", version: 3 }));
  reduce(state, event(13, { kind: "endorsed", contribution: 7, side: "az", by: "p3", version: 3 }));
  reduce(state, event(14, { kind: "endorsed", contribution: 7, side: "am", by: "p2", version: 3 }));
  reduce(state, event(15, { kind: "adopted", contribution: 7, version: 3 }));
  const rules = { ...state.session.rules, slowModeSeconds: 10, heldTerms: ["enclave"] };
  reduce(state, event(16, { kind: "rulesChanged", rules, by: "p1" }));
  assert.deepEqual(state.log.filter((e) => e.seq > 6).map((e) => [e.seq, e.kind]), [
    [8, "endorsed"], [9, "amended"], [11, "endorsed"], [12, "endorsementWithdrawn"], [13, "endorsed"], [14, "endorsed"],
    [15, "adopted"], [16, "rulesChanged"],
  ], "an amendment that cleared nothing is not a log entry");
  assert.equal(state.log.find((e) => e.kind === "amended").text, undefined, "the log keeps no contribution's words");
  assert.deepEqual(state.log.at(-1).changes, [
    { rule: "slowModeSeconds", from: 0, to: 10 },
    { rule: "heldTerms", added: ["enclave"], removed: [] },
  ]);
});
