import assert from "node:assert/strict";
import { test } from "node:test";
import { initialState, reduce } from "../../Public/js/reducer.js";
import {
  canAmend, canApprove, canEndorse, canMute, canRedact, canReject, canReply, canWithdrawEndorsement, canWriteIn, itemOpen,
  postableKinds, presenceGroups, replyTargets, reportLead, sessionOpen,
} from "../../Public/js/views.js";
import { event, genesis, participants, post, welcome } from "./fixtures.mjs";

const [facilitator, amChair, azChair, amMember, azMember] = participants;

function room(you, frames = []) {
  const state = initialState();
  for (const f of [welcome({ you }), ...genesis(), ...frames]) reduce(state, f);
  return state;
}

test("who may post what", () => {
  assert.deepEqual(postableKinds(amMember), ["position", "comment", "proposal", "recommendation", "chat"]);
  assert.deepEqual(postableKinds(facilitator), ["chat"]);
  assert.deepEqual(postableKinds({ id: "p9", role: "observer" }), []);
  assert.deepEqual(postableKinds(null), []);
});

test("endorsing: co-chairs, once per version, not after adoption", () => {
  const frames = [post(7, "p2", "am", "proposal", "P"), event(8, { kind: "endorsed", contribution: 7, side: "am", by: "p2", version: 1 })];
  const az = room(azChair, frames);
  assert.equal(canEndorse(az, az.contributions[7]), true);
  const am = room(amChair, frames);
  assert.equal(canEndorse(am, am.contributions[7]), false, "already endorsed by Armenia");
  const member = room(azMember, frames);
  assert.equal(canEndorse(member, member.contributions[7]), false);
  reduce(az, event(9, { kind: "endorsed", contribution: 7, side: "az", by: "p3", version: 1 }));
  reduce(az, event(10, { kind: "adopted", contribution: 7, version: 1 }));
  assert.equal(canEndorse(az, az.contributions[7]), false);
});

test("amending: the author, inside the edit window, before adoption", () => {
  const state = room(amMember, [post(7, "p4", "am", "position", "P")]);
  const c = state.contributions[7];
  const posted = Date.parse(c.postedAt);
  assert.equal(canAmend(state, c, amMember, posted + 300_000), true);
  assert.equal(canAmend(state, c, amMember, posted + 300_001), false);
  assert.equal(canAmend(state, c, azMember, posted), false);
});

test("parity: co-chairs redact, reject and mute on their own side; anyone moderating approves", () => {
  const frames = [post(7, "p4", "am", "position", "P"), post(8, "p5", "az", "comment", "held", { held: true })];
  const am = room(amChair, frames);
  assert.equal(canRedact(am, am.contributions[7]), true);
  assert.equal(canApprove(am, am.contributions[8]), true);
  assert.equal(canReject(am, am.contributions[8]), false, "the other side's held text");
  const az = room(azChair, frames);
  assert.equal(canRedact(az, az.contributions[7]), false);
  assert.equal(canReject(az, az.contributions[8]), true);
  const f = room(facilitator, frames);
  assert.equal(canRedact(f, f.contributions[7]), true);
  assert.equal(canReject(f, f.contributions[8]), true);
  assert.equal(canMute(am, amMember), true);
  assert.equal(canMute(am, azMember), false);
  assert.equal(canMute(am, azChair), false);
  assert.equal(canMute(f, azChair), true);
  assert.equal(canMute(room(amMember, frames), azMember), false);
});

test("reply targets and presence groups follow the session's side order", () => {
  const state = room(amMember, [
    post(7, "p3", "az", "proposal", "P"), post(8, "p2", "am", "position", "A"),
    post(9, "p4", "am", "chat", "c"), { type: "presence", online: ["p3", "p1"] },
  ]);
  assert.deepEqual(replyTargets(state, "perspectives").map((c) => c.id), [8, 7]);
  const groups = presenceGroups(state);
  assert.deepEqual(groups.map((g) => g.side?.id ?? null), ["am", "az", null]);
  assert.deepEqual(groups[1].people.map((p) => [p.id, p.online]), [["p3", true], ["p5", false]]);
});

test("a listed observer's presence is not known, rather than away", () => {
  const state = room(facilitator, [
    { type: "event", seq: 7, event: { kind: "participantAdded", participant: { id: "p6", name: "Press", role: "observer" }, by: "admin" } },
    { type: "presence", online: ["p1"], observers: 1 },
  ]);
  const neutral = presenceGroups(state).find((g) => g.side === null);
  assert.deepEqual(neutral.people.map((p) => [p.id, p.online]), [["p1", true], ["p6", null]]);
});

test("the report's lead for each kind, as the joint report prints it", () => {
  const armenia = { id: "am", name: "Armenia", adjective: "Armenian" };
  assert.equal(reportLead("position", armenia), "From Armenia's perspective,");
  assert.equal(reportLead("comment", armenia), "The Armenian side");
  assert.equal(reportLead("proposal", armenia), "Both sides agree that");
  assert.equal(reportLead("proposal", undefined), "Both sides agree that");
  assert.equal(reportLead("recommendation", armenia), null);
  assert.equal(reportLead("chat", armenia), null);
  assert.equal(reportLead("position", undefined), null);
});

test("closed means closed: after the session closes no role is offered any command", () => {
  const frames = [
    post(7, "p4", "am", "proposal", "P"),
    post(8, "p5", "az", "comment", "held", { held: true }),
    event(9, { kind: "endorsed", contribution: 7, side: "am", by: "p2", version: 1 }),
  ];
  const can = (state, you) => {
    const [proposal, held] = [state.contributions[7], state.contributions[8]];
    const posted = Date.parse(proposal.postedAt);
    return {
      reply: canReply(state, proposal, you), amend: canAmend(state, proposal, you, posted),
      endorse: canEndorse(state, proposal, you), withdraw: canWithdrawEndorsement(state, proposal, you),
      redact: canRedact(state, proposal, you), approve: canApprove(state, held, you), reject: canReject(state, held, you),
      mute: participants.some((p) => canMute(state, p, you)),
      write: canWriteIn(state, "perspectives", you),
    };
  };
  const offered = (state, you) => Object.entries(can(state, you)).filter(([, yes]) => yes).map(([what]) => what);
  // While open, each role is offered something (the test can fail).
  assert.deepEqual(offered(room(amChair, frames), amChair), ["reply", "withdraw", "redact", "approve", "mute", "write"]);
  assert.deepEqual(offered(room(amMember, frames), amMember), ["reply", "amend", "write"]);
  assert.deepEqual(offered(room(facilitator, frames), facilitator), ["redact", "approve", "reject", "mute"], "chat only: no Write here");
  // An item closed: nothing that posts into it or keys its texts.
  const itemClosed = [...frames, event(10, { kind: "itemClosed", item: "perspectives", by: "p1" })];
  assert.equal(itemOpen(room(amChair, itemClosed), "perspectives"), false);
  assert.deepEqual(offered(room(amChair, itemClosed), amChair), ["redact", "approve", "mute"]);
  assert.deepEqual(offered(room(amMember, itemClosed), amMember), []);
  // The session closed: nothing at all, for anyone, and every item reads closed.
  const closed = [...frames, event(10, { kind: "sessionClosed", by: "p1" })];
  for (const you of participants) {
    const state = room(you, closed);
    assert.equal(sessionOpen(state), false);
    assert.equal(itemOpen(state, "regional"), false, "an open item of a closed session is closed");
    assert.deepEqual(offered(state, you), [], you.name);
  }
});
