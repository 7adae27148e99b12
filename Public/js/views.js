/**
 * What the room shows, derived from the reducer's state. Pure: no DOM, so the rules of
 * display (who may do what, how an item is laid out) are tested under `node --test`.
 */

import { CONTRIBUTION_KINDS, orderedContributions } from "./reducer.js";

export const MODERATOR_ROLES = Object.freeze(["facilitator", "cochair"]);
export const SPEAKER_ROLES = Object.freeze(["cochair", "member"]);

export function isModerator(you) {
  return !!you && MODERATOR_ROLES.includes(you.role);
}

/** The kinds `you` may post: co-chairs and members everything, the facilitator chat. */
export function postableKinds(you) {
  if (!you) return [];
  if (SPEAKER_ROLES.includes(you.role)) return ["position", "comment", "proposal", "recommendation", "chat"];
  if (you.role === "facilitator") return ["chat"];
  return [];
}

// MARK: Facilitation (contract §6)

/** The phases of an item that runs in phases, in order. */
export const PHASES = Object.freeze(["positions", "comments", "drafting", "closed"]);

/** The phase after `phase`; null after `closed` (or for an item without phases). */
export function nextPhase(phase) {
  const index = PHASES.indexOf(phase);
  return index >= 0 && index < PHASES.length - 1 ? PHASES[index + 1] : null;
}

/** The kinds a phase takes besides chat (which an open item always takes), as the server's `Phase.allowedKinds`. */
const PHASE_KINDS = Object.freeze({
  positions: ["position"],
  comments: ["position", "comment"],
  drafting: ["comment", "proposal", "recommendation"],
  closed: [],
});

/**
 * The kinds an item takes now, whoever posts: every kind without phases; in a phase, what
 * it allows, and chat; nothing once closed.
 */
export function itemKinds(state, itemId) {
  const item = state.agenda.find((i) => i.id === itemId);
  if (!item || !itemOpen(state, itemId)) return [];
  if (!item.phase) return [...CONTRIBUTION_KINDS];
  return CONTRIBUTION_KINDS.filter((kind) => kind === "chat" || PHASE_KINDS[item.phase]?.includes(kind));
}

/** The kinds `you` may post under `itemId` now: your role's, as far as the item's phase allows. */
export function kindsFor(state, itemId, you = state.you) {
  if (!mayAct(state, you)) return [];
  const allowed = itemKinds(state, itemId);
  return postableKinds(you).filter((kind) => allowed.includes(kind));
}

/**
 * The channels `you` may post chat in (contract §6): `main` for everyone who posts, your
 * side's `caucus` for co-chairs and members, `chairs` for the co-chairs and the facilitator.
 */
export function postableChannels(you) {
  if (!you) return [];
  const channels = [];
  if (postableKinds(you).includes("chat")) channels.push("main");
  if (SPEAKER_ROLES.includes(you.role) && you.side) channels.push("caucus");
  if (MODERATOR_ROLES.includes(you.role)) channels.push("chairs");
  return channels;
}

/**
 * Whether `you` hear what `c` says: everyone the main channel; a caucus its side's co-chair
 * and members only; the chairs' channel the co-chairs and the facilitator. The server sends
 * nothing else, and the room shows nothing else either: a private line that reached the
 * wrong viewer would still not be shown.
 */
export function hears(c, you) {
  const channel = c.channel ?? "main";
  if (channel === "main") return true;
  if (!you) return false;
  if (channel === "caucus") return SPEAKER_ROLES.includes(you.role) && !!you.side && c.side === you.side;
  if (channel === "chairs") return MODERATOR_ROLES.includes(you.role);
  return false;
}

/** The channels whose chat `you` read: those you may post in, and `main` for everyone. */
export function readableChannels(you) {
  const channels = postableChannels(you);
  return channels.includes("main") ? channels : ["main", ...channels];
}

/** The chat lines of `channel` that `you` read, across every item, oldest first. */
export function channelLines(state, channel, you = state.you) {
  return orderedContributions(state).filter((c) =>
    c.kind === "chat" && (c.channel ?? "main") === channel && hears(c, you));
}

/**
 * Whether `you` must accept the session's ground rules before anything else: a participant
 * (the operator is never asked) who has not accepted their current version.
 */
export function mustAcceptRules(state, you = state.you) {
  const rules = state.session?.groundRules;
  if (!rules || !you) return false;
  return state.participants[you.id]?.acceptedRules !== rules.version;
}

/**
 * Whether `you` may send any command: the session is open and, where it has ground rules,
 * you have accepted them (until then the server refuses everything but `acceptRules`).
 * Every `can…` asks this, so nothing the server would refuse is offered.
 */
export function mayAct(state, you = state.you) {
  return sessionOpen(state) && !mustAcceptRules(state, you);
}

/**
 * Whether `you` may press "next phase" on `itemId`: the facilitator, or a co-chair whose
 * side has not asked yet; the item open, in a phase that has a next one.
 */
export function canAdvancePhase(state, itemId, you = state.you) {
  const item = state.agenda.find((i) => i.id === itemId);
  if (!you || !item || !mayAct(state, you) || !itemOpen(state, itemId) || !nextPhase(item.phase)) return false;
  if (you.role === "facilitator") return true;
  return you.role === "cochair" && !!you.side && !item.phaseRequestedBy.includes(you.side);
}

/** The command of "next phase", naming the phase the presser sees (a stale one is `conflict`). */
export function advanceCommand(item) {
  return { type: "advancePhase", item: item.id, from: item.phase };
}

/**
 * A BCP 47 language tag as the server keeps it, or null when it is not one: letters,
 * digits and `-`, up to 35 characters, a first subtag of 2 to 8 letters; the first subtag
 * in lower case, a script in title case, a region in upper case (`az-latn` → `az-Latn`).
 */
export function languageTag(text) {
  const tag = String(text ?? "").trim();
  if (tag.length < 2 || tag.length > 35 || !/^[A-Za-z0-9-]+$/.test(tag)) return null;
  const [first, ...rest] = tag.split("-");
  if (!/^[A-Za-z]{2,8}$/.test(first) || !rest.every((sub) => /^[A-Za-z0-9]{1,8}$/.test(sub))) return null;
  return [first.toLowerCase(), ...rest.map((sub) => {
    if (/^[A-Za-z]{4}$/.test(sub)) return sub[0].toUpperCase() + sub.slice(1).toLowerCase();
    if (/^[A-Za-z]{2}$/.test(sub)) return sub.toUpperCase();
    return sub.toLowerCase();
  })].join("-");
}

/**
 * Whether `you` may translate `c`: a co-chair or member, of a readable text, not muted.
 * Not a caucus line: everyone there is of one side, and no one of the other side could
 * ever verify it (the server would take it; the room does not offer it).
 */
export function canTranslate(state, c, you = state.you, now = Date.now()) {
  return !!you && SPEAKER_ROLES.includes(you.role) && !!you.side && mayAct(state, you) && hears(c, you)
    && (c.channel ?? "main") !== "caucus"
    && c.status === "visible" && !c.redaction && !isMuted(state.participants[you.id], now);
}

/**
 * A translation's standing: `outdated` when it renders an earlier version of the original,
 * else `verified` once the other side verified it, else `unverified`.
 */
export function translationStatus(c, translation) {
  if (translation.version !== c.version) return "outdated";
  return translation.verifiedBy ? "verified" : "unverified";
}

/**
 * Whether `you` may verify `translation` of `c`: a co-chair or member of the side other than
 * the translator's, while it renders the current version and nobody has verified it.
 */
export function canVerifyTranslation(state, c, translation, you = state.you) {
  return !!you && SPEAKER_ROLES.includes(you.role) && !!you.side && you.side !== translation.side
    && mayAct(state, you) && !c.redaction && translationStatus(c, translation) === "unverified";
}

/** The command that verifies the translation read (its seq: a replaced one is `conflict`). */
export function verifyCommand(c, language) {
  return { type: "verifyTranslation", contribution: c.id, language, translation: c.translations[language].seq };
}

/** The time of an item, at `now` (ms): null without `minutes`; else the minutes and, once begun, the ms left (negative: over). */
export function timebox(item, now = Date.now()) {
  if (!item?.minutes) return null;
  const started = Date.parse(item.startedAt ?? "");
  if (Number.isNaN(started)) return { minutes: item.minutes, leftMs: null };
  return { minutes: item.minutes, leftMs: item.minutes * 60_000 - (now - started) };
}

/**
 * One agenda item laid out for the room: each side's positions (with the comments that
 * answer them), each side's other comments, the joint proposals and recommendations, and
 * the item's public chat (private channels are read in the chat panel, never here). Replies
 * are attached to whatever they answer; a reply to something this viewer cannot see stays
 * with its author's side.
 */
export function itemView(state, itemId) {
  const all = orderedContributions(state).filter((c) => c.item === itemId && (c.channel ?? "main") === "main");
  const sides = state.session?.sides ?? [];
  const byId = new Map(all.map((c) => [c.id, c]));
  const replies = new Map();
  const view = {
    sides: sides.map((side) => ({ side, positions: [], comments: [] })),
    joint: [],
    chat: [],
  };
  const column = new Map(view.sides.map((col) => [col.side.id, col]));
  for (const c of all) {
    if (c.kind === "chat") {
      view.chat.push(c);
      continue;
    }
    const parent = c.replyTo != null ? byId.get(c.replyTo) : null;
    if (parent && parent.kind !== "chat") {
      if (!replies.has(parent.id)) replies.set(parent.id, []);
      replies.get(parent.id).push(c);
      continue;
    }
    if (c.kind === "proposal" || c.kind === "recommendation") view.joint.push(c);
    else if (column.has(c.side)) (c.kind === "position" ? column.get(c.side).positions : column.get(c.side).comments).push(c);
    else view.joint.push(c);
  }
  view.repliesTo = (id) => replies.get(id) ?? [];
  return view;
}

/** The two endorsement keys of a proposal or recommendation, in the session's side order. */
export function endorsementKeys(state, contribution) {
  return (state.session?.sides ?? []).map((side) => ({
    side: side.id,
    name: side.name,
    endorsed: contribution.endorsements?.[side.id] === contribution.version,
  }));
}

/** "Armenia ✓ · Azerbaijan —": the endorsement state as two keys, plain text. */
export function endorsementLine(state, contribution) {
  return endorsementKeys(state, contribution)
    .map((key) => `${key.name} ${key.endorsed ? "✓" : "—"}`)
    .join(" · ");
}

/**
 * Closed means closed: a closed session takes no command at all, and a closed item no
 * post, amendment or endorsement (the server's rule, `SessionState.handle`). Every `can…`
 * below asks these, so a control the server would refuse is never offered.
 */
export function sessionOpen(state) {
  return state.session?.state !== "closed";
}

/** Whether an agenda item takes posts: open, in an open session. */
export function itemOpen(state, itemId) {
  return sessionOpen(state) && state.agenda.find((i) => i.id === itemId)?.state !== "closed";
}

/** Whether `c` is a joint text a co-chair may still endorse or withdraw from. */
function awaitsEndorsement(state, c, you) {
  return !!you && you.role === "cochair" && mayAct(state, you) && itemOpen(state, c.item)
    && (c.kind === "proposal" || c.kind === "recommendation")
    && c.status === "visible" && !c.redaction && !c.adopted;
}

/** Whether `you` may endorse `c` now: a co-chair whose side has not endorsed this version. */
export function canEndorse(state, c, you = state.you) {
  return awaitsEndorsement(state, c, you) && c.endorsements?.[you.side] !== c.version;
}

/** Whether `you` may take back your side's endorsement of `c`'s current version (before adoption). */
export function canWithdrawEndorsement(state, c, you = state.you) {
  return awaitsEndorsement(state, c, you) && c.endorsements?.[you.side] === c.version;
}

/**
 * A key bound to the text read (docs/protocol.md): `endorse`, `approve` or `reject` of `c`
 * at the version shown now. Build it when the text is shown, not when the button is pressed.
 */
export function keyCommand(type, c) {
  return { type, contribution: c.id, version: c.version };
}

/** Whether `you` may amend `c` at `now` (ms): the author, inside the edit window. */
export function canAmend(state, c, you = state.you, now = Date.now()) {
  if (!you || c.author !== you.id || !mayAct(state, you) || !itemOpen(state, c.item)) return false;
  if (c.redaction || c.adopted || c.status === "rejected") return false;
  const windowSeconds = state.session?.rules?.editWindowSeconds ?? 300;
  const posted = Date.parse(c.postedAt ?? "");
  if (Number.isNaN(posted)) return false;
  return now - posted <= windowSeconds * 1000;
}

/**
 * Whether `you` may write under `itemId` from the item itself ("Write here"): a kind other
 * than chat is open to you there now (chat has its own box under the item and in the dock).
 */
export function canWriteIn(state, itemId, you = state.you) {
  return kindsFor(state, itemId, you).some((kind) => kind !== "chat");
}

/**
 * Whether `you` may answer `c`: a co-chair or member, to a visible statement (not chat),
 * in an item that takes comments now (open, and in a phase that allows them).
 */
export function canReply(state, c, you = state.you) {
  return !!you && kindsFor(state, c.item, you).includes("comment")
    && c.kind !== "chat" && c.status === "visible" && !c.redaction;
}

/** Whether `you` may redact `c`: the facilitator; a co-chair for their own side's words. */
export function canRedact(state, c, you = state.you) {
  if (!you || !mayAct(state, you) || c.redaction || c.status !== "visible") return false;
  if (you.role === "facilitator") return true;
  return you.role === "cochair" && c.side === you.side && !c.adopted;
}

/** Whether `you` may approve a held `c` (any moderator) or reject it (own side for co-chairs). */
export function canApprove(state, c, you = state.you) {
  return isModerator(you) && mayAct(state, you) && c.status === "held";
}

export function canReject(state, c, you = state.you) {
  if (!canApprove(state, c, you)) return false;
  return you.role === "facilitator" || c.side === you.side;
}

/** Whether `you` may mute participant `p`: the facilitator; a co-chair for members of their side. */
export function canMute(state, p, you = state.you) {
  if (!you || !mayAct(state, you) || !p || p.id === you.id || p.removed) return false;
  if (you.role === "facilitator") return SPEAKER_ROLES.includes(p.role) || p.role === "observer";
  return you.role === "cochair" && p.role === "member" && p.side === you.side;
}

export function isMuted(p, now = Date.now()) {
  if (!p?.mutedUntil) return false;
  return Date.parse(p.mutedUntil) > now;
}

/** Held contributions awaiting a moderator, oldest first. */
export function heldQueue(state) {
  return orderedContributions(state).filter((c) => c.status === "held");
}

/** Contributions of `itemId` a comment may answer: positions first, then the rest. */
export function replyTargets(state, itemId) {
  const candidates = orderedContributions(state).filter(
    (c) => c.item === itemId && c.kind !== "chat" && c.status === "visible" && !c.redaction);
  return [
    ...candidates.filter((c) => c.kind === "position"),
    ...candidates.filter((c) => c.kind !== "position"),
  ];
}

/**
 * The attributions `you` may export: by name only for the operator and the facilitator while
 * the session follows the Chatham House rule (`rules.attribution` is `sides`), for everyone
 * once it is `names`.
 */
export function exportAttributions(state, you = state.you) {
  const byName = state.session?.rules?.attribution === "names" || !you || you.role === "facilitator";
  return byName ? ["sides", "names"] : ["sides"];
}

/**
 * Participants grouped for the presence list, in the session's side order, neutral last.
 * Observers are counted, not listed, in presence (docs/protocol.md), so a listed observer's
 * `online` is null: not known, rather than away.
 */
export function presenceGroups(state) {
  const online = new Set(state.online);
  const people = Object.values(state.participants).filter((p) => !p.removed)
    .map((p) => ({ ...p, online: p.role === "observer" ? null : online.has(p.id) }));
  const groups = (state.session?.sides ?? []).map((side) => ({
    side,
    people: people.filter((p) => p.side === side.id),
  }));
  groups.push({
    side: null,
    people: people.filter((p) => !p.side),
  });
  return groups.filter((g) => g.people.length > 0);
}

/** The agenda item a new draft goes to by default: the first open one. */
export function defaultItem(state) {
  return (state.agenda.find((i) => i.state !== "closed") ?? state.agenda[0])?.id ?? null;
}

/**
 * The words the joint report puts before a contribution of this kind, in English as the
 * report is written: a position follows "From Armenia's perspective,", a comment "The
 * Armenian side", an adopted proposal "Both sides agree that". Null for other kinds.
 */
export function reportLead(kind, side) {
  if (kind === "proposal") return "Both sides agree that";
  if (!side) return null;
  if (kind === "position") return `From ${side.name}'s perspective,`;
  if (kind === "comment") return `The ${side.adjective ?? side.name} side`;
  return null;
}

/**
 * The export link of a view and format. A transcript may also hold the private channels
 * the reader heard (`channels=private`: the server gives each reader only their own) and
 * each contribution's translation into `language`; the report and the draft never hold
 * either, so their links carry neither.
 */
export function exportHref(sessionId, view, format, { attribution = "sides", privateChannels = false, language = "" } = {}) {
  const query = new URLSearchParams({ view, format, attribution });
  if (view === "transcript" && privateChannels) query.set("channels", "private");
  if (view === "transcript" && language) query.set("language", language);
  return `/api/sessions/${encodeURIComponent(sessionId)}/export?${query}`;
}
