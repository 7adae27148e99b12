/**
 * Contested text in a report section, bracketed as negotiators do: `we [[shall // should]]
 * open the border`. Mirrors the server's rules (contract §5): marks are found among code
 * points, so `[[` followed by a combining mark still opens a bracket; alternatives inside a
 * bracket are separated by ` // `; a `[[` inside a bracket, a `[[` never closed and a `]]` never
 * opened are errors, at a position counted in characters as a reader sees them, from 1.
 * Pure: no DOM, so the editor can warn before anything is sent.
 */

const OPEN = "[[";
const CLOSE = "]]";
const SEPARATOR = " // ";

/**
 * Splits `text` into plain runs and brackets.
 * Returns `{segments, brackets, error}`: `segments` are `{type: "text", text}` and
 * `{type: "bracket", alternatives: [string]}` in order; `brackets` is how many brackets
 * the text holds; `error` is null or `{reason: "nested"|"unclosed"|"unopened", position}`,
 * and then `segments` is the whole text as one plain run.
 */
export function parseBrackets(text) {
  const segments = [];
  let start = 0;
  let openedAt = -1;
  let i = 0;
  while (i < text.length) {
    if (text.startsWith(OPEN, i)) {
      if (openedAt >= 0) return failed(text, "nested", i);
      if (i > start) segments.push({ type: "text", text: text.slice(start, i) });
      openedAt = i;
      i += OPEN.length;
      start = i;
    } else if (text.startsWith(CLOSE, i)) {
      if (openedAt < 0) return failed(text, "unopened", i);
      segments.push({ type: "bracket", alternatives: text.slice(start, i).split(SEPARATOR) });
      openedAt = -1;
      i += CLOSE.length;
      start = i;
    } else {
      i += 1;
    }
  }
  if (openedAt >= 0) return failed(text, "unclosed", openedAt);
  if (start < text.length) segments.push({ type: "text", text: text.slice(start) });
  return { segments, brackets: segments.filter((s) => s.type === "bracket").length, error: null };
}

/** How many brackets `text` holds (0 when it is not well formed). */
export function countBrackets(text) {
  return parseBrackets(text ?? "").brackets;
}

function failed(text, reason, index) {
  return {
    segments: text ? [{ type: "text", text }] : [],
    brackets: 0,
    error: { reason, position: characterCount(text.slice(0, index)) + 1 },
  };
}

/** Characters as a reader sees them (grapheme clusters), as the server counts them. */
export function characterCount(text) {
  if (typeof Intl !== "undefined" && Intl.Segmenter) {
    let n = 0;
    for (const _ of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)) n += 1;
    return n;
  }
  return [...text].length;
}
