/**
 * Display helpers shared by the room's parts: names, times, refusals. No DOM.
 */

/** "Leonid Nersisyan", or the operator, or the id when the participant is unknown. */
export function nameOf(state, principal, t) {
  if (principal === "admin") return t("who.admin");
  return state.participants[principal]?.name ?? principal ?? "";
}

export function sideName(state, sideId) {
  return state.session?.sides?.find((s) => s.id === sideId)?.name ?? "";
}

/** "Leonid Nersisyan (Armenia)" or "Facilitator". */
export function nameWithSide(state, participantId, t) {
  const p = state.participants[participantId];
  if (!p) return nameOf(state, participantId, t);
  const side = sideName(state, p.side);
  return side ? `${p.name} (${side})` : p.name;
}

/**
 * The clock of each interface language, said outright: a browser without the locale's
 * data (Chromium ships none for Armenian) falls back to en-US and a 12-hour clock.
 */
const HOUR_CYCLE = { en: undefined, hy: "h23", az: "h23", ru: "h23" };

export function formatTime(iso, lang) {
  const date = new Date(iso ?? "");
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: HOUR_CYCLE[lang] }).format(date);
}

export function formatDateTime(iso, lang) {
  const date = new Date(iso ?? "");
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", hourCycle: HOUR_CYCLE[lang] }).format(date);
}

/**
 * A refusal in words: the localized meaning of its code, then the server's detail. An
 * `unconfirmed` failure may have been saved, so it never reads "try again". Given the
 * room's `state` and the `command` refused, a `closed` says what is closed, in the
 * reader's language, and the server's English detail is left out.
 */
export function refusalText(error, t, { state, command } = {}) {
  const closed = error.code === "closed" ? closedReason(state, command) : null;
  if (closed) return t(closed);
  const known = t(error.unconfirmed ? "error.unconfirmed" : `error.${error.code}`, {}, null);
  const detail = error.message ? ` (${error.message})` : "";
  return `${known ?? t("error.unknown")}${detail}`;
}

/** What a `closed` refusal of `command` was about, as the room now stands; null when unknown. */
function closedReason(state, command) {
  if (!state?.session || !command) return null;
  if (state.session.state === "closed") return "error.sessionClosed";
  if (state.report?.state === "final" && command.section !== undefined) return "error.reportFinal";
  const item = command.item ?? state.contributions?.[command.contribution]?.item;
  if (item && state.agenda?.find((i) => i.id === item)?.state === "closed") return "error.itemClosed";
  if (command.type === "amend") return "error.editWindow";
  return null;
}

/** The first `max` characters of `text`, on a word boundary when possible. */
export function excerpt(text, max = 80) {
  if (!text) return "";
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}
