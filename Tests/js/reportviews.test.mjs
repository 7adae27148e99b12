import assert from "node:assert/strict";
import { test } from "node:test";
import { initialState, reduce } from "../../Public/js/reducer.js";
import {
  addableOwners, atSuggestionLimit, canEdit, canMove, canSeed, canSuggest, finalizing, mayWriteText, moveTarget, removal, signing,
} from "../../Public/js/reportviews.js";
import { outdatedSuggestions } from "../../Public/js/reporthistory.js";
import {
  editorCommand, editorLanded, editorUnchanged, loadEditors, openEditor, saveEditors,
} from "../../Public/js/sectiondrafts.js";
import { event, genesis, participants, welcome } from "./fixtures.mjs";

const [facilitator, amChair, azChair, amMember, azMember] = participants;
const observer = { id: "p9", name: "Observer", role: "observer", side: null };

const seeded = [
  event(7, { kind: "reportSeeded", by: "p2", sections: [
    { id: "s1", title: "Introduction", owner: "joint", text: "Clean." },
    { id: "s2", title: "Obstacles", owner: "joint", text: "We [[shall // should]]." }] }),
  event(8, { kind: "sectionAdded", section: { id: "s3", title: "Armenia", owner: "am", text: "" }, after: "s2", by: "p1" }),
];

function room(you, frames = seeded) {
  const state = initialState();
  for (const f of [welcome({ you }), ...genesis(), ...frames]) reduce(state, f);
  return state;
}
const section = (state, id) => state.report.sections.find((s) => s.id === id);

test("seeding: the facilitator and co-chairs, only while the draft is empty", () => {
  assert.equal(canSeed(room(amChair, [])), true);
  assert.equal(canSeed(room(facilitator, [])), true);
  assert.equal(canSeed(room(amMember, [])), false);
  assert.equal(canSeed(room(amChair)), false);
});

test("adding: joint sections, a co-chair's own side, the facilitator any side but without its text", () => {
  assert.deepEqual(addableOwners(room(facilitator)), ["joint", "am", "az"]);
  assert.deepEqual(addableOwners(room(azChair)), ["joint", "az"]);
  assert.deepEqual(addableOwners(room(amMember)), []);
  assert.equal(mayWriteText(facilitator, "am"), false);
  assert.equal(mayWriteText(facilitator, "joint"), true);
  assert.equal(mayWriteText(amChair, "am"), true);
});

test("editing: joint sections by moderators, a side's section by that side's speakers", () => {
  const cases = [[facilitator, [true, false]], [amChair, [true, true]], [azChair, [true, false]], [amMember, [false, true]], [azMember, [false, false]], [observer, [false, false]]];
  for (const [you, [joint, armenian]] of cases) {
    const state = room(you);
    assert.equal(canEdit(state, section(state, "s1"), you), joint, `${you.id} joint`);
    assert.equal(canEdit(state, section(state, "s3"), you), armenian, `${you.id} Armenia's`);
  }
  assert.equal(canSuggest(room(azMember)), true);
  assert.equal(canSuggest(room(facilitator)), false);
  assert.equal(canSuggest(room(observer)), false);
  const muted = room(amMember, [...seeded, event(9, { kind: "muted", participant: "p4", by: "p2", seconds: 600, until: "2999-01-01T00:00:00.000Z" })]);
  assert.equal(canEdit(muted, section(muted, "s3")), false, "a muted participant writes nothing");
  assert.equal(canSuggest(muted), false);
});

test("signing: co-chairs for their side; not with brackets; not twice", () => {
  const state = room(amChair, [...seeded, event(9, { kind: "sectionSigned", section: "s1", version: 1, side: "am", by: "p2" })]);
  assert.deepEqual(signing(state, section(state, "s1")), { signed: true, blocked: "signed" });
  assert.deepEqual(signing(state, section(state, "s2")), { signed: false, blocked: "brackets" });
  assert.deepEqual(signing(state, section(state, "s3")), { signed: false, blocked: null });
  assert.equal(signing(room(facilitator), section(state, "s1")), null);
  assert.equal(signing(room(amMember), section(state, "s1")), null);
});

test("a suggestion waits on the version it was made on; an edit outdates it, and no one applies it then", () => {
  const frames = [...seeded, event(9, { kind: "suggested", suggestion: 9, section: "s1", version: 1, text: "Cleaner.", by: "p5", side: "az" })];
  const chair = room(amChair, frames);
  assert.deepEqual(chair.report.suggestions.map((s) => s.id), [9], "waiting");
  assert.equal(canEdit(chair, section(chair, "s1")), true, "an editor of the section applies or dismisses it");
  assert.deepEqual(outdatedSuggestions(chair, section(chair, "s1")), []);
  reduce(chair, event(10, { kind: "sectionEdited", section: "s1", version: 2, replaced: 1, title: "Introduction", text: "Other.", by: "p3", cleared: [] }));
  assert.deepEqual(chair.report.suggestions, [], "no longer waiting: nothing to apply or dismiss");
  assert.deepEqual(outdatedSuggestions(chair, section(chair, "s1")).map((s) => [s.id, s.version, s.by, s.text]), [[9, 1, "p5", "Cleaner."]]);
});

test("a participant has at most 20 suggestions waiting; outdated ones do not count", () => {
  const suggest = (seq, id) => event(seq, { kind: "suggested", suggestion: seq, section: id, version: 1, text: `Text ${seq}.`, by: "p4", side: "am" });
  const nineteen = [...seeded, ...Array.from({ length: 19 }, (_, i) => suggest(9 + i, i % 2 ? "s1" : "s2"))];
  assert.equal(atSuggestionLimit(room(amMember, nineteen)), false);
  const twenty = [...nineteen, suggest(28, "s3")];
  assert.equal(atSuggestionLimit(room(amMember, twenty)), true);
  assert.equal(atSuggestionLimit(room(azMember, twenty)), false, "the limit is each participant's own");
  const edited = room(amMember, [...twenty,
    event(29, { kind: "sectionEdited", section: "s1", version: 2, replaced: 1, title: "Introduction", text: "Other.", by: "p2", cleared: [] })]);
  assert.equal(edited.report.suggestions.length, 11, "the nine on s1 are outdated");
  assert.equal(atSuggestionLimit(edited), false);
  assert.equal(atSuggestionLimit(room(observer, twenty)), false);
});

test("moving, removing and finalising", () => {
  const state = room(amChair);
  assert.equal(canMove(state), true);
  assert.equal(canMove(room(amMember)), false);
  assert.equal(moveTarget(state, section(state, "s1"), "up"), undefined, "the first cannot go up");
  assert.equal(moveTarget(state, section(state, "s2"), "up"), null, "the second goes to the top");
  assert.equal(moveTarget(state, section(state, "s3"), "up"), "s1");
  assert.equal(moveTarget(state, section(state, "s1"), "down"), "s2");
  assert.equal(moveTarget(state, section(state, "s3"), "down"), undefined);
  assert.deepEqual(removal(state, section(state, "s3")), { now: false, asked: false });
  assert.deepEqual(removal(room(facilitator), section(state, "s3")), { now: true, asked: false });
  const askedFrames = [...seeded, event(9, { kind: "sectionRemovalRequested", section: "s3", version: 1, side: "am", by: "p2" })];
  const asked = room(azChair, askedFrames);
  assert.deepEqual(removal(asked, section(asked, "s3")), { now: true, asked: false }, "the second co-chair's request removes it");
  assert.deepEqual(removal(room(amChair, askedFrames), section(asked, "s3")), { now: false, asked: true });
  // An edit makes the request lapse: "Ask to remove" again for both, and no longer "Remove" at once.
  const edit = event(10, { kind: "sectionEdited", section: "s3", version: 2, replaced: 1, title: "Armenia", text: "Our view.", by: "p4", cleared: [] });
  const lapsed = room(azChair, [...askedFrames, edit]);
  assert.deepEqual(removal(lapsed, section(lapsed, "s3")), { now: false, asked: false });
  const mine = room(amChair, [...askedFrames, edit]);
  assert.deepEqual(removal(mine, section(mine, "s3")), { now: false, asked: false });
  assert.deepEqual(finalizing(state), { ready: false, signed: 0, total: 3 });
  assert.equal(finalizing(room(amMember)), null);
  const signs = ["s1", "s3"].flatMap((id, i) => ["am", "az"].map((side, j) => event(9 + i * 2 + j, { kind: "sectionSigned", section: id, version: 1, side, by: side === "am" ? "p2" : "p3" })));
  const ready = room(facilitator, [...seeded.filter((f) => f.seq !== 8), ...signs.slice(0, 2),
    event(13, { kind: "sectionEdited", section: "s2", version: 2, replaced: 1, title: "Obstacles", text: "We shall.", by: "p2", cleared: [] }),
    event(14, { kind: "sectionSigned", section: "s2", version: 2, side: "am", by: "p2" }),
    event(15, { kind: "sectionSigned", section: "s2", version: 2, side: "az", by: "p3" })]);
  assert.deepEqual(finalizing(ready), { ready: true, signed: 2, total: 2 });
  reduce(ready, event(16, { kind: "reportFinalized", by: "p1", date: "2026", sections: [] }));
  assert.equal(finalizing(ready), null, "nothing more to do once final");
  assert.equal(canEdit(ready, section(ready, "s1")), false);
  const closed = room(amChair, [...seeded, event(9, { kind: "sessionClosed", by: "p1" })]);
  assert.equal(canEdit(closed, section(closed, "s1")), false, "a closed session takes no drafting");
});

class MemoryStorage {
  constructor() { this.map = new Map(); }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { this.map.set(k, String(v)); }
  removeItem(k) { this.map.delete(k); }
}

test("an editor survives a reload, and sends the version it was begun on", () => {
  const state = room(amChair);
  const storage = new MemoryStorage();
  const editor = { ...openEditor(section(state, "s1"), "edit"), text: "Cleaner, in Հայերեն.", title: "Intro " };
  saveEditors(storage, "k", { "s1:edit": editor });
  assert.deepEqual(loadEditors(storage, "k")["s1:edit"], editor);
  saveEditors(storage, "k", {});
  assert.deepEqual(loadEditors(storage, "k"), {});
  storage.setItem("k", "[broken");
  assert.deepEqual(loadEditors(storage, "k"), {});
  assert.deepEqual(editorCommand(editor, section(state, "s1")),
    { type: "editSection", section: "s1", version: 1, text: "Cleaner, in Հայերեն.", title: "Intro" });
  assert.deepEqual(editorCommand({ ...editor, title: "Introduction" }, section(state, "s1")),
    { type: "editSection", section: "s1", version: 1, text: "Cleaner, in Հայերեն." }, "an unchanged title is not sent");
  const suggestion = { ...openEditor(section(state, "s2"), "suggest"), text: "We shall.", note: " shorter " };
  assert.deepEqual(editorCommand(suggestion, section(state, "s2")), { type: "suggest", section: "s2", version: 1, text: "We shall.", note: "shorter" });
  assert.equal(editorUnchanged(openEditor(section(state, "s1"), "edit"), section(state, "s1")), true);
  assert.equal(editorUnchanged(editor, section(state, "s1")), false);
  // Someone else retitles the section meanwhile: a title left as begun is not sent back.
  const retitled = { ...section(state, "s1"), version: 2, title: "Preamble" };
  assert.deepEqual(editorCommand({ ...editor, title: "Introduction", version: 2 }, retitled),
    { type: "editSection", section: "s1", version: 2, text: "Cleaner, in Հայերեն." });
  assert.equal(editorCommand({ ...editor, version: 2 }, retitled).title, "Intro", "a title the user changed is sent");
});

test("after a reconnect, an editor whose ack was lost is recognised in the history", () => {
  const state = room(amChair);
  const editor = { ...openEditor(section(state, "s1"), "edit"), text: "New words.", pending: { ref: "r1", afterSeq: 8 } };
  assert.equal(editorLanded(state, editor, "p2"), false);
  reduce(state, event(9, { kind: "sectionEdited", section: "s1", version: 2, replaced: 1, title: "Introduction", text: "New words.", by: "p2", cleared: [] }));
  assert.equal(editorLanded(state, editor, "p2"), true);
  assert.equal(editorLanded(state, editor, "p3"), false, "someone else's edit does not count");
  assert.equal(editorLanded(state, { ...editor, pending: { ref: "r1", afterSeq: 9 } }, "p2"), false);
  assert.equal(editorLanded(state, { ...editor, mode: "suggest" }, "p2"), false);
});
