/**
 * The pending suggestions of one report section, each attributed (name and side, time,
 * the version it was made on, the note) and shown as a word difference from that version,
 * with Apply and Dismiss for those who may edit the section.
 */

import { reasonDisclosure } from "./controls.js";
import { wordDiff } from "./diff.js";
import { h, replaceChildren } from "./dom.js";
import { formatDateTime, formatTime, nameWithSide } from "./format.js";
import { sectionVersions } from "./reporthistory.js";
import { isDrafting, suggestionState } from "./reportviews.js";
import { renderDiff } from "./sectionview.js";

export function renderSuggestions(container, section, { state, t, lang, command }) {
  const list = state.report.suggestions.filter((s) => s.section === section.id);
  const rows = list.map((s) => ({ s, ...suggestionState(state, s) }));
  container.hidden = list.length === 0 || !isDrafting(state);
  const signature = container.hidden ? null : JSON.stringify([lang(), section.version, section.title, rows]);
  if (container.__signature === signature) return;
  container.__signature = signature;
  if (container.hidden) {
    container.replaceChildren();
    return;
  }
  const headingId = `section-${section.id}-suggestions-h`;
  container.setAttribute("aria-labelledby", headingId);
  const versions = sectionVersions(state, section.id);
  replaceChildren(container,
    h("h4", { id: headingId, text: t("report.suggestions", { n: list.length }) }),
    h("ol", { class: "suggestion-list" }, rows.map(({ s, editor, current }) => {
      const base = versions.find((v) => v.version === s.version)?.text ?? section.text;
      const diff = h("div", { class: "diff-text" });
      renderDiff(diff, wordDiff(base, s.text), t);
      const actions = [];
      if (editor && current) {
        actions.push(h("button", {
          type: "button", class: "primary act-apply", text: t("report.apply"), dataset: { focus: `apply-${s.id}` },
          attrs: { "aria-label": `${t("report.apply")} #${s.id}` },
          on: { click: () => command({ type: "applySuggestion", suggestion: s.id }, t("report.apply")) },
        }));
      }
      if (editor) {
        actions.push(reasonDisclosure({
          id: `dismiss-${s.id}`, action: t("report.dismiss"), summaryLabel: `${t("report.dismiss")} #${s.id}`,
          inputLabel: t("card.rejectReason"), required: false, className: "act-dismiss",
          onSubmit: (reason) => command(reason ? { type: "dismissSuggestion", suggestion: s.id, reason } : { type: "dismissSuggestion", suggestion: s.id }, t("report.dismiss")),
        }));
      }
      return h("li", { class: "suggestion", dataset: { suggestion: String(s.id) } },
        h("p", { class: "meta" },
          h("span", { class: "id", text: `#${s.id}` }),
          h("span", { class: "author", dir: "auto", text: nameWithSide(state, s.by, t) }),
          h("time", { dateTime: s.at ?? "", title: formatDateTime(s.at, lang()), text: formatTime(s.at, lang()) }),
          h("span", { text: t("report.onVersion", { n: s.version }) })),
        s.note ? h("p", { class: "suggestion-note" }, h("strong", { text: `${t("report.note")}: ` }), h("span", { dir: "auto", text: s.note })) : null,
        diff,
        current ? null : h("p", { class: "hint", text: t("report.suggestionStale", { version: section.version }) }),
        actions.length ? h("div", { class: "actions" }, actions) : null);
    })));
}
