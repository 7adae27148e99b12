/**
 * What the room shows, derived from the reducer's state. Pure: no DOM, so the rules of
 * display (who may do what, how an item is laid out) are tested under `node --test`.
 */

import { orderedContributions } from "./reducer.js";

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

/**
 * One agenda item laid out for the room: each side's positions (with the comments that
 * answer them), each side's other comments, the joint proposals and recommendations, and
 * the chat. Replies are attached to whatever they answer; a reply to something this viewer
 * cannot see stays with its author's side.
 */
export function itemView(state, itemId) {
  const all = orderedContributions(state).filter((c) => c.item === itemId);
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
  return !!you && you.role === "cochair" && itemOpen(state, c.item)
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
  if (!you || c.author !== you.id || !itemOpen(state, c.item)) return false;
  if (c.redaction || c.adopted || c.status === "rejected") return false;
  const windowSeconds = state.session?.rules?.editWindowSeconds ?? 300;
  const posted = Date.parse(c.postedAt ?? "");
  if (Number.isNaN(posted)) return false;
  return now - posted <= windowSeconds * 1000;
}

/** Whether `you` may answer `c`: a co-chair or member, in an open item, to a visible statement (not chat). */
export function canReply(state, c, you = state.you) {
  return !!you && ["cochair", "member"].includes(you.role) && itemOpen(state, c.item)
    && c.kind !== "chat" && c.status === "visible" && !c.redaction;
}

/** Whether `you` may redact `c`: the facilitator; a co-chair for their own side's words. */
export function canRedact(state, c, you = state.you) {
  if (!you || !sessionOpen(state) || c.redaction || c.status !== "visible") return false;
  if (you.role === "facilitator") return true;
  return you.role === "cochair" && c.side === you.side && !c.adopted;
}

/** Whether `you` may approve a held `c` (any moderator) or reject it (own side for co-chairs). */
export function canApprove(state, c, you = state.you) {
  return isModerator(you) && sessionOpen(state) && c.status === "held";
}

export function canReject(state, c, you = state.you) {
  if (!canApprove(state, c, you)) return false;
  return you.role === "facilitator" || c.side === you.side;
}

/** Whether `you` may mute participant `p`: the facilitator; a co-chair for members of their side. */
export function canMute(state, p, you = state.you) {
  if (!you || !sessionOpen(state) || !p || p.id === you.id || p.removed) return false;
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
