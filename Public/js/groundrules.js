/**
 * Ground rules at the door (contract §6). A participant who has not accepted the session's
 * current ground rules is shown them in a modal dialog, as text with its paragraphs, and
 * accepts them (`acceptRules` with the version shown). Until then the room is read-only
 * (views.js `mayAct`): the dialog may be closed to read the room first, and a bar above the
 * room says why nothing can be done and opens the rules again. When the rules' version
 * changes, they are asked again.
 */

import { h, replaceChildren } from "./dom.js";
import { paragraphs, refusalText } from "./format.js";
import { mustAcceptRules } from "./views.js";

/**
 * @param {object} deps
 * @param {HTMLDialogElement} deps.dialog
 * @param {HTMLElement} deps.gate the bar shown above the room while the rules wait
 * @param {(key: string, vars?: object) => string} deps.t
 * @param {(cmd: object, label: string, handlers?: object) => void} deps.command
 * @param {(text: string) => void} deps.announce
 */
export function createGroundRules({ dialog, gate, t, command, announce }) {
  let state = null;
  /** The version the reader closed the dialog on without accepting: not shown again by itself. */
  let dismissed = null;
  /** The version being accepted, while the command is on its way. */
  let accepting = null;
  let f = null;

  function build() {
    f = {
      heading: h("h2", { id: "ground-rules-h", text: t("rules.heading") }),
      intro: h("p", { id: "ground-rules-intro" }),
      // Focusable, so that a keyboard scrolls long rules; focused first, so they are read first.
      text: h("div", { class: "rules-text", id: "ground-rules-text", tabIndex: 0 }),
      version: h("p", { class: "hint", id: "ground-rules-version" }),
      status: h("p", { class: "draft-status", id: "ground-rules-status", attrs: { role: "status" } }),
      accept: h("button", { type: "button", class: "primary", id: "accept-rules", text: t("rules.accept") }),
      later: h("button", { type: "button", id: "rules-later", text: t("rules.later") }),
      show: h("button", { type: "button", id: "show-rules", text: t("rules.show") }),
      gateText: h("span", { text: t("rules.gate") }),
    };
    dialog.setAttribute("aria-labelledby", "ground-rules-h");
    dialog.setAttribute("aria-describedby", "ground-rules-intro");
    replaceChildren(dialog, f.heading, f.intro, f.text, f.version, f.status,
      h("div", { class: "actions" }, f.accept, f.later));
    replaceChildren(gate, f.gateText, " ", f.show);
    f.accept.addEventListener("click", accept);
    f.later.addEventListener("click", () => {
      dismiss();
      dialog.close();
    });
    f.show.addEventListener("click", open);
  }

  // Closed without accepting (the button or Escape): the room stays readable, the bar stays.
  dialog.addEventListener("cancel", dismiss);

  function dismiss() {
    if (mustAcceptRules(state)) dismissed = state.session.groundRules.version;
  }

  function accept() {
    const version = state.session.groundRules.version;
    if (accepting === version) return;
    accepting = version;
    f.accept.disabled = true;
    say(t("compose.sending"), "pending");
    const cmd = { type: "acceptRules", version };
    command(cmd, t("rules.accept"), {
      // The `rulesAccepted` event is what lets the reader in; the ack may come before it.
      onAck: () => {},
      onRefused: (error) => {
        accepting = null;
        f.accept.disabled = false;
        const reason = error.code === "offline" ? t("notice.offline", { action: t("rules.accept") }) : refusalText(error, t, { state, command: cmd });
        say(reason, "refusal");
      },
    });
  }

  function say(text, tone) {
    f.status.textContent = text;
    f.status.dataset.tone = tone;
  }

  function open() {
    if (dialog.open) return;
    dialog.showModal();
    f.text.focus();
    f.text.scrollTop = 0;
  }

  /** The rules shown, as text: each paragraph a paragraph, its line breaks kept. */
  function fill(rules) {
    const signature = JSON.stringify([t("rules.heading"), rules]);
    if (f.text.__signature === signature) return;
    f.text.__signature = signature;
    replaceChildren(f.text, paragraphs(rules.text).map((p) => h("p", { dir: "auto", text: p })));
    f.version.textContent = t("rules.version", { version: rules.version });
    const before = state.participants[state.you.id]?.acceptedRules;
    f.intro.textContent = before != null ? t("rules.changed", { version: rules.version }) : t("rules.intro");
    accepting = null;
    f.accept.disabled = false;
    say("", "");
  }

  function render(next) {
    state = next;
    if (!state?.session) return;
    const must = mustAcceptRules(state);
    if (!must) {
      gate.hidden = true;
      // Closed first: the page behind a modal dialog is inert, its announcer too.
      if (dialog.open) dialog.close();
      if (f && accepting !== null) {
        accepting = null;
        announce(t("rules.accepted"));
      }
      return;
    }
    if (!f) build();
    const rules = state.session.groundRules;
    fill(rules);
    gate.hidden = false;
    if (dismissed !== rules.version) open();
  }

  /** After a language change: built again in the new words. */
  function reset() {
    // Closed here without being dismissed: the next render opens it again, in the new words.
    if (dialog.open) dialog.close();
    f = null;
    dialog.replaceChildren();
    gate.replaceChildren();
  }

  /** Another person in this page now: they are asked afresh. */
  function forget() {
    dismissed = null;
    accepting = null;
    reset();
  }

  return { render, reset, forget };
}
