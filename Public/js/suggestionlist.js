/**
 * The suggestions of one report section, each attributed (name and side, time, the version
 * it was made on, the note) and shown as a word difference from that version. Waiting ones
 * (made on the current version) come with Apply and Dismiss for those who may edit the
 * section; outdated ones (made on an older version) follow in a closed disclosure, to read
 * only: the server no longer lets anyone apply them.
 */

import { reasonDisclosure } from "./controls.js";
import { wordDiff } from "./diff.js";
import { h, replaceChildren } from "./dom.js";
import { formatDateTime, formatTime, nameWithSide } from "./format.js";
import { outdatedSuggestions, sectionVersions } from "./reporthistory.js";
import { canEdit, isDrafting } from "./reportviews.js";
import { renderDiff } from "./sectionview.js";

export function renderSuggestions(container, section, { state, t, lang, command }) {
  const waiting = state.report.suggestions.filter((s) => s.section === section.id);
  const outdated = outdatedSuggestions(state, section);
  const editor = canEdit(state, section);
  container.hidden = waiting.length + outdated.length === 0 || !isDrafting(state);
  const signature = container.hidden ? null : JSON.stringify([lang(), section.version, section.title, editor, waiting, outdated]);
  if (container.__signature === signature) return;
  container.__signature = signature;
  if (container.hidden) {
    container.replaceChildren();
    return;
  }
  const headingId = `section-${section.id}-suggestions-h`;
  container.setAttribute("aria-labelledby", headingId);
  const versions = sectionVersions(state, section.id);
  const wasOpen = !!container.querySelector(".outdated-suggestions")?.open;
  const item = (s, actions) => {
    const base = versions.find((v) => v.version === s.version)?.text ?? section.text;
    const diff = h("div", { class: "diff-text" });
    renderDiff(diff, wordDiff(base, s.text), t);
    return h("li", { class: "suggestion", dataset: { suggestion: String(s.id) } },
      h("p", { class: "meta" },
        h("span", { class: "id", text: `#${s.id}` }),
        h("span", { class: "author", dir: "auto", text: nameWithSide(state, s.by, t) }),
        h("time", { dateTime: s.at ?? "", title: formatDateTime(s.at, lang()), text: formatTime(s.at, lang()) }),
        h("span", { text: t("report.onVersion", { n: s.version }) })),
      s.note ? h("p", { class: "suggestion-note" }, h("strong", { text: `${t("report.note")}: ` }), h("span", { dir: "auto", text: s.note })) : null,
      diff, actions);
  };
  replaceChildren(container,
    h("h4", { id: headingId, text: waiting.length ? t("report.suggestions", { n: waiting.length }) : t("report.noneWaiting") }),
    waiting.length ? h("ol", { class: "suggestion-list" }, waiting.map((s) => item(s, editor ? actionsOf(s, t, command) : null))) : null,
    outdated.length ? h("details", { class: "outdated-suggestions", open: wasOpen },
      h("summary", { text: t("report.outdated", { n: outdated.length }) }),
      h("p", { class: "hint", text: t("report.outdatedHint", { version: section.version }) }),
      h("ol", { class: "suggestion-list" }, outdated.map((s) => item(s, null)))) : null);
}

function actionsOf(s, t, command) {
  return h("div", { class: "actions" },
    h("button", {
      type: "button", class: "primary act-apply", text: t("report.apply"), dataset: { focus: `apply-${s.id}` },
      attrs: { "aria-label": `${t("report.apply")} #${s.id}` },
      on: { click: () => command({ type: "applySuggestion", suggestion: s.id }, t("report.apply")) },
    }),
    reasonDisclosure({
      id: `dismiss-${s.id}`, action: t("report.dismiss"), summaryLabel: `${t("report.dismiss")} #${s.id}`,
      inputLabel: t("card.rejectReason"), required: false, className: "act-dismiss",
      onSubmit: (reason) => command(reason ? { type: "dismissSuggestion", suggestion: s.id, reason } : { type: "dismissSuggestion", suggestion: s.id }, t("report.dismiss")),
    }));
}
