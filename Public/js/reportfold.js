/**
 * The joint report draft (contract §5), folded from the drafting events as the server folds
 * them, into `state.report` (shaped like the Session's `report`) and `state.reportHistory`
 * (every drafting event with the draft's total bracket count after it). Pure: no DOM.
 *
 * As with the rest of the room (reducer.js), the welcome's `report` snapshot already holds
 * every event up to its head: an event at or below it only joins the history; an event
 * above it changes the draft as well.
 *
 * Keys are bound to what was read: an edit or a move clears the section's signatures; a
 * removal request counts only while the section is at the version it names, and an edit
 * makes it lapse; a suggestion waits only while its section is at the version it was made
 * on (an older one is outdated: it stays in the history, not in `suggestions`).
 */

import { countBrackets } from "./brackets.js";

export function emptyReport() {
  return { state: "drafting", sections: [], suggestions: [], brackets: 0, finalizedAt: null, date: null };
}

export function emptyHistory() {
  return { entries: [], counts: {} };
}

/**
 * The Session's `report` as the client keeps it; missing fields take their defaults. Its
 * `suggestions` are the waiting ones and its `removalRequestedBy` the current requests, as
 * the server lists them; a final report's sections carry their `sha256`.
 */
export function reportFromSnapshot(snapshot) {
  const report = emptyReport();
  if (!snapshot) return report;
  report.state = snapshot.state === "final" ? "final" : "drafting";
  report.sections = (snapshot.sections ?? []).map((s) => ({
    ...newSection(s),
    version: s.version ?? 1,
    brackets: s.brackets ?? countBrackets(s.text),
    signedBy: [...(s.signedBy ?? [])],
    removalRequestedBy: [...(s.removalRequestedBy ?? [])],
    sha256: s.sha256 ?? null,
  }));
  report.suggestions = (snapshot.suggestions ?? []).map((s) => ({ ...s, note: s.note ?? null, side: s.side ?? null }));
  report.brackets = snapshot.brackets ?? total(report.sections);
  report.finalizedAt = snapshot.finalizedAt ?? null;
  report.date = snapshot.date ?? null;
  return report;
}

function newSection({ id, title, owner, text }) {
  return {
    id, title, owner, version: 1, text: text ?? "", brackets: countBrackets(text),
    signedBy: [], removalRequestedBy: [], sha256: null,
  };
}

function total(sections) {
  return sections.reduce((n, s) => n + s.brackets, 0);
}

/** Puts `section` right after the section `after` (null, or unknown: first), as the server does. */
function place(sections, section, after) {
  sections.splice(sections.findIndex((s) => s.id === after) + 1, 0, section);
}

/** Adds `side` to a list of side ids kept in the session's side order, as the Session lists them. */
function withSide(list, side, sides) {
  const all = new Set([...list, side]);
  return sides.map((s) => s.id).filter((id) => all.has(id));
}

function find(report, id) {
  return report.sections.find((s) => s.id === id);
}

/** Changes to the draft itself, applied to events above the snapshot's head. */
const APPLY = {
  reportSeeded(report, event) {
    report.sections = (event.sections ?? []).map(newSection);
  },
  sectionAdded(report, event) {
    if (event.section) place(report.sections, newSection(event.section), event.after);
  },
  sectionEdited(report, event) {
    const section = find(report, event.section);
    if (!section) return;
    section.version = event.version;
    section.title = event.title ?? section.title;
    section.text = event.text ?? "";
    section.brackets = countBrackets(section.text);
    section.signedBy = [];
    section.removalRequestedBy = [];
    report.suggestions = report.suggestions.filter((s) => s.section !== section.id || s.version === section.version);
  },
  suggested(report, event, { seq, at }) {
    report.suggestions.push({
      id: event.suggestion ?? seq, section: event.section, version: event.version, text: event.text ?? "",
      note: event.note ?? null, by: event.by, side: event.side ?? null, at,
    });
  },
  suggestionApplied(report, event) {
    report.suggestions = report.suggestions.filter((s) => s.id !== event.suggestion);
  },
  suggestionDismissed(report, event) {
    report.suggestions = report.suggestions.filter((s) => s.id !== event.suggestion);
  },
  sectionSigned(report, event, { sides }) {
    const section = find(report, event.section);
    if (section && section.version === event.version) section.signedBy = withSide(section.signedBy, event.side, sides);
  },
  signatureWithdrawn(report, event) {
    const section = find(report, event.section);
    if (section) section.signedBy = section.signedBy.filter((side) => side !== event.side);
  },
  sectionMoved(report, event) {
    const section = find(report, event.section);
    if (!section) return;
    report.sections = report.sections.filter((s) => s !== section);
    place(report.sections, section, event.after);
    section.signedBy = [];
  },
  sectionRemovalRequested(report, event, { sides }) {
    const section = find(report, event.section);
    if (section && section.version === event.version) section.removalRequestedBy = withSide(section.removalRequestedBy, event.side, sides);
  },
  sectionRemoved(report, event) {
    report.sections = report.sections.filter((s) => s.id !== event.section);
    report.suggestions = report.suggestions.filter((s) => s.section !== event.section);
  },
  reportFinalized(report, event, { at }) {
    report.state = "final";
    report.finalizedAt = at;
    report.date = event.date ?? null;
    for (const signed of event.sections ?? []) {
      const section = find(report, signed.id);
      if (section) section.sha256 = signed.sha256 ?? null;
    }
  },
};

export const DRAFTING_KINDS = Object.freeze(Object.keys(APPLY));

/** The texts an event gives its sections (for the history's bracket counts). */
function textsOf(event) {
  switch (event.kind) {
    case "reportSeeded": return (event.sections ?? []).map((s) => [s.id, s.text]);
    case "sectionAdded": return event.section ? [[event.section.id, event.section.text]] : [];
    case "sectionEdited": return [[event.section, event.text]];
    default: return [];
  }
}

function record(history, event, seq, at) {
  for (const [id, text] of textsOf(event)) history.counts[id] = countBrackets(text);
  if (event.kind === "sectionRemoved") delete history.counts[event.section];
  const brackets = Object.values(history.counts).reduce((n, c) => n + c, 0);
  history.entries.push({ ...event, seq, at, brackets });
}

/** Folds one drafting event (`event.kind` in DRAFTING_KINDS) into `state`. */
export function foldDrafting(state, event, { seq, at, live }) {
  record(state.reportHistory, event, seq, at);
  if (!live) return;
  APPLY[event.kind](state.report, event, { seq, at, sides: state.session?.sides ?? [] });
  state.report.brackets = total(state.report.sections);
}
