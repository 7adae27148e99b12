/**
 * Translations beside their original (contract §6): each one under the text it translates,
 * never instead of it, marked up in its own language (`lang`, `dir="auto"`) and said to be
 * the translator's words, with its standing: unverified, verified by the other side, or of
 * an earlier version. For who may, a Verify button and a Translate form.
 *
 * The Translate form of a contribution is built once and kept (`form`), so that what is
 * typed into it survives the live updates that redraw the card or line around it.
 */

import { h } from "./dom.js";
import { languageName, nameWithSide, refusalText, sideName } from "./format.js";
import { LANGUAGES } from "./i18n.js";
import { canTranslate, canVerifyTranslation, languageTag, translationStatus, verifyCommand } from "./views.js";

const OTHER = "other";

/**
 * @param {object} deps
 * @param {(key: string, vars?: object) => string} deps.t
 * @param {() => string} deps.lang
 * @param {(cmd: object, label: string, handlers?: object) => void} deps.command sends a command (main.js)
 */
export function createTranslations({ t, lang, command }) {
  /** Translate forms by `${scope}-${contribution id}`: one contribution may be drawn in two places. */
  const forms = new Map();

  /** What the translations of `c` look like for `you`: redraw when it changes. */
  function signature(state, c) {
    const verify = Object.entries(c.translations).map(([language, tr]) => canVerifyTranslation(state, c, tr) && language);
    return JSON.stringify([lang(), c.version, c.translations, verify]);
  }

  /** The list of `c`'s translations, or null when it has none; `controls` false leaves out Verify. */
  function list(state, c, { controls = true } = {}) {
    const languages = Object.keys(c.translations).sort();
    if (languages.length === 0) return null;
    return h("ul", { class: "translations", attrs: { "aria-label": t("translation.list", { id: c.id }) } },
      languages.map((language) => entry(state, c, language, controls)));
  }

  function entry(state, c, language, controls) {
    const tr = c.translations[language];
    const status = translationStatus(c, tr);
    const name = languageName(language, lang());
    const statusText = status === "verified"
      ? t("translation.verified", { side: sideName(state, tr.verifiedSide) })
      : t(status === "outdated" ? "translation.outdated" : "translation.unverified");
    const yours = controls && canVerifyTranslation(state, c, tr) ? sideName(state, state.you.side) : null;
    const verify = yours !== null
      ? h("button", {
        type: "button", class: "quiet act-verify", dataset: { language },
        text: t("translation.verify", { side: yours }),
        attrs: { "aria-label": t("translation.verifyLabel", { side: yours, language: name, id: c.id }) },
        // The translation on screen, as drawn: a newer one arriving first is not verified unread.
        on: { click: ((shown) => () => command(shown, t("translation.verifyShort")))(verifyCommand(c, language)) },
      })
      : null;
    return h("li", { class: "translation", dataset: { language, status } },
      h("p", { class: "translation-meta" },
        h("span", { class: "translation-language", text: t("translation.into", { language: name }) }), " ",
        name === language ? null : h("code", { class: "translation-tag", text: language }), name === language ? null : " ",
        h("span", { class: "translation-by", dir: "auto", text: t("translation.by", { who: nameWithSide(state, tr.by, t) }) }), " ",
        h("span", { class: `translation-status tag status-${status}`, dataset: { status }, text: statusText })),
      h("p", { class: "text translation-text", lang: language, dir: "auto", text: tr.text }),
      verify);
  }

  /** The Translate form of `c` in `scope` when `you` may translate it, else null (and forgotten). */
  function form(state, c, scope) {
    const key = `${scope}-${c.id}`;
    if (!canTranslate(state, c)) {
      forms.delete(key);
      return null;
    }
    let node = forms.get(key);
    if (!node) {
      node = buildForm(c, key);
      forms.set(key, node);
    }
    node.__update(state);
    return node;
  }

  function buildForm(c, key) {
    const id = (part) => `translate-${key}-${part}`;
    const current = LANGUAGES.some((l) => l.code === lang()) ? lang() : "en";
    const language = h("select", { id: id("lang") },
      LANGUAGES.map(({ code, name }) => h("option", { value: code, lang: code, text: name, selected: code === current })),
      h("option", { value: OTHER, text: t("translation.other") }));
    const tag = h("input", {
      id: id("tag"), type: "text", maxLength: 35, autocomplete: "off", spellcheck: false,
      attrs: { "aria-describedby": id("tag-hint") },
    });
    const tagRow = h("div", { class: "field" },
      h("label", { htmlFor: id("tag"), text: t("translation.tag") }), tag,
      h("p", { class: "hint", id: id("tag-hint"), text: t("translation.tagHint") }));
    const text = h("textarea", { id: id("text"), rows: 3, dir: "auto" });
    const replaces = h("p", { class: "hint", id: id("replaces") });
    const status = h("p", { class: "draft-status", id: id("status"), attrs: { "aria-live": "polite" } });
    const submit = h("button", { type: "submit", class: "act-translate-send", text: t("translation.send") });
    const formEl = h("form", { class: "translate-form stack" },
      h("div", { class: "field" }, h("label", { htmlFor: id("lang"), text: t("translation.language") }), language),
      tagRow,
      h("div", { class: "field" }, h("label", { htmlFor: id("text"), text: t("translation.text") }), text, replaces),
      submit, status);
    const details = h("details", { class: "moderate translate act-translate", dataset: { contribution: String(c.id) } },
      h("summary", { text: `${t("translation.translate")}…`, attrs: { "aria-label": t("translation.translateLabel", { id: c.id }) } }),
      formEl);

    let state = null;
    /** The tag chosen, canonical, or null while the free field holds no valid one. */
    const chosen = () => (language.value === OTHER ? languageTag(tag.value) : language.value);
    const refresh = () => {
      tagRow.hidden = language.value !== OTHER;
      const chosenTag = chosen();
      text.lang = chosenTag ?? "";
      const existing = chosenTag && state?.contributions[c.id]?.translations[chosenTag];
      replaces.hidden = !existing;
      replaces.textContent = existing ? t("translation.replaces", { language: languageName(chosenTag, lang()) }) : "";
      text.setAttribute("aria-describedby", existing ? id("replaces") : id("status"));
    };
    language.addEventListener("change", refresh);
    tag.addEventListener("input", refresh);
    const say = (words, tone) => {
      status.textContent = words;
      status.dataset.tone = tone;
    };
    formEl.addEventListener("submit", (event) => {
      event.preventDefault();
      const chosenTag = chosen();
      if (!chosenTag) {
        say(t("translation.badTag"), "refusal");
        return tag.focus();
      }
      if (!text.value.trim()) {
        say(t("compose.empty"), "refusal");
        return text.focus();
      }
      const cmd = { type: "translate", contribution: c.id, language: chosenTag, text: text.value };
      submit.disabled = true;
      say(t("compose.sending"), "pending");
      command(cmd, t("translation.translate"), {
        onAck: () => {
          submit.disabled = false;
          text.value = "";
          say(t("compose.sent"), "ok");
          details.open = false;
          details.querySelector("summary").focus();
        },
        onRefused: (error) => {
          submit.disabled = false;
          const reason = error.code === "offline"
            ? t("notice.offline", { action: t("translation.translate") })
            : refusalText(error, t, { state, command: cmd });
          say(t("editor.refused", { reason }), "refusal");
          text.focus();
        },
      });
    });
    details.__update = (next) => {
      state = next;
      refresh();
    };
    return details;
  }

  /** After a language change: the forms are built again in the new words. */
  function reset() {
    forms.clear();
  }

  return { signature, list, form, reset };
}
