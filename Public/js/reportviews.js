/**
 * Who may do what to the report draft, and how its parts read, derived from the reducer's
 * state (the who-may table of contract §5). Pure: no DOM. Every check is also made by the
 * server; these decide which controls the Report tab shows.
 */

import { MAX_WAITING_SUGGESTIONS } from "./draftchecks.js";
import { sideName } from "./format.js";
import { isMuted, mayAct, MODERATOR_ROLES, sessionOpen, SPEAKER_ROLES } from "./views.js";

/**
 * Whether the draft still takes drafting commands: not final, session not closed. Who may
 * send them also needs `mayAct` (the ground rules accepted), asked below.
 */
export function isDrafting(state) {
  return sessionOpen(state) && state.report.state === "drafting";
}

function speaking(state, you) {
  return !!you && isDrafting(state) && mayAct(state, you) && !isMuted(state.participants[you.id]);
}

function moderating(state, you) {
  return !!you && isDrafting(state) && mayAct(state, you) && MODERATOR_ROLES.includes(you.role);
}

export function sectionById(state, id) {
  return state.report.sections.find((s) => s.id === id) ?? null;
}

/** "Joint", or the owning side's name. */
export function ownerName(state, owner, t) {
  return owner === "joint" ? t("report.joint") : sideName(state, owner);
}

/** The two signature keys of a section, in the session's side order. */
export function signatureKeys(state, section) {
  return (state.session?.sides ?? []).map((side) => ({ side: side.id, name: side.name, signed: section.signedBy.includes(side.id) }));
}

export function fullySigned(state, section) {
  return signatureKeys(state, section).every((key) => key.signed);
}

/** Seeding: the facilitator or a co-chair, while the draft has no section. */
export function canSeed(state, you = state.you) {
  return moderating(state, you) && state.report.sections.length === 0;
}

/** The owners `you` may add a section for: joint, and a co-chair's own side; the facilitator any. */
export function addableOwners(state, you = state.you) {
  if (!moderating(state, you) || !speaking(state, you)) return [];
  const sides = (state.session?.sides ?? []).map((s) => s.id);
  return ["joint", ...(you.role === "facilitator" ? sides : sides.filter((id) => id === you.side))];
}

/** The facilitator adds a side's section empty: they write no side's text. */
export function mayWriteText(you, owner) {
  return owner === "joint" || you?.role !== "facilitator";
}

/** Editing: a joint section the facilitator and co-chairs; a side's, that side's co-chair and members. */
export function canEdit(state, section, you = state.you) {
  if (!speaking(state, you)) return false;
  if (section.owner === "joint") return MODERATOR_ROLES.includes(you.role);
  return SPEAKER_ROLES.includes(you.role) && you.side === section.owner;
}

/** Suggesting: co-chairs and members, on any section. */
export function canSuggest(state, you = state.you) {
  return speaking(state, you) && SPEAKER_ROLES.includes(you.role);
}

/** Whether `you` have as many suggestions waiting as one participant may: the server takes no more. */
export function atSuggestionLimit(state, you = state.you) {
  return !!you && state.report.suggestions.filter((s) => s.by === you.id).length >= MAX_WAITING_SUGGESTIONS;
}

/**
 * A co-chair's signing of `section`: null for anyone else; otherwise whether their side
 * signed this version and why signing is not possible now (`brackets`, `signed`, or null).
 */
export function signing(state, section, you = state.you) {
  if (!you || you.role !== "cochair" || !isDrafting(state) || !mayAct(state, you)) return null;
  const signed = section.signedBy.includes(you.side);
  return { signed, blocked: signed ? "signed" : section.brackets > 0 ? "brackets" : null };
}

export function canMove(state, you = state.you) {
  return moderating(state, you);
}

/**
 * Removing: the facilitator at once, co-chairs together on the same version (the fold keeps
 * only requests for the current one: an edit makes them lapse). Null when `you` may not.
 */
export function removal(state, section, you = state.you) {
  if (!moderating(state, you)) return null;
  const asked = section.removalRequestedBy ?? [];
  return { now: you.role === "facilitator" || asked.some((side) => side !== you.side), asked: asked.includes(you.side) };
}

/** Finalising: the facilitator or a co-chair; ready once every section carries both signatures. */
export function finalizing(state, you = state.you) {
  const sections = state.report.sections;
  if (!moderating(state, you) || sections.length === 0) return null;
  const signed = sections.filter((s) => fullySigned(state, s)).length;
  return { ready: signed === sections.length, signed, total: sections.length };
}

/** The "after" of a move one place up or down: the id the section goes after (null: first). */
export function moveTarget(state, section, direction) {
  const ids = state.report.sections.map((s) => s.id);
  const index = ids.indexOf(section.id);
  if (direction === "up") return index <= 0 ? undefined : (ids[index - 2] ?? null);
  return index < 0 || index >= ids.length - 1 ? undefined : ids[index + 1];
}
