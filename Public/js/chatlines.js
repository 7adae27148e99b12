/**
 * A chat line, as an item's chat and the chat panel draw it: time, who, the text (or its
 * tombstone), and for who may, approve and redact; then its translations and the
 * Translate form. In the chat panel a line also names its agenda item.
 */

import { reasonDisclosure } from "./controls.js";
import { h, replaceChildrenKeeping } from "./dom.js";
import { formatTime, nameOf, sideName } from "./format.js";
import { canApprove, canRedact, keyCommand } from "./views.js";

/**
 * @param {object} deps
 * @param {(key: string, vars?: object) => string} deps.t
 * @param {() => string} deps.lang
 * @param {(cmd: object, label: string) => void} deps.command
 * @param {object} deps.translations translations.js `createTranslations`
 */
export function createChatLines({ t, lang, command, translations }) {
  /**
   * Draws `c` into `line` (an `li.chat-line`) unless nothing it shows changed. `scope`
   * keeps the Translate forms of two drawings of one line apart; `item` names the agenda
   * item; `controls` false draws a copy to read, linked to the line where its controls are.
   */
  function draw(line, c, state, { scope, item = false, controls = true }) {
    const approve = controls && canApprove(state, c);
    const redact = controls && canRedact(state, c);
    const form = controls ? translations.form(state, c, scope) : null;
    const title = item ? state.agenda.find((i) => i.id === c.item)?.title ?? c.item : null;
    const signature = JSON.stringify([lang(), c.text, c.version, c.status, c.redaction, approve, redact, !!form, title,
      translations.signature(state, c)]);
    if (line.__signature === signature) return;
    line.__signature = signature;
    line.dataset.status = c.redaction ? "redacted" : c.status;
    const name = nameOf(state, c.author, t);
    const side = sideName(state, c.side);
    const who = h("span", { class: "author", dir: "auto", text: side ? `${name}, ${side}` : name });
    const time = h("time", { dateTime: c.postedAt ?? "", text: formatTime(c.postedAt, lang()) });
    const where = !title ? null : controls
      ? h("span", { class: "tag chat-item", dir: "auto", text: title })
      : h("a", { class: "chat-item", href: `#c${c.id}`, dir: "auto", text: t("chat.inItem", { item: title }) });
    const body = c.redaction
      ? h("span", { class: "tombstone", text: t("card.redacted", { who: nameOf(state, c.redaction.by, t), reason: c.redaction.reason }) })
      : h("span", { class: "text", dir: "auto", text: c.text ?? "" });
    const held = c.status === "held" ? h("span", { class: "tag tag-held", text: t("card.held") }) : null;
    const moderation = [];
    if (approve) {
      const key = keyCommand("approve", c);
      moderation.push(h("button", {
        type: "button", class: "act-approve", text: t("card.approve"), attrs: { "aria-label": `${t("card.approve")} #${c.id}` },
        on: { click: () => command(key, t("card.approve")) },
      }));
    }
    if (redact) {
      moderation.push(reasonDisclosure({
        id: `redact-${c.id}`, action: t("card.redact"), summaryLabel: `${t("card.redact")} #${c.id}`,
        inputLabel: t("card.redactReason"), required: true, className: "act-redact",
        onSubmit: (reason) => command({ type: "redact", contribution: c.id, reason }, t("card.redact")),
      }));
    }
    replaceChildrenKeeping(line, form, time, " ", where, where ? " " : null, who, ": ", body, held ? " " : null, held,
      moderation.length ? h("span", { class: "actions" }, moderation) : null,
      translations.list(state, c, { controls }));
  }

  return { draw };
}
