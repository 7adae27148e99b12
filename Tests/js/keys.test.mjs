// Keys bound to the text read (docs/protocol.md, "Rules where the contract is silent"), and
// who may export by name under the Chatham House rule (contract §2).
import assert from "node:assert/strict";
import { test } from "node:test";
import { LANGUAGES, STRINGS, createI18n } from "../../Public/js/i18n.js";
import { initialState, reduce } from "../../Public/js/reducer.js";
import { canEndorse, canWithdrawEndorsement, endorsementLine, exportAttributions, keyCommand } from "../../Public/js/views.js";
import { event, genesis, participants, post, welcome } from "./fixtures.mjs";

const [facilitator, amChair, azChair, amMember, azMember] = participants;
const observer = { id: "p6", name: "Observer", role: "observer", side: "am" };

function room(you, frames = [], rules) {
  const state = initialState();
  for (const f of [welcome({ you, rules }), ...genesis(), ...frames]) reduce(state, f);
  return state;
}

const proposal = [
  post(7, "p2", "am", "proposal", "Open the communications."),
  event(8, { kind: "endorsed", contribution: 7, side: "am", by: "p2", version: 1 }),
];

test("a withdrawn endorsement puts that side's key back to —, and only for the version withdrawn", () => {
  const state = room(azChair, [...proposal, event(9, { kind: "endorsed", contribution: 7, side: "az", by: "p3", version: 1 })]);
  reduce(state, event(10, { kind: "endorsementWithdrawn", contribution: 7, side: "am", by: "p2", version: 1 }));
  const c = state.contributions[7];
  assert.equal(endorsementLine(state, c), "Armenia — · Azerbaijan ✓");
  assert.equal(c.adopted, false);
  // A withdrawal of an older version leaves the current key alone.
  reduce(state, event(11, { kind: "endorsementWithdrawn", contribution: 7, side: "az", by: "p3", version: 0 }));
  assert.deepEqual(c.endorsements, { az: 1 });
});

test("an amendment says whose endorsement it cleared, until that side endorses the new text", () => {
  const state = room(amMember, [...proposal,
    event(9, { kind: "endorsementWithdrawn", contribution: 7, side: "am", by: "p2", version: 1 }),
    event(10, { kind: "endorsed", contribution: 7, side: "az", by: "p3", version: 1 }),
    event(11, { kind: "amended", contribution: 7, author: "p2", text: "Open all communications.", version: 2, cleared: ["az"] }),
    event(12, { kind: "endorsed", contribution: 7, side: "am", by: "p2", version: 2 }),
  ]);
  const c = state.contributions[7];
  assert.equal(c.text, "Open all communications.");
  assert.equal(c.version, 2);
  assert.deepEqual(c.cleared, ["az"]);
  assert.equal(endorsementLine(state, c), "Armenia ✓ · Azerbaijan —");
  reduce(state, event(13, { kind: "endorsed", contribution: 7, side: "az", by: "p3", version: 2 }));
  assert.deepEqual(c.cleared, []);
  // An amendment without `cleared` (nobody had endorsed) clears nothing.
  reduce(state, post(14, "p4", "am", "proposal", "Q"));
  reduce(state, event(15, { kind: "amended", contribution: 14, author: "p4", text: "Q2", version: 2 }));
  assert.deepEqual(state.contributions[14].cleared, []);
});

test("a co-chair withdraws their side's endorsement of the current version, before adoption only", () => {
  const am = room(amChair, proposal);
  const c = am.contributions[7];
  assert.equal(canWithdrawEndorsement(am, c), true);
  assert.equal(canEndorse(am, c), false);
  const az = room(azChair, proposal);
  assert.equal(canWithdrawEndorsement(az, az.contributions[7]), false, "Azerbaijan has not endorsed");
  const member = room(amMember, proposal);
  assert.equal(canWithdrawEndorsement(member, member.contributions[7]), false, "members hold no key");
  reduce(am, event(9, { kind: "amended", contribution: 7, author: "p2", text: "New", version: 2, cleared: ["am"] }));
  assert.equal(canWithdrawEndorsement(am, c), false, "the endorsement was of the replaced text");
  reduce(am, event(10, { kind: "endorsed", contribution: 7, side: "am", by: "p2", version: 2 }));
  reduce(am, event(11, { kind: "endorsed", contribution: 7, side: "az", by: "p3", version: 2 }));
  reduce(am, event(12, { kind: "adopted", contribution: 7, version: 2 }));
  assert.equal(canWithdrawEndorsement(am, c), false, "adopted text is joint");
});

test("endorse, approve and reject carry the version shown when the key was offered", () => {
  const state = room(azChair, proposal);
  const c = state.contributions[7];
  const key = keyCommand("endorse", c);
  assert.deepEqual(key, { type: "endorse", contribution: 7, version: 1 });
  reduce(state, event(9, { kind: "amended", contribution: 7, author: "p2", text: "New", version: 2, cleared: ["am"] }));
  assert.equal(key.version, 1, "a key already offered still names the text it was offered on");
  assert.deepEqual(keyCommand("approve", c), { type: "approve", contribution: 7, version: 2 });
  assert.deepEqual(keyCommand("reject", c), { type: "reject", contribution: 7, version: 2 });
});

test("exports by name: only the operator and the facilitator under the Chatham House rule, everyone under names", () => {
  const chatham = { floor: "open", attribution: "sides" };
  const roles = [facilitator, amChair, azChair, amMember, azMember, observer, null];
  assert.deepEqual(roles.map((you) => exportAttributions(room(you, [], chatham))),
    [["sides", "names"], ["sides"], ["sides"], ["sides"], ["sides"], ["sides"], ["sides", "names"]]);
  const named = { floor: "open", attribution: "names" };
  for (const you of roles) assert.deepEqual(exportAttributions(room(you, [], named)), ["sides", "names"]);
  const unset = room(amMember, [], { floor: "open" });
  assert.deepEqual(exportAttributions(unset), ["sides"], "the rule defaults to sides");
  const live = room(amMember, [], chatham);
  reduce(live, event(7, { kind: "rulesChanged", rules: named, by: "p1" }));
  assert.deepEqual(exportAttributions(live), ["sides", "names"], "a rules change opens names to everyone");
});

test("the words for withdrawn and cleared endorsements and the Chatham House exports exist in every language", () => {
  const keys = ["card.withdrawEndorsement", "card.cleared", "announce.endorsementCleared", "announce.endorsementWithdrawn",
    "notice.changed", "exports.sidesOnly"];
  for (const { code } of LANGUAGES.filter((l) => l.code !== "en")) {
    for (const key of keys) assert.notEqual(STRINGS[code][key], STRINGS.en[key], `${code} translates ${key}`);
  }
  const en = createI18n(null, ["en"]);
  assert.equal(en.t("card.cleared", { side: "Azerbaijan" }), "Azerbaijan's endorsement was cleared by an amendment.");
});
