import assert from "node:assert/strict";
import { test } from "node:test";
import { createI18n } from "../../Public/js/i18n.js";
import { initialState, reduce } from "../../Public/js/reducer.js";
import { bracketSeries, draftingAnnouncements, sectionTitle, sectionVersions } from "../../Public/js/reporthistory.js";
import { event, genesis, participants, welcome } from "./fixtures.mjs";

const [, amChair] = participants;
const t = createI18n(null, ["en"]).t;

function fold(frames, state = initialState()) {
  for (const frame of frames) reduce(state, frame);
  return state;
}

const SEED = [
  { id: "s1", title: "Introduction", owner: "joint", text: "Experts of both sides met." },
  { id: "s2", title: "Obstacles", owner: "joint", text: "From Armenia's perspective, the treaty [[must // should]] be signed." },
  { id: "s3", title: "Recommendations", owner: "joint", text: "## 1. Trust\n\n- a) open the border" },
];

/** A drafting session from the seed to the final report, as the server sends it. */
const DRAFTING = [
  event(7, { kind: "reportSeeded", sections: SEED, by: "p2" }),
  event(8, { kind: "sectionAdded", section: { id: "s4", title: "Armenia's view", owner: "am", text: "" }, after: "s1", by: "p1" }),
  event(9, { kind: "sectionSigned", section: "s1", version: 1, side: "am", by: "p2" }),
  event(10, { kind: "sectionSigned", section: "s1", version: 1, side: "az", by: "p3" }),
  event(11, { kind: "sectionEdited", section: "s1", version: 2, replaced: 1, title: "Introduction", text: "Experts of both sides met twice.", by: "p2", cleared: ["am", "az"] }),
  event(12, { kind: "suggested", suggestion: 12, section: "s1", version: 2, text: "Experts of both sides met three times.", note: "we met thrice", by: "p4", side: "am" }),
  event(13, { kind: "suggested", suggestion: 13, section: "s2", version: 1, text: "Something else.", by: "p5", side: "az" }),
  event(14, { kind: "suggestionApplied", suggestion: 12, section: "s1", by: "p3" }),
  event(15, { kind: "sectionEdited", section: "s1", version: 3, replaced: 2, title: "Introduction", text: "Experts of both sides met three times.", by: "p3", cleared: [], suggestion: 12 }),
  event(16, { kind: "suggestionDismissed", suggestion: 13, section: "s2", by: "p2", reason: "not now" }),
  event(17, { kind: "sectionSigned", section: "s1", version: 3, side: "am", by: "p2" }),
  event(18, { kind: "signatureWithdrawn", section: "s1", version: 3, side: "am", by: "p2" }),
  event(19, { kind: "sectionMoved", section: "s3", after: null, by: "p1", cleared: [] }),
  event(20, { kind: "sectionRemovalRequested", section: "s4", version: 1, side: "am", by: "p2" }),
  event(21, { kind: "sectionRemovalRequested", section: "s4", version: 1, side: "az", by: "p3" }),
  event(22, { kind: "sectionRemoved", section: "s4", by: "p3" }),
  event(23, { kind: "sectionEdited", section: "s2", version: 2, replaced: 1, title: "Obstacles to the treaty", text: "From Armenia's perspective, the treaty must be signed.", by: "p3", cleared: [] }),
  event(24, { kind: "sectionSigned", section: "s3", version: 1, side: "am", by: "p2" }),
  event(25, { kind: "sectionSigned", section: "s3", version: 1, side: "az", by: "p3" }),
  event(26, { kind: "sectionSigned", section: "s1", version: 3, side: "am", by: "p2" }),
  event(27, { kind: "sectionSigned", section: "s1", version: 3, side: "az", by: "p3" }),
  event(28, { kind: "sectionSigned", section: "s2", version: 2, side: "az", by: "p3" }),
  event(29, { kind: "sectionSigned", section: "s2", version: 2, side: "am", by: "p2" }),
  event(30, { kind: "reportFinalized", by: "p2", date: "December 2026", sections: [
    { id: "s3", version: 1, sha256: "a".repeat(64) }, { id: "s1", version: 3, sha256: "b".repeat(64) }, { id: "s2", version: 2, sha256: "c".repeat(64) }],
    cochairs: [{ participant: "p2", name: "Leonid Nersisyan", side: "am" }, { participant: "p3", name: "Murad Muradov", side: "az" }],
    authors: ["p2", "p3", "p4", "p5"] }),
];

const upTo = (seq) => fold([welcome({ you: amChair }), ...genesis(), ...DRAFTING.filter((f) => f.seq <= seq)]);
const ids = (state) => state.report.sections.map((s) => s.id);
const section = (state, id) => state.report.sections.find((s) => s.id === id);

test("without a draft the report is empty and drafting", () => {
  const state = upTo(6);
  assert.deepEqual(state.report, { state: "drafting", sections: [], suggestions: [], brackets: 0, finalizedAt: null, date: null });
});

test("the seed creates version 1 of each section, with its brackets counted", () => {
  const state = upTo(7);
  assert.deepEqual(ids(state), ["s1", "s2", "s3"]);
  assert.deepEqual(section(state, "s2"), {
    id: "s2", title: "Obstacles", owner: "joint", version: 1, text: SEED[1].text, brackets: 1, signedBy: [], removalRequestedBy: [], sha256: null,
  });
  assert.equal(state.report.brackets, 1);
});

test("an added section goes after the one named", () => {
  const state = upTo(8);
  assert.deepEqual(ids(state), ["s1", "s4", "s2", "s3"]);
  assert.equal(section(state, "s4").owner, "am");
  assert.equal(section(state, "s4").text, "");
});

test("signatures are per side and version; an edit clears them and raises the version", () => {
  assert.deepEqual(section(upTo(10), "s1").signedBy, ["am", "az"]);
  const edited = section(upTo(11), "s1");
  assert.equal(edited.version, 2);
  assert.equal(edited.text, "Experts of both sides met twice.");
  assert.deepEqual(edited.signedBy, []);
});

test("suggestions are pending until applied (an edit follows) or dismissed", () => {
  const suggested = upTo(13);
  assert.deepEqual(suggested.report.suggestions.map((s) => [s.id, s.section, s.version, s.by, s.side, s.note]),
    [[12, "s1", 2, "p4", "am", "we met thrice"], [13, "s2", 1, "p5", "az", null]]);
  assert.equal(suggested.report.suggestions[0].at, DRAFTING[5].at);
  const applied = upTo(15);
  assert.deepEqual(applied.report.suggestions.map((s) => s.id), [13]);
  assert.equal(section(applied, "s1").version, 3);
  assert.equal(section(applied, "s1").text, "Experts of both sides met three times.");
  assert.deepEqual(upTo(16).report.suggestions, []);
});

test("a signature can be withdrawn", () => {
  assert.deepEqual(section(upTo(17), "s1").signedBy, ["am"]);
  assert.deepEqual(section(upTo(18), "s1").signedBy, []);
});

test("moving to the top, and removal once both sides asked", () => {
  assert.deepEqual(ids(upTo(19)), ["s3", "s1", "s4", "s2"]);
  assert.deepEqual(section(upTo(21), "s4").removalRequestedBy, ["am", "az"]);
  assert.deepEqual(ids(upTo(22)), ["s3", "s1", "s2"]);
});

test("cleaning the last bracket, and a title change, is an edit like any other", () => {
  const state = upTo(23);
  assert.equal(section(state, "s2").brackets, 0);
  assert.equal(section(state, "s2").title, "Obstacles to the treaty");
  assert.equal(state.report.brackets, 0);
});

test("finalising freezes the draft with its date and each section's hash", () => {
  const state = upTo(30);
  assert.equal(state.report.state, "final");
  assert.equal(state.report.date, "December 2026");
  assert.equal(state.report.finalizedAt, DRAFTING.at(-1).at);
  // Signatures are listed in the session's side order, whichever side signed first (s2: Azerbaijan).
  assert.deepEqual(state.report.sections.map((s) => [s.id, s.version, s.signedBy, s.sha256[0]]),
    [["s3", 1, ["am", "az"], "a"], ["s1", 3, ["am", "az"], "b"], ["s2", 2, ["am", "az"], "c"]]);
});

test("the welcome snapshot is not folded twice: a reload ends exactly where live folding did", () => {
  const live = upTo(30);
  // The Session's report as the server sends it, the final sections with their hashes.
  const snapshot = JSON.parse(JSON.stringify(live.report));
  const reloaded = fold([welcome({ you: amChair, head: 30, extra: { report: snapshot } }), ...genesis(), ...DRAFTING]);
  assert.deepEqual(reloaded.report, live.report);
  assert.deepEqual(reloaded.reportHistory, live.reportHistory);
  // A reconnect's welcome replaces the draft with its snapshot; a resume repeats nothing.
  fold([welcome({ you: amChair, head: 30, extra: { report: snapshot } }), ...DRAFTING], reloaded);
  assert.deepEqual(reloaded.reportHistory, live.reportHistory);
  assert.deepEqual(reloaded.report, live.report, "the hashes outlive a reconnect");
});

test("history: every version of a section with who, when and from which suggestion", () => {
  const state = upTo(30);
  const versions = sectionVersions(state, "s1");
  assert.deepEqual(versions.map((v) => [v.version, v.by, v.seq, v.suggestion]),
    [[1, "p2", 7, null], [2, "p2", 11, null], [3, "p3", 15, { id: 12, by: "p4" }]]);
  assert.equal(versions[0].text, "Experts of both sides met.");
  assert.deepEqual(sectionVersions(state, "s4").map((v) => v.version), [1]);
  assert.equal(sectionTitle(state, "s4"), "Armenia's view", "a removed section keeps its title");
});

test("the draft's bracket count over time", () => {
  assert.deepEqual(bracketSeries(upTo(30)).map((p) => [p.seq, p.brackets]), [[7, 1], [8, 1], [11, 1], [15, 1], [22, 1], [23, 0]]);
});

test("drafting events in words, for the announcer", () => {
  const state = upTo(11);
  assert.deepEqual(draftingAnnouncements(state, DRAFTING[4].event, t), [
    "Leonid Nersisyan (Armenia) edited “Introduction” (version 2).",
    "Armenia's signature on “Introduction” was cleared by an edit.",
    "Azerbaijan's signature on “Introduction” was cleared by an edit.",
  ]);
  assert.deepEqual(draftingAnnouncements(upTo(7), DRAFTING[0].event, t), ["Leonid Nersisyan (Armenia) seeded the report draft. Sections: 3."]);
  assert.deepEqual(draftingAnnouncements(upTo(15), DRAFTING[8].event, t), [], "an applied suggestion was announced as such");
  assert.deepEqual(draftingAnnouncements(upTo(22), DRAFTING[15].event, t), ["Murad Muradov (Azerbaijan) removed “Armenia's view”."]);
  for (const frame of DRAFTING) {
    const lines = draftingAnnouncements(upTo(frame.seq), frame.event, t);
    assert.ok(lines.every((line) => !line.includes("{")), `${frame.event.kind}: every placeholder filled`);
  }
});
