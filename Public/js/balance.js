/**
 * The participation-balance meter: how much each side has contributed, counted the same
 * way for both. Pure: no DOM.
 *
 * What counts: positions, comments, proposals and recommendations that everyone can see
 * (held and rejected texts are left out; chat is left out, it is side talk). A redacted
 * contribution still counts as a contribution, but its words no longer do (they are gone
 * from the record).
 */

const segmenters = new Map();

/** Words in `text`, counted as a reader sees them, in any script (Armenian, Azerbaijani…). */
export function countWords(text, locale = "en") {
  if (!text) return 0;
  if (typeof Intl !== "undefined" && Intl.Segmenter) {
    let segmenter = segmenters.get(locale);
    if (!segmenter) {
      segmenter = new Intl.Segmenter(locale, { granularity: "word" });
      segmenters.set(locale, segmenter);
    }
    let count = 0;
    for (const part of segmenter.segment(text)) if (part.isWordLike) count += 1;
    return count;
  }
  return text.split(/[\s\p{P}]+/u).filter(Boolean).length;
}

export const COUNTED_KINDS = Object.freeze(["position", "comment", "proposal", "recommendation"]);

/** Whether a contribution counts toward the meter. */
export function counts(contribution) {
  return COUNTED_KINDS.includes(contribution.kind) && contribution.status === "visible";
}

/**
 * The balance between `sides` (the session's two sides, in the session's order) over
 * `contributions` (optionally only those of agenda item `item`).
 * Returns one row per side: contributions, words and each one's share (0–1) of the total;
 * shares are 0.5/0.5 while nothing has been said, so an empty meter looks even.
 */
export function balance(contributions, sides, { item = null } = {}) {
  const rows = sides.map((side) => ({ side: side.id, name: side.name, contributions: 0, words: 0 }));
  const byId = new Map(rows.map((row) => [row.side, row]));
  for (const c of contributions) {
    if (!counts(c) || (item && c.item !== item)) continue;
    const row = byId.get(c.side);
    if (!row) continue;
    row.contributions += 1;
    if (!c.redaction) row.words += countWords(c.text ?? "");
  }
  const totalContributions = rows.reduce((n, r) => n + r.contributions, 0);
  const totalWords = rows.reduce((n, r) => n + r.words, 0);
  for (const row of rows) {
    row.contributionShare = totalContributions ? row.contributions / totalContributions : 1 / rows.length;
    row.wordShare = totalWords ? row.words / totalWords : 1 / rows.length;
  }
  return { rows, totalContributions, totalWords };
}
