/**
 * Folds the server's frames (docs/protocol.md, "Live protocol") into the room's state.
 * No DOM and no I/O, so the whole room logic is testable under `node --test`.
 *
 * Idempotent by seq: an event whose seq is not above `lastSeq` is ignored, so a resume
 * (`since=lastSeq`) or a frame delivered twice never duplicates anything.
 *
 * The welcome's `session` snapshot already reflects every event up to `welcome.head`:
 * participants, agenda states, rules, floor, mutes, close requests. Contributions are not
 * in the snapshot. So an event at or below the snapshot's head changes only what the
 * snapshot does not carry (contributions, the moderation log, the last floor side, the
 * report draft's history), and an event above it changes everything.
 *
 * `reduce(state, frame)` updates `state` in place and returns it (a replay folds
 * thousands of events; copying the state for each one would be quadratic).
 */

import { emptyFloor, floorFromSnapshot, grantFloor, lowerHand, raiseHand, removeFromFloor } from "./floor.js";
import { DRAFTING_KINDS, emptyHistory, emptyReport, foldDrafting, reportFromSnapshot } from "./reportfold.js";
import { rulesDiff } from "./rulediff.js";

export const CONTRIBUTION_KINDS = Object.freeze(["position", "comment", "proposal", "recommendation", "chat"]);

/**
 * Event kinds listed in the public moderation log, each with its actor and reason: the
 * moderators' actions, and the keys turned on joint texts (an amendment is listed when it
 * cleared an endorsement, as `log.cleared`).
 */
export const LOGGED_KINDS = Object.freeze([
  "participantAdded", "participantRemoved", "itemOpened", "itemClosed", "approved", "rejected",
  "redacted", "floorGranted", "muted", "unmuted", "rulesChanged", "closeRequested", "sessionClosed",
  "endorsed", "endorsementWithdrawn", "adopted",
]);

function logged(event) {
  return LOGGED_KINDS.includes(event.kind) || (event.kind === "amended" && event.cleared?.length > 0);
}

export function initialState() {
  return {
    lastSeq: 0,
    snapshotHead: 0,
    you: null,
    session: null,
    agenda: [],
    participants: {},
    floor: emptyFloor(),
    contributions: {},
    order: [],
    log: [],
    /** The rules as of the last event folded (the welcome's are as of its head), for rule diffs. */
    rulesInForce: null,
    online: [],
    observersOnline: 0,
    report: emptyReport(),
    reportHistory: emptyHistory(),
  };
}

/** Folds one server frame into `state`; returns `state`. Unknown frames change nothing. */
export function reduce(state, frame) {
  switch (frame?.type) {
    case "welcome":
      return welcome(state, frame);
    case "event":
      return foldEvent(state, frame);
    case "presence":
      state.online = Array.isArray(frame.online) ? [...frame.online] : [];
      state.observersOnline = Number.isInteger(frame.observers) && frame.observers > 0 ? frame.observers : 0;
      return state;
    default:
      return state;
  }
}

function welcome(state, frame) {
  const snapshot = frame.session ?? {};
  state.you = frame.you ?? null;
  state.session = {
    id: snapshot.id,
    title: snapshot.title,
    series: snapshot.series,
    sides: snapshot.sides ?? [],
    rules: { ...(snapshot.rules ?? {}) },
    state: snapshot.state ?? "open",
    createdAt: snapshot.createdAt,
    closeRequestedBy: [...(snapshot.closeRequestedBy ?? [])],
  };
  state.agenda = (snapshot.agenda ?? []).map((item) => ({ id: item.id, title: item.title, state: item.state ?? "open" }));
  state.participants = {};
  for (const p of snapshot.participants ?? []) {
    state.participants[p.id] = {
      id: p.id, name: p.name, role: p.role, side: p.side ?? null,
      removed: p.removed === true, mutedUntil: p.mutedUntil ?? null,
    };
  }
  state.floor = floorFromSnapshot(snapshot.floor, state.floor);
  state.report = reportFromSnapshot(snapshot.report);
  state.snapshotHead = typeof frame.head === "number" ? frame.head : state.lastSeq;
  return state;
}

function foldEvent(state, frame) {
  const seq = frame.seq;
  if (typeof seq !== "number" || seq <= state.lastSeq) return state;
  state.lastSeq = seq;
  const event = frame.event ?? {};
  const at = frame.at ?? null;
  const live = seq > state.snapshotHead;
  // A rules change is logged with what it changed, against the rules it replaced: the
  // session's for a live event, else those in force at that point of the replay.
  const before = live ? state.session?.rules : state.rulesInForce;
  const entry = event.kind === "rulesChanged" ? { changes: rulesDiff(before, event.rules) } : {};
  const fold = FOLDS[event.kind];
  if (fold) fold(state, event, { seq, at, live });
  else if (DRAFTING_KINDS.includes(event.kind)) foldDrafting(state, event, { seq, at, live });
  // A log entry keeps what the log says, not a contribution's words (a redaction must not
  // leave them behind here).
  const { text: _text, content: _content, ...fields } = event;
  if (logged(event)) state.log.push({ seq, at, ...fields, ...entry });
  return state;
}

const FOLDS = {
  sessionCreated(state, event) {
    const spec = event.spec ?? {};
    state.rulesInForce = spec.rules ?? null;
    if (state.session) return;
    state.session = {
      id: event.session, title: spec.title, series: spec.series, sides: spec.sides ?? [],
      rules: { ...(spec.rules ?? {}) }, state: "open", createdAt: null, closeRequestedBy: [],
    };
    state.agenda = (spec.agenda ?? []).map((item) => ({ id: item.id, title: item.title, state: "open" }));
  },
  participantAdded(state, event) {
    const p = event.participant;
    if (!p || state.participants[p.id]) return;
    state.participants[p.id] = { id: p.id, name: p.name, role: p.role, side: p.side ?? null, removed: false, mutedUntil: null };
  },
  participantRemoved(state, event, { live }) {
    const p = state.participants[event.participant];
    if (p) p.removed = true;
    if (live) state.floor = removeFromFloor(state.floor, event.participant);
  },
  itemOpened(state, event, { live }) {
    if (live) setItemState(state, event.item, "open");
  },
  itemClosed(state, event, { live }) {
    if (live) setItemState(state, event.item, "closed");
  },
  contributed(state, event, { seq, at }) {
    upsertContribution(state, {
      id: event.contribution ?? seq,
      item: event.item,
      kind: event.contributionKind,
      author: event.author,
      side: event.side ?? null,
      text: event.text,
      replyTo: event.replyTo ?? null,
      options: event.options ?? null,
      postedAt: at,
      status: event.held ? "held" : "visible",
      // The seq at which everyone could read it: now, or when a held text is approved.
      shownAt: event.held ? null : seq,
    });
  },
  amended(state, event, { at }) {
    const c = state.contributions[event.contribution];
    if (!c) return;
    c.text = event.text;
    c.version = event.version;
    c.amendedAt = at;
    c.endorsements = {};
    // Whose endorsement of the replaced text this amendment cleared, until they endorse again.
    c.cleared = [...(event.cleared ?? [])];
    if (event.held) c.status = "held";
  },
  held(state, event) {
    const c = state.contributions[event.contribution];
    if (!c) return;
    c.status = "held";
    c.heldTerms = [...(event.terms ?? [])];
  },
  approved(state, event, { seq, at }) {
    const content = event.content ?? {};
    const existing = state.contributions[event.contribution];
    if (existing) {
      existing.status = "visible";
      existing.shownAt = seq;
      existing.version = event.version ?? existing.version;
      if (typeof content.text === "string") existing.text = content.text;
      if (content.options) existing.options = content.options;
      existing.approvedBy = event.by;
      return;
    }
    // Someone who could not see the held text meets the contribution here first.
    upsertContribution(state, {
      id: event.contribution,
      item: content.item,
      kind: content.contributionKind,
      author: content.author,
      side: content.side ?? null,
      text: content.text,
      replyTo: content.replyTo ?? null,
      options: content.options ?? null,
      postedAt: at,
      status: "visible",
      version: event.version ?? 1,
      approvedBy: event.by,
      shownAt: seq,
    });
  },
  rejected(state, event) {
    const c = state.contributions[event.contribution];
    if (!c) return;
    c.status = "rejected";
    c.rejection = { by: event.by, reason: event.reason ?? null };
  },
  redacted(state, event, { at }) {
    const c = state.contributions[event.contribution];
    if (!c) return;
    // The tombstone keeps who and why; the words themselves leave the client's memory.
    c.redaction = { by: event.by, reason: event.reason ?? "", at };
    c.text = null;
    c.options = c.options ? c.options.map(() => null) : null;
  },
  endorsed(state, event) {
    const c = state.contributions[event.contribution];
    if (!c) return;
    c.endorsements[event.side] = event.version;
    c.cleared = c.cleared.filter((side) => side !== event.side);
  },
  endorsementWithdrawn(state, event) {
    const c = state.contributions[event.contribution];
    if (c?.endorsements[event.side] === event.version) delete c.endorsements[event.side];
  },
  adopted(state, event) {
    const c = state.contributions[event.contribution];
    if (!c) return;
    c.adopted = true;
    c.adoptedVersion = event.version;
  },
  handRaised(state, event, { live }) {
    if (live) state.floor = raiseHand(state.floor, event.participant);
  },
  handLowered(state, event, { live }) {
    if (live) state.floor = lowerHand(state.floor, event.participant);
  },
  floorGranted(state, event, { live }) {
    const side = state.participants[event.participant]?.side ?? null;
    if (live) state.floor = grantFloor(state.floor, event.participant, side);
    else if (side) state.floor = { ...state.floor, lastSide: side };
  },
  muted(state, event, { live }) {
    const p = state.participants[event.participant];
    if (live && p) p.mutedUntil = event.until ?? null;
  },
  unmuted(state, event, { live }) {
    const p = state.participants[event.participant];
    if (live && p) p.mutedUntil = null;
  },
  rulesChanged(state, event, { live }) {
    if (event.rules) state.rulesInForce = event.rules;
    if (live && state.session && event.rules) state.session.rules = { ...event.rules };
  },
  closeRequested(state, event, { live }) {
    const asked = state.session?.closeRequestedBy;
    if (live && asked && !asked.includes(event.side)) asked.push(event.side);
  },
  sessionClosed(state, event, { live }) {
    if (live && state.session) state.session.state = "closed";
  },
};

function setItemState(state, itemId, value) {
  const item = state.agenda.find((i) => i.id === itemId);
  if (item) item.state = value;
}

function upsertContribution(state, fields) {
  const id = fields.id;
  if (state.contributions[id]) return;
  state.contributions[id] = {
    version: 1, amendedAt: null, redaction: null, rejection: null, heldTerms: [],
    endorsements: {}, cleared: [], adopted: false, adoptedVersion: null, approvedBy: null,
    ...fields,
  };
  insertSorted(state.order, id);
}

/** Inserts `id` into the ascending array `order` (an approval may reveal an older id). */
function insertSorted(order, id) {
  let low = 0;
  let high = order.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (order[mid] < id) low = mid + 1;
    else high = mid;
  }
  if (order[low] !== id) order.splice(low, 0, id);
}

/** Contributions in the order they were posted. */
export function orderedContributions(state) {
  return state.order.map((id) => state.contributions[id]);
}
