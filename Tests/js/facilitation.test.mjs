// Facilitation (contract §6; docs/protocol.md, "Facilitation"): channels, ground rules,
// phases and timeboxes, translations, as the room folds and offers them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { draftLanded } from "../../Public/js/drafts.js";
import { agendaEntries, channelEntries, markChannelsSeen } from "../../Public/js/navigation.js";
import { initialState, reduce } from "../../Public/js/reducer.js";
import { tabKeyTarget } from "../../Public/js/tabs.js";
import {
  advanceCommand, canAdvancePhase, canAmend, canApprove, canEndorse, canMute, canRedact, canReject, canReply, canTranslate,
  canVerifyTranslation, canWithdrawEndorsement, channelLines, hears, itemKinds, itemView, kindsFor, languageTag, mayAct,
  mustAcceptRules, nextPhase, postableChannels, readableChannels, timebox, translationStatus, verifyCommand,
} from "../../Public/js/views.js";
import { event, genesis, participants, post, welcome } from "./fixtures.mjs";

const [facilitator, amChair, azChair, amMember, azMember] = participants;
const observer = { id: "p6", name: "Press", role: "observer" };

function room(you, frames = [], options = {}) {
  const state = initialState();
  for (const f of [welcome({ you, ...options }), ...genesis(), ...frames]) reduce(state, f);
  return state;
}

const phased = (phase, more = {}) => [
  { id: "perspectives", title: "Perspectives", state: "open", phase, phaseRequestedBy: [], minutes: 30, ...more },
  { id: "regional", title: "Regional", state: "open" },
];

const chat = (seq, author, side, text, channel) =>
  post(seq, author, side, "chat", text, channel ? { channel } : {});

// MARK: Channels

test("a contribution is said in main unless its event names a private channel", () => {
  const state = room(amMember, [post(7, "p4", "am", "position", "P"), chat(8, "p2", "am", "among us", "caucus"), chat(9, "p1", null, "chairs only", "chairs")]);
  assert.deepEqual([7, 8, 9].map((id) => state.contributions[id].channel), ["main", "caucus", "chairs"]);
});

test("a private line is never in an item's public chat, nor counted in the agenda", () => {
  const state = room(amChair, [chat(7, "p4", "am", "hello all"), chat(8, "p4", "am", "between us", "caucus"), chat(9, "p3", "az", "chairs", "chairs")]);
  assert.deepEqual(itemView(state, "perspectives").chat.map((c) => c.id), [7]);
  assert.deepEqual(channelLines(state, "main").map((c) => c.id), [7]);
  assert.deepEqual(channelLines(state, "caucus").map((c) => c.id), [8]);
  assert.deepEqual(channelLines(state, "chairs").map((c) => c.id), [9]);
  assert.equal(agendaEntries(state)[0].count, 1, "only the public line counts under the item");
});

test("who hears a channel: the client shows no private line to the wrong person, whatever arrives", () => {
  const caucusAm = { channel: "caucus", side: "am" };
  const chairs = { channel: "chairs", side: "az" };
  assert.equal(hears(caucusAm, amMember), true);
  assert.equal(hears(caucusAm, amChair), true);
  assert.equal(hears(caucusAm, azChair), false, "never the other side");
  assert.equal(hears(caucusAm, facilitator), false, "nor the facilitator");
  assert.equal(hears(caucusAm, { ...observer, side: "am" }), false, "nor an observer of the side");
  assert.equal(hears(caucusAm, null), false, "nor the operator");
  assert.equal(hears(chairs, amChair), true);
  assert.equal(hears(chairs, facilitator), true);
  assert.equal(hears(chairs, amMember), false);
  assert.equal(hears({ channel: "main" }, null), true);
  // A caucus line of the other side that reached this client by mistake is still not drawn.
  const state = room(amMember, [chat(7, "p5", "az", "theirs", "caucus")]);
  assert.deepEqual(channelLines(state, "caucus"), []);
});

test("who may post in which channel, and which channels a reader has tabs for", () => {
  assert.deepEqual(postableChannels(amChair), ["main", "caucus", "chairs"]);
  assert.deepEqual(postableChannels(amMember), ["main", "caucus"]);
  assert.deepEqual(postableChannels(facilitator), ["main", "chairs"]);
  assert.deepEqual(postableChannels(observer), []);
  assert.deepEqual(postableChannels(null), []);
  assert.deepEqual(readableChannels(observer), ["main"]);
  assert.deepEqual(readableChannels(null), ["main"]);
  assert.deepEqual(readableChannels(facilitator), ["main", "chairs"]);
});

test("each channel counts what is new in it, the reader's own lines left out", () => {
  const state = room(amMember, [chat(7, "p2", "am", "one", "caucus"), chat(8, "p4", "am", "mine", "caucus"), chat(9, "p3", "az", "hi")]);
  const channels = readableChannels(amMember);
  assert.deepEqual(channelEntries(state, channels), [
    { channel: "main", count: 1, unread: 1 },
    { channel: "caucus", count: 2, unread: 1 },
  ]);
  const seen = markChannelsSeen({}, state, ["caucus"]);
  assert.deepEqual(seen, { caucus: 8 });
  assert.equal(markChannelsSeen(seen, state, ["caucus"]), seen, "nothing new: the same object");
  reduce(state, chat(10, "p2", "am", "two", "caucus"));
  assert.deepEqual(channelEntries(state, channels, seen).map((e) => e.unread), [1, 1]);
});

test("a caucus line with the composer's words is not the composer's post landing", () => {
  const state = room(amMember, [chat(9, "p4", "am", "Same words", "caucus")]);
  const draft = { item: "perspectives", kind: "chat", text: "Same words", options: [], amend: null, pending: { ref: "d1", afterSeq: 8 } };
  assert.equal(draftLanded(state, draft, "p4"), false);
  reduce(state, chat(10, "p4", "am", "Same words"));
  assert.equal(draftLanded(state, draft, "p4"), true);
});

// MARK: Ground rules

const RULES = { version: 2, text: "Respect.\n\nOne speaker at a time." };
const accepted = (version) => participants.map((p) => ({ ...p, acceptedRules: version }));

test("the welcome carries the ground rules and who accepted which version; a live acceptance is folded", () => {
  const state = room(amMember, [], { extra: { groundRules: RULES, participants: participants.map((p) => (p.id === "p2" ? { ...p, acceptedRules: 2 } : p)) } });
  assert.deepEqual(state.session.groundRules, RULES);
  assert.equal(state.participants.p2.acceptedRules, 2);
  assert.equal(state.participants.p4.acceptedRules, null);
  assert.equal(mustAcceptRules(state), true);
  reduce(state, event(7, { kind: "rulesAccepted", participant: "p4", version: 2 }));
  assert.equal(mustAcceptRules(state), false);
  assert.deepEqual(state.log.at(-1), { seq: 7, at: state.log.at(-1).at, kind: "rulesAccepted", participant: "p4", version: 2 });
});

test("an acceptance below the snapshot's head is logged, not applied twice; an older version is asked again", () => {
  const state = room(amMember, [event(7, { kind: "rulesAccepted", participant: "p4", version: 1 })],
    { head: 7, extra: { groundRules: RULES, participants: accepted(1) } });
  assert.equal(state.participants.p4.acceptedRules, 1, "the snapshot's, not the replayed event's");
  assert.equal(state.log.at(-1).kind, "rulesAccepted");
  assert.equal(mustAcceptRules(state), true, "version 1 accepted, version 2 current");
  assert.equal(mustAcceptRules(room(amMember, [], { extra: { participants: accepted(null) } })), false, "no ground rules: nothing to accept");
  assert.equal(mustAcceptRules(room(null, [], { extra: { groundRules: RULES } })), false, "the operator is never asked");
});

test("until the ground rules are accepted, no control at all is offered: the room is read-only", () => {
  const frames = [
    post(7, "p5", "az", "proposal", "P"),
    post(8, "p5", "az", "comment", "held", { held: true }),
    post(9, "p4", "am", "position", "Mine"),
  ];
  const agenda = phased("comments");
  const offered = (state, you) => {
    const [proposal, held, mine] = [7, 8, 9].map((id) => state.contributions[id]);
    return Object.entries({
      kinds: kindsFor(state, "perspectives", you).length > 0,
      reply: canReply(state, proposal, you), amend: canAmend(state, mine, you, Date.parse(mine.postedAt)),
      endorse: canEndorse(state, proposal, you), withdraw: canWithdrawEndorsement(state, proposal, you),
      redact: canRedact(state, proposal, you), approve: canApprove(state, held, you), reject: canReject(state, held, you),
      mute: participants.some((p) => canMute(state, p, you)), advance: canAdvancePhase(state, "perspectives", you),
      translate: canTranslate(state, proposal, you, 0),
    }).filter(([, yes]) => yes).map(([what]) => what);
  };
  for (const you of [amChair, amMember, facilitator]) {
    const accepting = room(you, frames, { agenda, extra: { groundRules: RULES, participants: accepted(2) } });
    assert.ok(offered(accepting, you).length > 0, `${you.name}: something is offered once accepted (the test can fail)`);
    const waiting = room(you, frames, { agenda, extra: { groundRules: RULES, participants: accepted(1) } });
    assert.equal(mayAct(waiting, you), false);
    assert.deepEqual(offered(waiting, you), [], you.name);
  }
});

// MARK: Phases and timeboxes

test("the snapshot's phases and times; a co-chair's request, then the phase moves and the requests clear", () => {
  const state = room(azChair, [], { agenda: phased("positions", { startedAt: null }) });
  const item = state.agenda[0];
  assert.deepEqual([item.phase, item.minutes, item.phaseRequestedBy, item.startedAt], ["positions", 30, [], null]);
  assert.deepEqual([state.agenda[1].phase, state.agenda[1].minutes], [null, null], "an item without phases");
  reduce(state, event(7, { kind: "phaseAdvanceRequested", item: "perspectives", side: "am", phase: "positions", by: "p2" }));
  assert.deepEqual(item.phaseRequestedBy, ["am"]);
  assert.equal(canAdvancePhase(state, "perspectives"), true, "the other co-chair may agree");
  reduce(state, event(8, { kind: "phaseAdvanceRequested", item: "perspectives", side: "az", phase: "positions", by: "p3" }));
  reduce(state, event(9, { kind: "phaseAdvanced", item: "perspectives", from: "positions", to: "comments", by: "p3" }));
  assert.equal(item.phase, "comments");
  assert.deepEqual(item.phaseRequestedBy, []);
  assert.equal(item.startedAt, state.log.at(-1).at, "the first phase change starts the time");
  assert.deepEqual(state.log.slice(-3).map((e) => e.kind), ["phaseAdvanceRequested", "phaseAdvanceRequested", "phaseAdvanced"]);
});

test("the time starts with the item's first main-channel contribution, not a caucus line", () => {
  const state = room(amMember, [chat(7, "p4", "am", "between us", "caucus")], { agenda: phased("positions") });
  assert.equal(state.agenda[0].startedAt, null);
  reduce(state, post(8, "p4", "am", "position", "held words", { held: true }));
  assert.equal(state.agenda[0].startedAt, null, "a held post starts no clock");
  reduce(state, post(9, "p4", "am", "position", "Ours"));
  const started = state.agenda[0].startedAt;
  assert.ok(started);
  reduce(state, post(10, "p5", "az", "position", "Theirs"));
  assert.equal(state.agenda[0].startedAt, started, "only the first");
});

test("a phase change below the snapshot's head is logged only; into closed the item closes, and reopening drafts again", () => {
  const below = room(amMember, [event(7, { kind: "phaseAdvanced", item: "perspectives", from: "positions", to: "comments", by: "p1" })],
    { head: 7, agenda: phased("comments", { startedAt: "2026-11-29T10:00:00.000Z" }) });
  assert.equal(below.agenda[0].phase, "comments");
  assert.equal(below.agenda[0].startedAt, "2026-11-29T10:00:00.000Z");
  assert.equal(below.log.at(-1).kind, "phaseAdvanced");

  const state = room(facilitator, [], { agenda: phased("drafting") });
  reduce(state, event(7, { kind: "phaseAdvanced", item: "perspectives", from: "drafting", to: "closed", by: "p1" }));
  reduce(state, event(8, { kind: "itemClosed", item: "perspectives", by: "p1" }));
  assert.deepEqual([state.agenda[0].phase, state.agenda[0].state], ["closed", "closed"]);
  assert.equal(canAdvancePhase(state, "perspectives"), false, "closed is the last phase");
  reduce(state, event(9, { kind: "itemOpened", item: "perspectives", by: "p1" }));
  assert.deepEqual([state.agenda[0].phase, state.agenda[0].state], ["drafting", "open"]);
});

test("what each phase takes: chat always in an open item, nothing once closed, everything without phases", () => {
  const kinds = (phase) => itemKinds(room(amMember, [], { agenda: phased(phase) }), "perspectives");
  assert.deepEqual(kinds("positions"), ["position", "chat"]);
  assert.deepEqual(kinds("comments"), ["position", "comment", "chat"]);
  assert.deepEqual(kinds("drafting"), ["comment", "proposal", "recommendation", "chat"]);
  assert.deepEqual(itemKinds(room(amMember, [], { agenda: phased("closed", { state: "closed" }) }), "perspectives"), []);
  assert.deepEqual(itemKinds(room(amMember), "perspectives"), ["position", "comment", "proposal", "recommendation", "chat"]);
  assert.deepEqual(kindsFor(room(facilitator, [], { agenda: phased("positions") }), "perspectives"), ["chat"]);
  assert.deepEqual([nextPhase("positions"), nextPhase("drafting"), nextPhase("closed"), nextPhase(null)], ["comments", "closed", null, null]);
  // A reply is a comment: not offered while the item takes positions only.
  const positions = room(amMember, [post(7, "p5", "az", "position", "P")], { agenda: phased("positions") });
  assert.equal(canReply(positions, positions.contributions[7]), false);
  const comments = room(amMember, [post(7, "p5", "az", "position", "P")], { agenda: phased("comments") });
  assert.equal(canReply(comments, comments.contributions[7]), true);
});

test("who may press next phase: each co-chair once, the facilitator at once; never members, observers, or without phases", () => {
  const frames = [event(7, { kind: "phaseAdvanceRequested", item: "perspectives", side: "am", phase: "positions", by: "p2" })];
  const agenda = phased("positions");
  assert.equal(canAdvancePhase(room(amChair, frames, { agenda }), "perspectives"), false, "Armenia already asked");
  assert.equal(canAdvancePhase(room(azChair, frames, { agenda }), "perspectives"), true);
  assert.equal(canAdvancePhase(room(facilitator, frames, { agenda }), "perspectives"), true);
  assert.equal(canAdvancePhase(room(amMember, [], { agenda }), "perspectives"), false);
  assert.equal(canAdvancePhase(room(observer, [], { agenda }), "perspectives"), false);
  assert.equal(canAdvancePhase(room(facilitator, [], { agenda }), "regional"), false, "no phases");
  const closedItem = room(facilitator, [event(7, { kind: "itemClosed", item: "perspectives", by: "p1" })], { agenda });
  assert.equal(canAdvancePhase(closedItem, "perspectives"), false, "a closed item does not advance");
  const closed = room(facilitator, [event(7, { kind: "sessionClosed", by: "p1" })], { agenda });
  assert.equal(canAdvancePhase(closed, "perspectives"), false);
  assert.deepEqual(advanceCommand(room(azChair, [], { agenda }).agenda[0]), { type: "advancePhase", item: "perspectives", from: "positions" });
});

test("an item's time: none without minutes, waiting until it starts, then left and over", () => {
  assert.equal(timebox({ minutes: null }), null);
  assert.deepEqual(timebox({ minutes: 30, startedAt: null }), { minutes: 30, leftMs: null });
  const start = Date.parse("2026-11-29T10:00:00.000Z");
  const item = { minutes: 30, startedAt: "2026-11-29T10:00:00.000Z" };
  assert.equal(timebox(item, start + 18 * 60_000).leftMs, 12 * 60_000);
  assert.equal(timebox(item, start + 34 * 60_000).leftMs, -4 * 60_000);
});

// MARK: Translations

function translatedRoom(you, more = []) {
  return room(you, [
    post(7, "p5", "az", "position", "Sülh müqaviləsi imzalanmalıdır."),
    event(8, { kind: "translated", contribution: 7, language: "en", text: "The peace treaty must be signed.", by: "p4", side: "am", version: 1 }),
    ...more,
  ]);
}

test("a translation is kept beside its original, unverified, until the other side verifies the one it read", () => {
  const state = translatedRoom(azMember);
  const c = state.contributions[7];
  assert.equal(c.text, "Sülh müqaviləsi imzalanmalıdır.", "the original is never replaced");
  assert.deepEqual(c.translations.en, { text: "The peace treaty must be signed.", by: "p4", side: "am", version: 1, seq: 8, verifiedBy: null, verifiedSide: null });
  assert.equal(translationStatus(c, c.translations.en), "unverified");
  assert.deepEqual(verifyCommand(c, "en"), { type: "verifyTranslation", contribution: 7, language: "en", translation: 8 });
  // A verification of a translation since replaced does not verify the new one.
  reduce(state, event(9, { kind: "translated", contribution: 7, language: "en", text: "The treaty must be signed.", by: "p2", side: "am", version: 1 }));
  reduce(state, event(10, { kind: "translationVerified", contribution: 7, language: "en", translation: 8, by: "p5", side: "az" }));
  assert.equal(translationStatus(c, c.translations.en), "unverified");
  reduce(state, event(11, { kind: "translationVerified", contribution: 7, language: "en", translation: 9, by: "p5", side: "az" }));
  assert.deepEqual([c.translations.en.verifiedBy, c.translations.en.verifiedSide], ["p5", "az"]);
  assert.equal(translationStatus(c, c.translations.en), "verified");
  assert.deepEqual(state.log.at(-1), { seq: 11, at: state.log.at(-1).at, kind: "translationVerified", contribution: 7, language: "en", translation: 9, by: "p5", side: "az" });
});

test("an amendment leaves the translation, of an earlier version, and clears its verification", () => {
  const state = translatedRoom(azMember, [
    event(9, { kind: "translationVerified", contribution: 7, language: "en", translation: 8, by: "p5", side: "az" }),
    event(10, { kind: "amended", contribution: 7, author: "p5", text: "Sülh müqaviləsi tezliklə imzalanmalıdır.", version: 2 }),
  ]);
  const c = state.contributions[7];
  assert.equal(c.translations.en.text, "The peace treaty must be signed.");
  assert.equal(c.translations.en.verifiedBy, null);
  assert.equal(translationStatus(c, c.translations.en), "outdated");
  assert.equal(canVerifyTranslation(state, c, c.translations.en), false, "an earlier version is translated again, not verified");
});

test("a redaction takes the translations with the words; a replayed translation does not bring them back", () => {
  const state = translatedRoom(amMember, [
    event(9, { kind: "redacted", contribution: 7, by: "p1", reason: "personal data" }),
    event(10, { kind: "translated", contribution: 7, language: "ru", text: "words again", by: "p4", side: "am", version: 1 }),
  ]);
  assert.deepEqual(state.contributions[7].translations, {});
  assert.equal(JSON.stringify(state).includes("words again"), false);
  assert.equal(JSON.stringify(state).includes("peace treaty"), false);
});

test("who translates and who verifies: co-chairs and members; the verifier from the other side than the translator", () => {
  const state = translatedRoom(azMember);
  const c = state.contributions[7];
  const tr = c.translations.en;
  assert.equal(canVerifyTranslation(translatedRoom(azMember), c, tr), true);
  assert.equal(canVerifyTranslation(translatedRoom(azChair), c, tr), true);
  assert.equal(canVerifyTranslation(translatedRoom(amChair), c, tr), false, "the translator's own side");
  assert.equal(canVerifyTranslation(translatedRoom(facilitator), c, tr), false);
  assert.equal(canVerifyTranslation(translatedRoom(observer), c, tr), false);
  for (const you of [amChair, amMember, azMember]) assert.equal(canTranslate(translatedRoom(you), c, you, 0), true, you.name);
  for (const you of [facilitator, observer]) assert.equal(canTranslate(translatedRoom(you), c, you, 0), false, you.role);
  const held = room(amChair, [post(7, "p5", "az", "comment", "held", { held: true })]);
  assert.equal(canTranslate(held, held.contributions[7], amChair, 0), false, "not a held text");
  const closed = translatedRoom(azMember, [event(9, { kind: "sessionClosed", by: "p1" })]);
  assert.equal(canTranslate(closed, closed.contributions[7], azMember, 0), false);
  assert.equal(canVerifyTranslation(closed, closed.contributions[7], closed.contributions[7].translations.en), false);
  const muted = translatedRoom(amMember, [event(9, { kind: "muted", participant: "p4", by: "p2", seconds: 300, until: "2099-01-01T00:00:00.000Z" })]);
  assert.equal(canTranslate(muted, muted.contributions[7], amMember, 0), false, "a muted member does not translate");
});

test("a language tag is kept as the server keeps it, or refused", () => {
  assert.equal(languageTag("ru"), "ru");
  assert.equal(languageTag(" AZ-latn "), "az-Latn");
  assert.equal(languageTag("en-gb"), "en-GB");
  assert.equal(languageTag("sr-Latn-RS"), "sr-Latn-RS");
  assert.equal(languageTag("es-419"), "es-419");
  for (const bad of ["", "r", "ru_RU", "ru-", "1a", "x".repeat(36), "русский", "en--gb", "toolonglanguage"]) assert.equal(languageTag(bad), null, bad);
});

test("arrow keys, Home and End move between tabs, wrapping around", () => {
  assert.equal(tabKeyTarget("ArrowRight", 2, 3), 0);
  assert.equal(tabKeyTarget("ArrowLeft", 0, 3), 2);
  assert.equal(tabKeyTarget("Home", 2, 3), 0);
  assert.equal(tabKeyTarget("End", 0, 3), 2);
  assert.equal(tabKeyTarget("Enter", 0, 3), undefined);
});

test("a caucus line is not offered for translation: nobody of the other side could verify it", () => {
  const state = room(amMember, [chat(7, "p2", "am", "between us", "caucus"), chat(8, "p3", "az", "chairs", "chairs")]);
  assert.equal(canTranslate(state, state.contributions[7], amMember, 0), false);
  const chair = room(amChair, [chat(8, "p3", "az", "chairs", "chairs")]);
  assert.equal(canTranslate(chair, chair.contributions[8], amChair, 0), true, "the chairs' channel has both sides");
});

test("export links: the transcript alone carries private channels and a language", async () => {
  const { exportHref } = await import("../../Public/js/views.js");
  const options = { attribution: "sides", privateChannels: true, language: "ru" };
  assert.equal(exportHref("s 1", "transcript", "md", options),
    "/api/sessions/s%201/export?view=transcript&format=md&attribution=sides&channels=private&language=ru");
  assert.equal(exportHref("s1", "report", "html", options), "/api/sessions/s1/export?view=report&format=html&attribution=sides");
  assert.equal(exportHref("s1", "draft", "md", options), "/api/sessions/s1/export?view=draft&format=md&attribution=sides");
  assert.equal(exportHref("s1", "transcript", "html", { attribution: "names" }),
    "/api/sessions/s1/export?view=transcript&format=html&attribution=names");
});
