/**
 * A report section's history in a disclosure: every version (who, when, from which
 * suggestion) and a word difference between any two chosen versions.
 */

import { wordDiff } from "./diff.js";
import { h, replaceChildren } from "./dom.js";
import { formatDateTime, nameWithSide } from "./format.js";
import { sectionVersions } from "./reporthistory.js";
import { renderDiff } from "./sectionview.js";

export function renderHistory(details, section, { state, t, lang }) {
  const versions = sectionVersions(state, section.id);
  const signature = JSON.stringify([lang(), versions.map((v) => v.seq)]);
  if (details.__signature === signature) return;
  details.__signature = signature;
  const id = `history-${section.id}`;
  const previous = { from: details.querySelector(`#${id}-from`)?.value, to: details.querySelector(`#${id}-to`)?.value };
  const list = h("ol", { class: "versions" }, versions.map((v) => h("li", { dataset: { version: String(v.version) } },
    h("strong", { text: t("report.version", { n: v.version }) }), " · ",
    h("span", { dir: "auto", text: nameWithSide(state, v.by, t) }), " · ",
    h("time", { dateTime: v.at ?? "", text: formatDateTime(v.at, lang()) }),
    v.suggestion ? ` · ${t("report.fromSuggestion", { id: v.suggestion.id, who: nameWithSide(state, v.suggestion.by, t) })}` : null)));
  const content = [h("summary", { text: t("report.history", { n: versions.length }) }), list];
  if (versions.length > 1) {
    const choose = (which, label, value) => {
      const select = h("select", { id: `${id}-${which}` },
        versions.map((v) => h("option", { value: String(v.version), text: t("report.version", { n: v.version }) })));
      select.value = versions.some((v) => String(v.version) === value) ? value : select.value;
      return [h("label", { htmlFor: select.id, text: label }), select];
    };
    const [fromLabel, from] = choose("from", t("report.compareFrom"), previous.from ?? String(versions.at(-2).version));
    const [toLabel, to] = choose("to", t("report.compareTo"), previous.to ?? String(versions.at(-1).version));
    const output = h("div", { class: "diff-text", id: `${id}-diff`, attrs: { "aria-live": "polite" } });
    const show = () => {
      const text = (value) => versions.find((v) => String(v.version) === value)?.text ?? "";
      renderDiff(output, wordDiff(text(from.value), text(to.value)), t);
    };
    from.addEventListener("change", show);
    to.addEventListener("change", show);
    show();
    content.push(h("div", { class: "compare" },
      h("div", { class: "row" }, h("div", { class: "field" }, fromLabel, from), h("div", { class: "field" }, toLabel, to)),
      h("p", { class: "hint", text: t("report.diffLegend") }), output));
  }
  replaceChildren(details, content);
}
