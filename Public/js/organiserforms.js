/**
 * The organiser's console's pure parts: the form that creates a session read into a
 * SessionSpec, and a pasted list of invitations read into participants. Nothing here
 * touches the page or the network. The checks are the API's own, so that an organiser
 * hears of a mistake before sending; the server stays the authority and its refusals
 * are shown as they come.
 */

export const ROLES = ["facilitator", "cochair", "member", "observer"];

/** The API's limits (`docs/protocol.md`, SessionSpec). */
export const LIMITS = {
  title: 300, name: 100, agendaItems: 100, heldTerms: 500, heldTerm: 100, date: 100, about: 5000, groundRules: 20000, minutes: 1440,
};

const CONTROLS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
/** Control characters a text of several lines may not hold (line breaks and tabs it may). */
const MULTILINE_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;
const IDENTIFIER = /^[a-z0-9_-]{1,64}$/;

/** The lines of `text`, trimmed, blank ones left out. */
export function lines(text) {
  return String(text ?? "")
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** Held terms: one per line or separated by commas, each once. */
export function heldTerms(text) {
  const seen = new Set();
  const terms = [];
  for (const term of String(text ?? "").split(/[,\n\r]/).map((t) => t.trim())) {
    const key = term.toLowerCase();
    if (term === "" || seen.has(key)) continue;
    seen.add(key);
    terms.push(term);
  }
  return terms;
}

/** Characters as a reader counts them (grapheme clusters). */
function length(text) {
  if (typeof Intl !== "undefined" && Intl.Segmenter) {
    return [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)].length;
  }
  return [...text].length;
}

/** Whether `text` fits `max` characters as the server counts them: graphemes, and 4 bytes of UTF-8 each. */
function fits(text, max) {
  return length(text) <= max && new TextEncoder().encode(text).length <= max * 4;
}

/** Why a one-line text field would be refused, as `{key, params}`, or null. */
function lineProblem(text, max) {
  if (text === "") return { key: "admin.problemEmpty" };
  if (CONTROLS.test(text)) return { key: "admin.problemControls" };
  if (!fits(text, max)) return { key: "admin.problemTooLong", params: { max } };
  return null;
}

/**
 * An agenda line: its title, and its minutes when it ends with `| N` ("Obstacles | 30").
 * A `|` followed by anything but a number is part of the title.
 */
export function agendaLine(line) {
  const match = /^(.*?)\s*\|\s*(\d+)$/u.exec(line);
  return match ? { title: match[1].trim(), minutes: Number(match[2]) } : { title: line };
}

/** Latin letters that do not decompose to ASCII (Azerbaijani ə and ı among them). */
const LATIN = { ə: "e", ı: "i", ß: "ss", ø: "o", ł: "l", đ: "d", æ: "ae", œ: "oe" };

/**
 * A side's id from its name: lower-case ASCII letters and digits, else `side-N`; never
 * `joint`, which names the report's joint sections.
 */
export function sideID(name, index) {
  const ascii = String(name ?? "")
    .toLowerCase()
    .replace(/[əıßøłđæœ]/g, (letter) => LATIN[letter])
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 24);
  return IDENTIFIER.test(ascii) && ascii !== "joint" ? ascii : `side-${index + 1}`;
}

/**
 * The SessionSpec of the console's form, with the problems the API would refuse it for
 * (`[{field, key, params}]`, empty when none). `fields` holds the form's raw strings:
 * `title`, `series`, `sideA`/`sideB` (`{name, adjective}`), `agenda` (one item per line),
 * `heldTerms`, `attribution`, `floor`, `slowModeSeconds`, `observersMayExport`,
 * `reportDate`, `reportAbout`, `groundRules` (text, optional) and `phased` (every item
 * starts in its `positions` phase). An agenda line may end with `| N`, the item's minutes.
 */
export function specFromForm(fields) {
  const problems = [];
  const problem = (field, found) => {
    if (found) problems.push({ field, ...found });
  };
  const title = String(fields.title ?? "").trim();
  problem("title", lineProblem(title, LIMITS.title));
  const series = String(fields.series ?? "").trim();
  if (series !== "") problem("series", lineProblem(series, LIMITS.title));

  const sides = [fields.sideA, fields.sideB].map((side, index) => {
    const name = String(side?.name ?? "").trim();
    const adjective = String(side?.adjective ?? "").trim();
    const field = index === 0 ? "sideA" : "sideB";
    problem(field, lineProblem(name, LIMITS.title));
    if (adjective !== "") problem(`${field}-adjective`, lineProblem(adjective, LIMITS.title));
    return { id: sideID(name, index), name, ...(adjective ? { adjective } : {}) };
  });
  if (sides[0].name !== "" && sides[0].name.toLocaleLowerCase() === sides[1].name.toLocaleLowerCase()) {
    problems.push({ field: "sideB", key: "admin.problemSameSides" });
  } else if (sides[0].id === sides[1].id) {
    sides[1].id = `${sides[1].id.slice(0, 60)}-2`;
  }

  const agenda = lines(fields.agenda).map((line) => ({ ...agendaLine(line), ...(fields.phased ? { phase: "positions" } : {}) }));
  if (agenda.length === 0) problems.push({ field: "agenda", key: "admin.problemNoAgenda" });
  if (agenda.length > LIMITS.agendaItems) {
    problems.push({ field: "agenda", key: "admin.problemTooMany", params: { max: LIMITS.agendaItems } });
  }
  for (const item of agenda) {
    problem("agenda", lineProblem(item.title, LIMITS.title));
    if (item.minutes !== undefined && (item.minutes < 1 || item.minutes > LIMITS.minutes)) {
      problems.push({ field: "agenda", key: "admin.problemMinutes", params: { max: LIMITS.minutes } });
    }
  }

  const terms = heldTerms(fields.heldTerms);
  if (terms.length > LIMITS.heldTerms) {
    problems.push({ field: "heldTerms", key: "admin.problemTooMany", params: { max: LIMITS.heldTerms } });
  }
  for (const term of terms) problem("heldTerms", lineProblem(term, LIMITS.heldTerm));

  const slow = String(fields.slowModeSeconds ?? "").trim();
  const slowModeSeconds = slow === "" ? 0 : Number(slow);
  if (!Number.isInteger(slowModeSeconds) || slowModeSeconds < 0 || slowModeSeconds > 86400) {
    problems.push({ field: "slowModeSeconds", key: "admin.problemSeconds" });
  }

  const rules = {
    floor: fields.floor === "queue" ? "queue" : "open",
    slowModeSeconds: Number.isInteger(slowModeSeconds) ? slowModeSeconds : 0,
    heldTerms: terms,
    attribution: fields.attribution === "names" ? "names" : "sides",
    observersMayExport: fields.observersMayExport !== false,
  };
  const spec = { title, ...(series ? { series } : {}), sides, agenda, rules };

  const date = String(fields.reportDate ?? "").trim();
  const about = String(fields.reportAbout ?? "").trim();
  if (date !== "") problem("reportDate", lineProblem(date, LIMITS.date));
  if (!fits(about, LIMITS.about)) {
    problems.push({ field: "reportAbout", key: "admin.problemTooLong", params: { max: LIMITS.about } });
  }
  if (date || about) spec.report = { ...(date ? { date } : {}), ...(about ? { about } : {}) };

  const groundRules = String(fields.groundRules ?? "").replace(/\r\n?/g, "\n").trim();
  if (groundRules !== "") {
    if (MULTILINE_CONTROLS.test(groundRules)) problems.push({ field: "groundRules", key: "admin.problemRulesControls" });
    else if (!fits(groundRules, LIMITS.groundRules)) {
      problems.push({ field: "groundRules", key: "admin.problemTooLong", params: { max: LIMITS.groundRules } });
    }
    spec.groundRules = { version: 1, text: groundRules };
  }

  // Problems of one field are said once, the first found.
  const first = problems.filter((p, i) => problems.findIndex((q) => q.field === p.field) === i);
  return { spec, problems: first };
}

const ROLE_WORDS = new Map([
  ["facilitator", "facilitator"],
  ["cochair", "cochair"],
  ["co-chair", "cochair"],
  ["co chair", "cochair"],
  ["chair", "cochair"],
  ["member", "member"],
  ["observer", "observer"],
]);

/** The session's side named by `word`: its id, its name or its adjective, in any case. */
function findSide(word, sides) {
  const wanted = word.trim().toLowerCase();
  return sides.find((side) =>
    [side.id, side.name, side.adjective].some((name) => name && name.toLowerCase() === wanted));
}

/**
 * Why the server would refuse to invite `person` (`{name, role, side}`, the side as its
 * id, name or adjective, or empty), given the names and co-chairs already `taken`:
 * `{problem: {key, params}}`, or `{invitation: {name, role, side?}}` with the side's id.
 */
export function checkInvitation(person, sides, taken) {
  const name = String(person.name ?? "").trim();
  const role = ROLE_WORDS.get(String(person.role ?? "").trim().toLowerCase());
  const fail = (key, params) => ({ problem: { key, params } });
  if (!role) return fail("admin.problemNoRole");
  const nameProblem = lineProblem(name, LIMITS.name);
  if (nameProblem) return fail(nameProblem.key, nameProblem.params);
  if (taken.names.has(name.toLocaleLowerCase())) return fail("admin.problemDuplicate");
  const sideWord = String(person.side ?? "").trim();
  let side;
  if (sideWord !== "") {
    side = findSide(sideWord, sides);
    if (!side) return fail("admin.problemUnknownSide", { side: sideWord });
  }
  if (role === "facilitator" && side) return fail("admin.problemFacilitatorSide");
  if ((role === "cochair" || role === "member") && !side) return fail("admin.problemNeedsSide");
  if (role === "cochair" && taken.chairs.has(side.id)) return fail("admin.problemSecondChair", { side: side.name });
  return { invitation: { name, role, ...(side ? { side: side.id } : {}) } };
}

/** The names and co-chaired sides of the session's active participants. */
export function takenBy(existing) {
  const active = existing.filter((p) => !p.removed);
  return {
    names: new Set(active.map((p) => p.name.toLocaleLowerCase())),
    chairs: new Set(active.filter((p) => p.role === "cochair").map((p) => p.side)),
  };
}

/**
 * Invitations pasted as lines of "name, role, side" (or tab-separated, as a spreadsheet
 * pastes them); the side may be left out for a facilitator or an observer. A name may
 * itself hold commas: the role and side are the last fields. Returns
 * `{invitations: [{line, name, role, side?}], problems: [{line, text, key, params}]}`;
 * a line with a problem is not in `invitations`. `existing` are the session's
 * participants: an active one's name, or a side's co-chair, is taken. Lines starting
 * with `#` are comments.
 */
export function parseInvitations(text, sides, existing = []) {
  const invitations = [];
  const problems = [];
  const taken = takenBy(existing);
  String(text ?? "")
    .split(/\r\n|\r|\n/)
    .forEach((raw, index) => {
      const line = index + 1;
      const source = raw.trim();
      if (source === "" || source.startsWith("#")) return;
      const fields = source.split(source.includes("\t") ? "\t" : ",").map((f) => f.trim());
      const fail = (key, params) => problems.push({ line, text: source, key, params });
      let roleAt = fields.length - 1;
      while (roleAt > 0 && !ROLE_WORDS.has(fields[roleAt].toLowerCase())) roleAt -= 1;
      if (roleAt === 0) return fail("admin.problemNoRole");
      const sideWords = fields.slice(roleAt + 1).filter((f) => f !== "");
      if (sideWords.length > 1) return fail("admin.problemFields");
      const { problem, invitation } = checkInvitation(
        { name: fields.slice(0, roleAt).join(", "), role: fields[roleAt], side: sideWords[0] }, sides, taken);
      if (problem) return fail(problem.key, problem.params);
      taken.names.add(invitation.name.toLocaleLowerCase());
      if (invitation.role === "cochair") taken.chairs.add(invitation.side);
      invitations.push({ line, ...invitation });
    });
  return { invitations, problems };
}

/** The absolute join link of an invitation (`joinUrl` is `/s/{id}#{token}`). */
export function joinLink(origin, joinUrl) {
  return new URL(joinUrl, origin).href;
}
