/**
 * Display helpers shared by the room's parts: names, times, refusals. No DOM.
 */

import { itemKinds } from "./views.js";

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

/**
 * A date and time in the interface's language; where the browser has no data for it
 * (Armenian in Chromium), in numbers as the language writes them ("03.12.2026, 14:05"),
 * rather than with English month names.
 */
export function formatDateTime(iso, lang) {
  const date = new Date(iso ?? "");
  if (Number.isNaN(date.getTime())) return "";
  if (Intl.DateTimeFormat.supportedLocalesOf([lang]).length === 0) {
    const two = (n) => String(n).padStart(2, "0");
    return `${two(date.getDate())}.${two(date.getMonth() + 1)}.${date.getFullYear()}, ${formatTime(iso, lang)}`;
  }
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", hourCycle: HOUR_CYCLE[lang] }).format(date);
}

/**
 * `n` minutes in words, by Intl ("12 minutes", "12 րոպե"); the interface's own words where
 * the browser has no data for the language.
 */
export function formatMinutes(n, lang, t) {
  if (Intl.NumberFormat.supportedLocalesOf([lang]).length === 0) return t("time.minutes", { n });
  return new Intl.NumberFormat(lang, { style: "unit", unit: "minute", unitDisplay: "long" }).format(n);
}

/**
 * An item's time (views.js `timebox`) in words, with its state for styling: `waiting`
 * (its time has not begun), `left`, `up` (the last minute is over), `over`. Minutes left
 * are rounded up, so it never reads "0 minutes left" while time remains. Null without time.
 */
export function timeLeftText(box, t, lang) {
  if (!box) return null;
  const minutes = (n) => formatMinutes(n, lang, t);
  if (box.leftMs === null) return { state: "waiting", text: t("time.notStarted", { time: minutes(box.minutes) }) };
  if (box.leftMs >= 60_000) return { state: "left", text: t("time.left", { time: minutes(Math.ceil(box.leftMs / 60_000)) }) };
  if (box.leftMs > 0) return { state: "left", text: t("time.underMinute") };
  if (box.leftMs > -60_000) return { state: "up", text: t("time.up") };
  return { state: "over", text: t("time.over", { time: minutes(Math.floor(-box.leftMs / 60_000)) }) };
}

/** A language tag's name in the interface's language ("Russian", "ռուսերեն"); the tag itself when unknown. */
export function languageName(tag, lang) {
  try {
    return new Intl.DisplayNames([lang], { type: "language", fallback: "code" }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** The server's message for a command refused until the ground rules are accepted (docs/protocol.md). */
const RULES_FIRST = "accept the ground rules first";

/**
 * A refusal in words, in the reader's language: said precisely where the room's `state`
 * and the `command` refused tell what happened (a `closed` says what is closed, an
 * `invalid` post what the item's phase takes, a `conflict` what changed meanwhile, a
 * `rateLimited` post the slow mode's pace, a `tooLong` text the limit), else the code's
 * meaning. The server's own detail is English and is not shown (main.js logs it to the
 * browser's console, for whoever debugs): every reader gets the same words in their own
 * language.
 * An `unconfirmed` failure may have been saved, so it never reads "try again".
 */
export function refusalText(error, t, { state, command } = {}) {
  if (error.unconfirmed) return t("error.unconfirmed");
  return preciseReason(error, state, command, t) ?? t(`error.${error.code}`, {}, null) ?? t("error.unknown");
}

function preciseReason(error, state, command, t) {
  switch (error.code) {
    case "closed": {
      const key = closedReason(state, command);
      return key ? t(key) : null;
    }
    case "forbidden":
      return error.message === RULES_FIRST ? t("error.acceptRules") : null;
    case "invalid":
      return phaseReason(state, command, t);
    case "conflict":
      return conflictReason(state, command, t);
    case "rateLimited": {
      const pace = state?.session?.rules?.slowModeSeconds;
      return pace > 0 && command?.type === "post" ? t("error.slowMode", { n: pace }) : null;
    }
    case "tooLong": {
      // The rules' limit is that of posts, amendments and translations (reasons and
      // sections have their own, checked before sending).
      const max = state?.session?.rules?.maxLength;
      return max > 0 && ["post", "amend", "translate"].includes(command?.type) ? t("error.tooLongMax", { max }) : null;
    }
    default:
      return null;
  }
}

/** Why a post was `invalid`, when the item's phase does not take its kind; null otherwise. */
function phaseReason(state, command, t) {
  if (!state?.session || command?.type !== "post") return null;
  const item = state.agenda?.find((i) => i.id === command.item);
  if (!item?.phase || item.phase === "closed" || itemKinds(state, item.id).includes(command.kind)) return null;
  return t(`error.phase${item.phase[0].toUpperCase()}${item.phase.slice(1)}`);
}

/** What changed before a facilitation command arrived (`conflict`), as the room now stands; null when unknown. */
function conflictReason(state, command, t) {
  if (!state?.session || !command) return null;
  switch (command.type) {
    case "advancePhase": {
      const item = state.agenda?.find((i) => i.id === command.item);
      if (!item?.phase) return null;
      if (item.phase !== command.from) return t("error.phaseMoved", { phase: t(`phase.${item.phase}`) });
      return state.you?.side && item.phaseRequestedBy.includes(state.you.side) ? t("error.phaseAsked") : null;
    }
    case "verifyTranslation": {
      const c = state.contributions?.[command.contribution];
      const translation = c?.translations[command.language];
      if (!translation) return null;
      if (translation.seq !== command.translation) return t("error.translationReplaced");
      if (translation.version !== c.version) return t("error.translationOutdated");
      return translation.verifiedBy ? t("error.translationVerified") : null;
    }
    case "acceptRules": {
      const rules = state.session.groundRules;
      return rules && rules.version !== command.version ? t("error.rulesChanged") : null;
    }
    default:
      return null;
  }
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

/** The paragraphs of a text (separated by blank lines), each trimmed, its own line breaks kept. */
export function paragraphs(text) {
  return String(text ?? "").replace(/\r\n?/g, "\n").split(/\n[ \t]*\n\s*/)
    .map((p) => p.trim()).filter((p) => p !== "");
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
