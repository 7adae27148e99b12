/**
 * A report section's text on the page: sub-headings, paragraphs and list items
 * (sectiontext.js), each bracket a <mark> with its alternatives set apart; and a word
 * difference (diff.js) as <ins>/<del>. Text only, through text nodes; every piece of user
 * text has `dir="auto"`. Screen readers hear where a bracket or a change begins and ends.
 */

import { parseBrackets } from "./brackets.js";
import { h, replaceChildren } from "./dom.js";
import { sectionBlocks } from "./sectiontext.js";

const hidden = (text) => h("span", { class: "visually-hidden", text });

/** Plain runs as text, brackets as marks; a text that is not well formed stays plain. */
function inlineText(text, t) {
  const parsed = parseBrackets(text);
  return parsed.segments.map((segment) => {
    if (segment.type === "text") return segment.text;
    const parts = [];
    segment.alternatives.forEach((alternative, i) => {
      if (i > 0) parts.push(h("span", { class: "alt-sep" }, h("span", { attrs: { "aria-hidden": "true" }, text: "//" }), hidden(` ${t("brackets.or")} `)));
      parts.push(h("span", { class: "alt", text: alternative.trim() }));
    });
    return h("mark", { class: "bracket" }, hidden(`${t("brackets.start")} `), parts, hidden(` ${t("brackets.end")}`));
  });
}

export function renderSectionText(el, text, t) {
  const blocks = sectionBlocks(text).map((block) => {
    if (block.type === "heading") return h("h4", { class: "section-subheading", dir: "auto" }, inlineText(block.text, t));
    if (block.type === "list") return h("ul", {}, block.items.map((item) => h("li", { dir: "auto" }, inlineText(item, t))));
    return h("p", { dir: "auto" }, inlineText(block.text, t));
  });
  replaceChildren(el, blocks.length ? blocks : h("p", { class: "empty", text: t("report.emptyText") }));
}

/** `ops` from `wordDiff`: kept words as text, insertions in <ins>, deletions in <del>. */
export function renderDiff(el, ops, t) {
  replaceChildren(el, ops.map((op) => {
    if (op.op === "same") return op.text;
    const inserted = op.op === "ins";
    return h(inserted ? "ins" : "del", {}, hidden(`${inserted ? t("diff.ins") : t("diff.del")}: `), op.text, hidden(` ${t("diff.end")}`));
  }));
  el.setAttribute("dir", "auto");
}
