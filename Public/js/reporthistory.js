/**
 * The report draft's history, derived from `state.reportHistory` (reportfold.js): every
 * version of each section, its outdated suggestions, the co-chairs the final report names,
 * the draft's bracket count over time, and the drafting events in words for the
 * screen-reader announcer. Pure: no DOM.
 */

import { nameWithSide, sideName } from "./format.js";

/** The events that change a text, and so the draft's bracket count. */
const TEXT_KINDS = Object.freeze(["reportSeeded", "sectionAdded", "sectionEdited", "sectionRemoved"]);

/**
 * Every version of section `id`, oldest first: `{version, title, text, by, at, seq,
 * suggestion}` (`suggestion`: the applied suggestion's id and author, or null).
 */
export function sectionVersions(state, id) {
  const versions = [];
  for (const entry of state.reportHistory.entries) {
    if (entry.kind === "reportSeeded" || entry.kind === "sectionAdded") {
      const created = entry.kind === "reportSeeded" ? entry.sections?.find((s) => s.id === id) : entry.section?.id === id && entry.section;
      if (created) versions.push(version(entry, 1, created.title, created.text, null));
    } else if (entry.kind === "sectionEdited" && entry.section === id) {
      const suggested = entry.suggestion == null ? null
        : state.reportHistory.entries.find((e) => e.kind === "suggested" && (e.suggestion ?? e.seq) === entry.suggestion);
      versions.push(version(entry, entry.version, entry.title, entry.text,
        entry.suggestion == null ? null : { id: entry.suggestion, by: suggested?.by ?? null }));
    }
  }
  return versions;
}

function version(entry, number, title, text, suggestion) {
  return { version: number, title, text: text ?? "", by: entry.by, at: entry.at, seq: entry.seq, suggestion };
}

/**
 * The suggestions on section `id` that no one applied or dismissed, oldest first, shaped as
 * the Session lists waiting ones: `{id, section, version, text, note, by, side, at}`.
 */
function unanswered(state, id) {
  const entries = state.reportHistory.entries;
  const answered = new Set(entries.filter((e) => e.kind === "suggestionApplied" || e.kind === "suggestionDismissed").map((e) => e.suggestion));
  return entries
    .filter((e) => e.kind === "suggested" && e.section === id && !answered.has(e.suggestion ?? e.seq))
    .map((e) => ({
      id: e.suggestion ?? e.seq, section: e.section, version: e.version, text: e.text ?? "",
      note: e.note ?? null, by: e.by, side: e.side ?? null, at: e.at,
    }));
}

/**
 * The outdated suggestions of `section`: made on an older version and never answered. They
 * no longer wait (the server neither lists nor applies them); the page still shows them.
 */
export function outdatedSuggestions(state, section) {
  return unanswered(state, section.id).filter((s) => s.version !== section.version);
}

/** Who the final report names as its co-chairs (`{participant, name, side}`), frozen when it was finalised. */
export function finalCochairs(state) {
  return state.reportHistory.entries.findLast((e) => e.kind === "reportFinalized")?.cochairs ?? [];
}

/** The draft's total bracket count after each change of text: `[{seq, at, brackets}]`. */
export function bracketSeries(state) {
  return state.reportHistory.entries
    .filter((e) => TEXT_KINDS.includes(e.kind))
    .map((e) => ({ seq: e.seq, at: e.at, brackets: e.brackets }));
}

/** A section's title, also once it has been removed. */
export function sectionTitle(state, id) {
  const current = state.report.sections.find((s) => s.id === id);
  if (current) return current.title;
  for (const entry of [...state.reportHistory.entries].reverse()) {
    if (entry.kind === "sectionEdited" && entry.section === id) return entry.title;
    if (entry.kind === "sectionAdded" && entry.section?.id === id) return entry.section.title;
    if (entry.kind === "reportSeeded") {
      const seeded = entry.sections?.find((s) => s.id === id);
      if (seeded) return seeded.title;
    }
  }
  return id;
}

/** A drafting event in words, for the aria-live announcer: a list of sentences. */
export function draftingAnnouncements(state, event, t) {
  const by = nameWithSide(state, event.by, t);
  const title = event.section != null ? sectionTitle(state, typeof event.section === "object" ? event.section.id : event.section) : "";
  const side = sideName(state, event.side);
  switch (event.kind) {
    case "reportSeeded":
      return [t("announce.reportSeeded", { by, n: event.sections?.length ?? 0 })];
    case "sectionAdded":
      return [t("announce.sectionAdded", { by, title })];
    case "sectionEdited": {
      const cleared = (event.cleared ?? []).map((s) => t("announce.signatureCleared", { side: sideName(state, s), title }));
      const lapsed = state.reportHistory.entries
        .filter((e) => e.kind === "sectionRemovalRequested" && e.section === event.section && e.version === event.replaced)
        .map((e) => t("announce.removalLapsed", { side: sideName(state, e.side), title }));
      const outdated = unanswered(state, event.section).filter((s) => s.version === event.replaced).length;
      const after = [...cleared, ...lapsed, ...(outdated ? [t("announce.suggestionsOutdated", { n: outdated, title })] : [])];
      return event.suggestion == null ? [t("announce.sectionEdited", { by, title, version: event.version }), ...after] : after;
    }
    case "suggested":
      return [t("announce.suggested", { by, title })];
    case "suggestionApplied":
      return [t("announce.suggestionApplied", { by, title })];
    case "suggestionDismissed":
      return [t("announce.suggestionDismissed", { by, title })];
    case "sectionSigned":
      return [t("announce.sectionSigned", { side, title })];
    case "signatureWithdrawn": {
      // A co-chair withdraws their own side's key; anyone else withdrew it by removing that co-chair.
      const own = state.participants[event.by]?.role === "cochair" && state.participants[event.by].side === event.side;
      return [own ? t("announce.signatureWithdrawn", { side, title }) : t("announce.signatureWithdrawnBy", { side, title, by })];
    }
    case "sectionMoved":
      return [t("announce.sectionMoved", { by, title }),
        ...(event.cleared ?? []).map((s) => t("announce.signatureClearedByMove", { side: sideName(state, s), title }))];
    case "sectionRemovalRequested":
      return [t("announce.removalRequested", { side, title })];
    case "sectionRemoved":
      return [t("announce.sectionRemoved", { by, title })];
    case "reportFinalized":
      return [t("announce.reportFinalized", { by })];
    default:
      return [];
  }
}
