import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { test } from "node:test";
import { LANGUAGES, STRINGS, createI18n, interpolate, pickLanguage } from "../../Public/js/i18n.js";
import { refusalText } from "../../Public/js/format.js";
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
  for (const code of ["invalid", "unauthorized", "forbidden", "notFound", "conflict", "tooLong", "rateLimited", "muted", "closed", "unavailable", "unknown", "offline", "unchanged"]) used.add(`error.${code}`);
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
  assert.match(unconfirmed, /^The server could not confirm that it was saved; check before trying again\. \(could not confirm\)$/);
});

test("a 'closed' refusal says what is closed, in the reader's language, when the room knows", () => {
  const { t } = createI18n(null, ["ru"]);
  const error = { code: "closed", message: "agenda item 'trust' is closed" };
  const state = { session: { state: "open" }, agenda: [{ id: "trust", state: "closed" }, { id: "next", state: "open" }], contributions: { 7: { item: "next" } }, report: { state: "drafting" } };
  assert.equal(refusalText(error, t, { state, command: { type: "post", item: "trust" } }), "Этот пункт повестки закрыт: под ним больше ничего нельзя опубликовать.");
  assert.equal(refusalText(error, t, { state, command: { type: "amend", contribution: 7 } }), "Время на изменение истекло.");
  assert.equal(refusalText(error, t, { state: { ...state, session: { state: "closed" } }, command: { type: "post", item: "next" } }), "Сессия закрыта: больше ничего нельзя опубликовать или изменить.");
  assert.match(refusalText(error, t), /^Закрыто: пункт, сессия или срок изменения\. \(agenda item 'trust' is closed\)$/, "without context: the code's meaning and the detail");
});
