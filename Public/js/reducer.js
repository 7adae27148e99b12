/**
 * Folds the server's frames (docs/protocol.md, "Live protocol") into the room's state.
 * No DOM and no I/O, so the whole room logic is testable under `node --test`.
 *
 * Idempotent by seq: an event whose seq is not above `lastSeq` is ignored, so a resume
 * (`since=lastSeq`) or a frame delivered twice never duplicates anything.
 *
 * The welcome's `session` snapshot already reflects every event up to `welcome.head`:
 * participants (and the ground rules each accepted), agenda states and phases, rules,
 * floor, mutes, close requests. Contributions (and their translations) are not in the
 * snapshot. So an event at or below the snapshot's head changes only what the
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
  "rulesAccepted", "phaseAdvanceRequested", "phaseAdvanced", "translationVerified",
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
    groundRules: groundRulesOf(snapshot.groundRules),
  };
  state.agenda = (snapshot.agenda ?? []).map((item) => agendaItem(item, item.state ?? "open"));
  state.participants = {};
  for (const p of snapshot.participants ?? []) {
    state.participants[p.id] = {
      id: p.id, name: p.name, role: p.role, side: p.side ?? null,
      removed: p.removed === true, mutedUntil: p.mutedUntil ?? null,
      acceptedRules: Number.isInteger(p.acceptedRules) ? p.acceptedRules : null,
    };
  }
  state.floor = floorFromSnapshot(snapshot.floor, state.floor);
  state.report = reportFromSnapshot(snapshot.report);
  state.snapshotHead = typeof frame.head === "number" ? frame.head : state.lastSeq;
  return state;
}

/** `{version, text}` of a snapshot's or spec's `groundRules`; null when the session has none. */
function groundRulesOf(rules) {
  if (!rules || typeof rules.text !== "string") return null;
  return { version: Number.isInteger(rules.version) ? rules.version : 1, text: rules.text };
}

/**
 * An agenda item as the room keeps it. `phase` is null for an item without phases;
 * `startedAt` is when its time began to run (its first main-channel contribution or
 * phase change), null until then.
 */
function agendaItem(item, itemState) {
  return {
    id: item.id,
    title: item.title,
    state: itemState,
    minutes: Number.isInteger(item.minutes) ? item.minutes : null,
    phase: item.phase ?? null,
    phaseRequestedBy: [...(item.phaseRequestedBy ?? [])],
    startedAt: item.startedAt ?? null,
  };
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
      groundRules: groundRulesOf(spec.groundRules),
    };
    state.agenda = (spec.agenda ?? []).map((item) => agendaItem(item, "open"));
  },
  participantAdded(state, event) {
    const p = event.participant;
    if (!p || state.participants[p.id]) return;
    state.participants[p.id] = {
      id: p.id, name: p.name, role: p.role, side: p.side ?? null, removed: false, mutedUntil: null, acceptedRules: null,
    };
  },
  participantRemoved(state, event, { live }) {
    const p = state.participants[event.participant];
    if (p) p.removed = true;
    if (live) state.floor = removeFromFloor(state.floor, event.participant);
  },
  itemOpened(state, event, { live }) {
    const item = live ? itemById(state, event.item) : null;
    if (!item) return;
    item.state = "open";
    // As the server does: an item whose phases ran out is reopened for drafting.
    if (item.phase === "closed") item.phase = "drafting";
    item.phaseRequestedBy = [];
  },
  itemClosed(state, event, { live }) {
    if (live) setItemState(state, event.item, "closed");
  },
  contributed(state, event, { seq, at, live }) {
    const channel = event.channel ?? "main";
    // A held post starts no clock (its time would tell the others it exists), as on the server.
    const item = live && channel === "main" && !event.held ? itemById(state, event.item) : null;
    if (item && !item.startedAt) item.startedAt = at;
    upsertContribution(state, {
      id: event.contribution ?? seq,
      item: event.item,
      kind: event.contributionKind,
      author: event.author,
      side: event.side ?? null,
      text: event.text,
      replyTo: event.replyTo ?? null,
      options: event.options ?? null,
      channel,
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
    // The translations stay, now of an earlier version: none of them is verified any more.
    for (const translation of Object.values(c.translations)) {
      translation.verifiedBy = null;
      translation.verifiedSide = null;
    }
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
      channel: content.channel ?? "main",
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
    // A translation holds the same words in another language: it leaves too.
    c.translations = {};
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
  rulesAccepted(state, event, { live }) {
    const p = state.participants[event.participant];
    if (live && p) p.acceptedRules = event.version;
  },
  phaseAdvanceRequested(state, event, { live }) {
    const item = live ? itemById(state, event.item) : null;
    if (item && !item.phaseRequestedBy.includes(event.side)) item.phaseRequestedBy.push(event.side);
  },
  phaseAdvanced(state, event, { at, live }) {
    const item = live ? itemById(state, event.item) : null;
    if (!item) return;
    item.phase = event.to;
    item.phaseRequestedBy = [];
    item.startedAt ??= at;
  },
  translated(state, event, { seq }) {
    const c = state.contributions[event.contribution];
    // A redacted text is not translated back into memory (a replay may still carry it).
    if (!c || c.redaction || typeof event.text !== "string") return;
    c.translations[event.language] = {
      text: event.text, by: event.by, side: event.side ?? null, version: event.version ?? c.version, seq,
      verifiedBy: null, verifiedSide: null,
    };
  },
  translationVerified(state, event) {
    const translation = state.contributions[event.contribution]?.translations[event.language];
    // Only the translation the verifier read: a newer one into the same language is not verified.
    if (!translation || translation.seq !== event.translation) return;
    translation.verifiedBy = event.by;
    translation.verifiedSide = event.side ?? null;
  },
};

function itemById(state, itemId) {
  return state.agenda.find((i) => i.id === itemId) ?? null;
}

function setItemState(state, itemId, value) {
  const item = itemById(state, itemId);
  if (item) item.state = value;
}

function upsertContribution(state, fields) {
  const id = fields.id;
  if (state.contributions[id]) return;
  state.contributions[id] = {
    version: 1, amendedAt: null, redaction: null, rejection: null, heldTerms: [],
    endorsements: {}, cleared: [], adopted: false, adoptedVersion: null, approvedBy: null,
    channel: "main",
    // By language tag: {text, by, side, version (of the original), seq, verifiedBy, verifiedSide}.
    translations: {},
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
