import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { test } from "node:test";
import { LANGUAGES, STRINGS, createI18n, interpolate, pickLanguage } from "../../Public/js/i18n.js";
import { formatDateTime, formatMinutes, formatTime, languageName, paragraphs, refusalText, timeLeftText } from "../../Public/js/format.js";
import { LOGGED_KINDS } from "../../Public/js/reducer.js";

const root = new URL("../../Public/", import.meta.url);

test("four languages, each with every string", () => {
  assert.deepEqual(LANGUAGES.map((l) => l.code), ["en", "hy", "az", "ru"]);
  // Plural variants ("key#one") are optional per language.
  const base = (table) => Object.keys(table).filter((k) => !k.includes("#")).sort();
  const keys = base(STRINGS.en);
  for (const { code } of LANGUAGES) {
    assert.deepEqual(base(STRINGS[code]), keys, `${code} has exactly the English keys`);
    for (const variant of Object.keys(STRINGS[code]).filter((k) => k.includes("#"))) {
      assert.ok(variant.split("#")[0] in STRINGS[code], `${code} ${variant} varies an existing key`);
    }
    for (const key of keys) {
      const placeholders = (s) => (s.match(/\{\w+\}/g) ?? []).sort();
      assert.deepEqual(placeholders(STRINGS[code][key]), placeholders(STRINGS.en[key]), `${code} ${key} keeps the placeholders`);
    }
  }
});

/** Every code the server sends (`ErrorCode.known`, Sources/ParleyCore/Refusal.swift), read from the source. */
const SERVER_CODES = [...readFileSync(new URL("../../Sources/ParleyCore/Refusal.swift", import.meta.url), "utf8")
  .matchAll(/static let \w+ = ErrorCode\(rawValue: "(\w+)"\)/g)].map((m) => m[1]);

test("every code the server sends has its words in every language, and none carries the server's English", () => {
  assert.ok(SERVER_CODES.includes("tooLarge") && SERVER_CODES.length >= 11, SERVER_CODES.join());
  const state = { session: { state: "open", rules: { slowModeSeconds: 30, maxLength: 2000 } }, agenda: [], contributions: {}, report: { state: "drafting" } };
  for (const lang of ["en", "hy", "az", "ru"]) {
    const { t } = createI18n(null, [lang]);
    for (const code of SERVER_CODES) {
      assert.notEqual(t(`error.${code}`, {}, null), null, `${lang}: error.${code}`);
      for (const command of [undefined, { type: "post", item: "x", kind: "position" }]) {
        const text = refusalText({ code, message: "the server's own English detail" }, t, { state, command });
        assert.doesNotMatch(text, /English detail/, `${lang} ${code}`);
        assert.notEqual(text, t("error.unknown"), `${lang} ${code} has words of its own`);
      }
    }
  }
  const { t } = createI18n(null, ["hy"]);
  assert.equal(refusalText({ code: "rateLimited" }, t, { state, command: { type: "post" } }), t("error.slowMode", { n: 30 }));
  assert.match(refusalText({ code: "rateLimited" }, t, { state, command: { type: "post" } }), /30/);
  assert.equal(refusalText({ code: "rateLimited" }, t, { state, command: { type: "endorse" } }), t("error.rateLimited"), "not a post: the command budget");
  assert.match(refusalText({ code: "tooLong" }, t, { state, command: { type: "amend" } }), /2000/);
  assert.equal(refusalText({ code: "tooLong" }, t, { state, command: { type: "redact" } }), t("error.tooLong"), "a reason's limit is not the rules'");
});

test("every key the code and the page use exists", () => {
  const used = new Set();
  const js = readdirSync(new URL("js/", root)).map((f) => readFileSync(new URL(`js/${f}`, root), "utf8"));
  const pages = ["index.html", "admin.html"].map((page) => readFileSync(new URL(page, root), "utf8"));
  const namespaces = new Set(Object.keys(STRINGS.en).map((k) => k.split(".")[0]));
  for (const source of [...js, ...pages]) {
    for (const [, key] of source.matchAll(/["']([a-z]+\.[a-zA-Z]+)["']/g)) {
      if (namespaces.has(key.split(".")[0]) && !key.endsWith(".js") && !key.endsWith(".css")) used.add(key);
    }
  }
  for (const kind of ["position", "comment", "proposal", "recommendation", "chat"]) used.add(`kind.${kind}`);
  for (const role of ["facilitator", "cochair", "member", "observer"]) used.add(`role.${role}`);
  for (const code of [...SERVER_CODES, "unknown", "offline", "unchanged"]) used.add(`error.${code}`);
  for (const kind of LOGGED_KINDS) used.add(`log.${kind}`);
  for (const action of ["redact", "reject", "approve"]) used.add(`card.${action}`);
  for (const view of ["report", "draft", "transcript"]) used.add(`exports.${view}`);
  for (const reason of ["nested", "unclosed", "unopened"]) used.add(`brackets.${reason}`);
  const missing = [...used].filter((key) => !(key in STRINGS.en));
  assert.deepEqual(missing, []);
});

test("the language follows the browser first, then the remembered choice", () => {
  assert.equal(pickLanguage(["hy-AM", "en"]), "hy");
  assert.equal(pickLanguage(["az-Latn-AZ"]), "az");
  assert.equal(pickLanguage(["de-DE", "ru"]), "ru");
  assert.equal(pickLanguage(["fr"]), "en");
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
  const first = createI18n(storage, ["en-US"]);
  assert.equal(first.lang, "en");
  first.setLang("az");
  assert.equal(first.t("floor.raise"), "Əl qaldır");
  assert.equal(createI18n(storage, ["en-US"]).lang, "az", "remembered");
});

test("placeholders are filled; a missing string falls back to English, then to the key", () => {
  assert.equal(interpolate("{a} and {b}", { a: "Հայաստան", b: "Azərbaycan" }), "Հայաստան and Azərbaycan");
  assert.equal(interpolate("{a} {missing}", { a: 1 }), "1 {missing}");
  const i18n = createI18n(null, ["ru"]);
  assert.equal(i18n.t("card.endorse", { side: "Armenia" }), "Поддержать от имени: Armenia");
  assert.equal(i18n.t("no.such"), "no.such");
  assert.equal(i18n.t("no.such", {}, null), null);
});

test("the Report tab's words exist in every language", () => {
  for (const { code } of LANGUAGES) {
    for (const key of ["tabs.report", "report.sign", "report.finalize", "editor.conflict", "brackets.unclosed", "announce.signatureCleared",
      "check.bidi", "check.tooLong", "check.titleBrackets", "check.suggestionLimit", "report.outdated", "announce.signatureWithdrawnBy"]) {
      assert.ok(STRINGS[code][key] && STRINGS[code][key] !== (code === "en" ? "" : STRINGS.en[key]), `${code} translates ${key}`);
    }
  }
  const ru = createI18n(null, ["ru"]);
  assert.equal(ru.t("report.bracketCount", { n: 3 }), "скобок: 3");
  const en = createI18n(null, ["en"]);
  assert.equal(en.t("report.bracketCount", { n: 1 }), "1 bracket");
  assert.equal(en.t("announce.signatureCleared", { side: "Azerbaijan", title: "Introduction" }),
    "Azerbaijan's signature on “Introduction” was cleared by an edit.");
});

test("counts take the language's plural form where one is given", () => {
  const en = createI18n(null, ["en"]);
  assert.equal(en.t("balance.contributions", { n: 1 }), "1 contribution");
  assert.equal(en.t("balance.contributions", { n: 2 }), "2 contributions");
  assert.equal(en.t("balance.words", { n: 0 }), "0 words");
  const ru = createI18n(null, ["ru"]);
  assert.equal(ru.t("balance.words", { n: 21 }), "слов: 21");
});

test("a save the server could not confirm never reads 'try again'", () => {
  const { t } = createI18n(null, ["en"]);
  const notSaved = refusalText({ code: "unavailable", message: "could not save" }, t);
  const unconfirmed = refusalText({ code: "unavailable", message: "could not confirm", unconfirmed: true }, t);
  assert.match(notSaved, /try again/);
  assert.doesNotMatch(unconfirmed, /try again/);
  assert.equal(unconfirmed, "The server could not confirm that it was saved; check before trying again.");
});

test("a 'closed' refusal says what is closed, in the reader's language, when the room knows", () => {
  const { t } = createI18n(null, ["ru"]);
  const error = { code: "closed", message: "agenda item 'trust' is closed" };
  const state = { session: { state: "open" }, agenda: [{ id: "trust", state: "closed" }, { id: "next", state: "open" }], contributions: { 7: { item: "next" } }, report: { state: "drafting" } };
  assert.equal(refusalText(error, t, { state, command: { type: "post", item: "trust" } }), "Этот пункт повестки закрыт: под ним больше ничего нельзя опубликовать.");
  assert.equal(refusalText(error, t, { state, command: { type: "amend", contribution: 7 } }), "Время на изменение истекло.");
  assert.equal(refusalText(error, t, { state: { ...state, session: { state: "closed" } }, command: { type: "post", item: "next" } }), "Сессия закрыта: больше ничего нельзя опубликовать или изменить.");
  assert.equal(refusalText(error, t), "Закрыто: пункт, сессия или срок изменения.", "without context: the code's meaning, never the server's English");
});

test("the words of facilitation exist in every language, the keys built at run time too", () => {
  const built = [
    ...["positions", "comments", "drafting", "closed"].map((p) => `phase.${p}`),
    ...["Comments", "Drafting", "Closed"].flatMap((p) => [`phase.move${p}`, `phase.ask${p}`, `phase.agree${p}`]),
    ...["Positions", "Comments", "Drafting"].flatMap((p) => [`compose.phase${p}`, `error.phase${p}`]),
    "time.minutes", "admin.chathamRules",
  ];
  for (const { code } of LANGUAGES) {
    for (const key of [...built, "rules.accept", "chat.audienceCaucus", "translation.verified", "translation.outdated", "error.acceptRules"]) {
      assert.ok(STRINGS[code][key], `${code} has ${key}`);
      if (code !== "en") assert.notEqual(STRINGS[code][key], STRINGS.en[key], `${code} translates ${key}`);
    }
    // The Chatham House text: the rule itself, then the room's manners, in paragraphs.
    assert.ok(paragraphs(STRINGS[code]["admin.chathamRules"]).length >= 4, `${code}: the Chatham House text has its paragraphs`);
  }
});

test("an item's time in words: minutes left rounded up, then up, then over", () => {
  const en = createI18n(null, ["en"]);
  const words = (leftMs, minutes = 30) => timeLeftText({ minutes, leftMs }, en.t, "en");
  assert.equal(timeLeftText(null, en.t, "en"), null);
  assert.deepEqual(words(null), { state: "waiting", text: "30 minutes, from the first post" });
  assert.deepEqual(words(12 * 60_000), { state: "left", text: "12 minutes left" });
  assert.deepEqual(words(11 * 60_000 + 1), { state: "left", text: "12 minutes left" }, "never 0 minutes while time remains");
  assert.deepEqual(words(60_000), { state: "left", text: "1 minute left" });
  assert.deepEqual(words(59_000), { state: "left", text: "Under a minute left" });
  assert.deepEqual(words(0), { state: "up", text: "Time is up" });
  assert.deepEqual(words(-4 * 60_000 - 30_000), { state: "over", text: "4 minutes over" });
  const ru = createI18n(null, ["ru"]);
  assert.equal(timeLeftText({ minutes: 30, leftMs: 5 * 60_000 }, ru.t, "ru").text, "Осталось: 5 минут");
  assert.equal(formatMinutes(3, "hy", createI18n(null, ["hy"]).t), "3 րոպե");
  assert.equal(formatMinutes(3, "qq", en.t), "3 min", "no Intl data for the language: the interface's own words");
});

test("facilitation refusals in people's words, from what the room now knows", () => {
  const { t } = createI18n(null, ["en"]);
  const state = {
    session: { state: "open", groundRules: { version: 2, text: "…" } },
    you: { id: "p2", role: "cochair", side: "am" },
    agenda: [{ id: "trust", state: "open", phase: "comments", phaseRequestedBy: ["am"] }],
    contributions: { 7: { id: 7, item: "trust", version: 2, translations: { ru: { seq: 9, version: 1, verifiedBy: null } } } },
    report: { state: "drafting" },
  };
  assert.equal(refusalText({ code: "forbidden", message: "accept the ground rules first" }, t),
    "Accept the ground rules first: until then you can read, but not take part.");
  assert.match(refusalText({ code: "forbidden", message: "only co-chairs and members translate" }, t), /^Your role may not do this\./);
  assert.equal(refusalText({ code: "invalid", message: "…" }, t, { state, command: { type: "post", item: "trust", kind: "proposal" } }),
    "This item is in its comments phase: post a position or a comment (or chat).");
  assert.match(refusalText({ code: "invalid", message: "x" }, t, { state, command: { type: "post", item: "trust", kind: "comment" } }),
    /^This could not be done as asked; nothing was changed\.$/, "a kind the phase takes: refused for another reason");
  assert.equal(refusalText({ code: "conflict" }, t, { state, command: { type: "advancePhase", item: "trust", from: "positions" } }),
    "The item had already moved on: it is now in its phase “Comments”.");
  assert.equal(refusalText({ code: "conflict" }, t, { state, command: { type: "advancePhase", item: "trust", from: "comments" } }),
    "Your side has already asked to move on: the other co-chair has to agree.");
  const verify = (translation) => refusalText({ code: "conflict" }, t, { state, command: { type: "verifyTranslation", contribution: 7, language: "ru", translation } });
  assert.equal(verify(8), "The translation was replaced before your verification arrived: read the new one.");
  assert.equal(verify(9), "The original was amended after this translation: it needs translating again.");
  assert.equal(refusalText({ code: "conflict" }, t, { state, command: { type: "acceptRules", version: 1 } }),
    "The ground rules changed before your acceptance arrived: read the new version.");
  const az = createI18n(null, ["az"]);
  assert.equal(refusalText({ code: "forbidden", message: "accept the ground rules first" }, az.t), az.t("error.acceptRules"));
});

test("ground rules keep their paragraphs and line breaks; language tags are named in the reader's language", () => {
  assert.deepEqual(paragraphs("One.\r\nStill one.\r\n\r\n  Two. \n \n\n\nThree."), ["One.\nStill one.", "Two.", "Three."]);
  assert.deepEqual(paragraphs(""), []);
  assert.equal(languageName("ru", "en"), "Russian");
  assert.equal(languageName("az-Latn", "ru"), "азербайджанский (латиница)");
  assert.equal(languageName("not a tag", "en"), "not a tag");
});

test("times and dates in each interface language: a 24-hour clock where the language uses one", () => {
  const afternoon = new Date(2026, 11, 3, 14, 5).toISOString();
  for (const lang of ["hy", "az", "ru"]) {
    assert.match(formatTime(afternoon, lang), /^14:05$/, lang);
    assert.doesNotMatch(formatDateTime(afternoon, lang), /AM|PM|Dec/, lang);
    assert.match(formatDateTime(afternoon, lang), /14:05/, lang);
  }
  assert.match(formatTime(afternoon, "en"), /02:05\sPM/);
  assert.match(formatDateTime(afternoon, "ru"), /2026/);
  // A language the browser has no data for is written in numbers, not in English words.
  const unknown = "tlh";
  assert.equal(Intl.DateTimeFormat.supportedLocalesOf([unknown]).length, 0, "the fixture language is unknown here");
  assert.match(formatDateTime(afternoon, unknown), /^03\.12\.2026, /);
  assert.equal(formatTime("not a time", "ru"), "");
});
