// The drafting rules of docs/protocol.md, "Keys and the people who turn them", as the client
// folds and words them: keys bound to the text, the place and the person that were read.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createI18n } from "../../Public/js/i18n.js";
import { initialState, reduce } from "../../Public/js/reducer.js";
import { draftingAnnouncements, finalCochairs, outdatedSuggestions } from "../../Public/js/reporthistory.js";
import { removal } from "../../Public/js/reportviews.js";
import { event, genesis, participants, welcome } from "./fixtures.mjs";

const [facilitator, amChair, azChair] = participants;
const t = createI18n(null, ["en"]).t;

const SEEDED = [
  event(7, { kind: "reportSeeded", by: "p2", sections: [
    { id: "s1", title: "Introduction", owner: "joint", text: "Experts met." },
    { id: "s2", title: "Obstacles", owner: "joint", text: "The treaty first." },
    { id: "s3", title: "Recommendations", owner: "joint", text: "- a) open the border" }] }),
  event(8, { kind: "sectionSigned", section: "s2", version: 1, side: "am", by: "p2" }),
  event(9, { kind: "sectionSigned", section: "s2", version: 1, side: "az", by: "p3" }),
  event(10, { kind: "sectionSigned", section: "s1", version: 1, side: "am", by: "p2" }),
];
const TITLES = { s1: "Introduction", s2: "Obstacles", s3: "Recommendations" };
const edit = (seq, id, version, by = "p2", extra = {}) => event(seq, {
  kind: "sectionEdited", section: id, version, replaced: version - 1, title: TITLES[id], text: `Version ${version}.`, by, cleared: [], ...extra,
});
const suggest = (seq, id, version, by = "p4") => event(seq, {
  kind: "suggested", suggestion: seq, section: id, version, text: `Suggestion ${seq}.`, by, side: by === "p4" ? "am" : "az",
});

function room(frames, you = amChair, init = welcome({ you })) {
  const state = initialState();
  for (const frame of [init, ...genesis(), ...SEEDED, ...frames]) reduce(state, frame);
  return state;
}
const section = (state, id) => state.report.sections.find((s) => s.id === id);
const last = (frames) => frames.at(-1).event;

/** The same frames after a reload: the welcome's snapshot is the live fold up to `head`, then every event again. */
function reloaded(frames, you = amChair) {
  const live = room(frames, you);
  const snapshot = JSON.parse(JSON.stringify(live.report));
  return { live, again: room(frames, you, welcome({ you, head: frames.at(-1).seq, extra: { report: snapshot } })) };
}

test("a move clears every signature of the moved section, and says whose", () => {
  const frames = [event(11, { kind: "sectionMoved", section: "s2", after: null, by: "p1", cleared: ["am", "az"] })];
  const state = room(frames);
  assert.deepEqual(state.report.sections.map((s) => s.id), ["s2", "s1", "s3"]);
  assert.deepEqual(section(state, "s2").signedBy, [], "its place was part of what was signed");
  assert.deepEqual(section(state, "s1").signedBy, ["am"], "the sections it passed keep theirs");
  assert.deepEqual(draftingAnnouncements(state, last(frames), t), [
    "Facilitator moved “Obstacles”.",
    "Armenia's signature on “Obstacles” was cleared by the move.",
    "Azerbaijan's signature on “Obstacles” was cleared by the move.",
  ]);
  const unsigned = [event(11, { kind: "sectionMoved", section: "s3", after: "s1", by: "p2", cleared: [] })];
  assert.deepEqual(draftingAnnouncements(room(unsigned), last(unsigned), t), ["Leonid Nersisyan (Armenia) moved “Recommendations”."]);
});

test("a removal request counts only on the version it names, and an edit makes it lapse", () => {
  const asked = [event(11, { kind: "sectionRemovalRequested", section: "s3", version: 1, side: "am", by: "p2" })];
  assert.deepEqual(section(room(asked), "s3").removalRequestedBy, ["am"]);
  assert.deepEqual(removal(room(asked, azChair), section(room(asked), "s3"), azChair), { now: true, asked: false });
  const frames = [...asked, edit(12, "s3", 2, "p3")];
  const state = room(frames);
  assert.deepEqual(section(state, "s3").removalRequestedBy, [], "lapsed with the edit");
  assert.deepEqual(removal(state, section(state, "s3")), { now: false, asked: false }, "Armenia may ask again");
  assert.deepEqual(removal(room(frames, azChair), section(state, "s3"), azChair), { now: false, asked: false },
    "Azerbaijan's request would no longer remove it at once");
  assert.deepEqual(draftingAnnouncements(state, last(frames), t), [
    "Murad Muradov (Azerbaijan) edited “Recommendations” (version 2).",
    "Armenia's request to remove “Recommendations” lapsed with the edit.",
  ]);
  // A request that names an older version is no request for the current one.
  const stale = room([edit(11, "s3", 2), event(12, { kind: "sectionRemovalRequested", section: "s3", version: 1, side: "az", by: "p3" })]);
  assert.deepEqual(section(stale, "s3").removalRequestedBy, []);
  const { live, again } = reloaded(frames);
  assert.deepEqual(again.report, live.report);
});

test("after an edit the older suggestions are outdated: not waiting, still to be read", () => {
  const frames = [suggest(11, "s1", 1), suggest(12, "s1", 1, "p5"), suggest(13, "s2", 1), suggest(14, "s1", 1),
    event(15, { kind: "suggestionDismissed", suggestion: 14, section: "s1", by: "p2" }), edit(16, "s1", 2, "p2", { cleared: ["am"] })];
  const state = room(frames);
  assert.deepEqual(state.report.suggestions.map((s) => s.id), [13], "only the one on a current version waits");
  assert.deepEqual(outdatedSuggestions(state, section(state, "s1")).map((s) => [s.id, s.version, s.by, s.side, s.text]),
    [[11, 1, "p4", "am", "Suggestion 11."], [12, 1, "p5", "az", "Suggestion 12."]], "a dismissed one is not outdated: it was answered");
  assert.deepEqual(outdatedSuggestions(state, section(state, "s2")), []);
  assert.deepEqual(draftingAnnouncements(state, last(frames), t), [
    "Leonid Nersisyan (Armenia) edited “Introduction” (version 2).",
    "Armenia's signature on “Introduction” was cleared by an edit.",
    "2 waiting suggestions on “Introduction” are outdated by the edit.",
  ]);
  // A suggestion made on the new version waits again; applying one outdates the others.
  const more = [...frames, suggest(17, "s1", 2), suggest(18, "s1", 2, "p5"),
    event(19, { kind: "suggestionApplied", suggestion: 17, section: "s1", by: "p3" }), edit(20, "s1", 3, "p3", { suggestion: 17 })];
  const applied = room(more);
  assert.deepEqual(applied.report.suggestions.map((s) => s.id), [13]);
  assert.deepEqual(outdatedSuggestions(applied, section(applied, "s1")).map((s) => s.id), [11, 12, 18], "the applied one is not outdated");
  assert.deepEqual(draftingAnnouncements(applied, last(more), t), ["1 waiting suggestion on “Introduction” is outdated by the edit."]);
  // The Session lists only the waiting ones; a reload reads the outdated ones from the history alike.
  const { live, again } = reloaded(more);
  assert.deepEqual(again.report, live.report);
  assert.deepEqual(outdatedSuggestions(again, section(again, "s1")), outdatedSuggestions(live, section(live, "s1")));
});

test("a removed co-chair's signatures are withdrawn by whoever removed them, and said so", () => {
  const frames = [
    event(11, { kind: "signatureWithdrawn", section: "s2", version: 1, side: "am", by: "p1" }),
    event(12, { kind: "signatureWithdrawn", section: "s1", version: 1, side: "am", by: "p1" }),
    event(13, { kind: "participantRemoved", participant: "p2", by: "p1", reason: "left the group" }),
  ];
  const state = room(frames, azChair);
  assert.deepEqual(section(state, "s2").signedBy, ["az"]);
  assert.deepEqual(section(state, "s1").signedBy, []);
  assert.deepEqual(draftingAnnouncements(state, frames[0].event, t),
    ["Armenia's signature on “Obstacles” was withdrawn by Facilitator: the co-chair who gave it was removed from the session."]);
  const byOperator = { ...frames[1].event, by: "admin" };
  assert.deepEqual(draftingAnnouncements(state, byOperator, t),
    ["Armenia's signature on “Introduction” was withdrawn by the operator: the co-chair who gave it was removed from the session."]);
  const own = { kind: "signatureWithdrawn", section: "s2", version: 1, side: "az", by: "p3" };
  assert.deepEqual(draftingAnnouncements(state, own, t), ["Azerbaijan withdrew its signature on “Obstacles”."]);
  for (const code of ["hy", "az", "ru"]) {
    const line = draftingAnnouncements(state, byOperator, createI18n(null, [code]).t)[0];
    assert.ok(line.includes("Armenia") && line.includes("Introduction") && !line.includes("{"), `${code}: ${line}`);
  }
});

test("the final report names the co-chairs it was finalised with, whatever changes later", () => {
  const signs = ["s1", "s3"].flatMap((id) => ["am", "az"].map((side) => [id, side])).filter(([id, side]) => !(id === "s1" && side === "am"));
  const frames = [
    ...signs.map(([id, side], i) => event(11 + i, { kind: "sectionSigned", section: id, version: 1, side, by: side === "am" ? "p2" : "p3" })),
    event(14, { kind: "reportFinalized", by: "p1", date: "December 2026",
      sections: ["s1", "s2", "s3"].map((id, i) => ({ id, version: 1, sha256: String(i).repeat(64) })),
      cochairs: [{ participant: "p2", name: "Leonid Nersisyan", side: "am" }, { participant: "p3", name: "Murad Muradov", side: "az" }],
      authors: ["p2", "p3", "p4", "p5"] }),
    event(15, { kind: "participantRemoved", participant: "p2", by: "admin" }),
  ];
  const { live, again } = reloaded(frames, facilitator);
  for (const state of [live, again]) {
    assert.equal(state.report.state, "final");
    assert.deepEqual(finalCochairs(state).map((c) => [c.name, c.side]), [["Leonid Nersisyan", "am"], ["Murad Muradov", "az"]]);
    assert.deepEqual(state.report.sections.map((s) => s.sha256[0]), ["0", "1", "2"], "the hashes the Session carries");
  }
  assert.deepEqual(finalCochairs(room([])), [], "a draft names no one yet");
});
