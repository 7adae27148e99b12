/**
 * Small shared controls: a disclosure that asks for a reason before a moderation action.
 * Redaction needs a reason (it stays on the public record beside the tombstone);
 * rejection and mute may give one.
 */

import { h } from "./dom.js";

/**
 * @param {object} o
 * @param {string} o.id unique among the page's reason forms
 * @param {string} o.action the button's words ("Redact")
 * @param {string} o.summaryLabel what the disclosure opens, for screen readers ("Redact #12")
 * @param {string} o.inputLabel the reason field's label
 * @param {boolean} o.required
 * @param {(reason: string) => void} o.onSubmit
 * @param {string} [o.className]
 */
export function reasonDisclosure({ id, action, summaryLabel, inputLabel, required, onSubmit, className = "" }) {
  const inputId = `reason-${id}`;
  const input = h("input", { id: inputId, type: "text", maxLength: 500, required, autocomplete: "off" });
  const form = h("form", { class: "reason-form" },
    h("label", { htmlFor: inputId, text: inputLabel }),
    input,
    h("button", { type: "submit", class: "danger", text: action }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const reason = input.value.trim();
    if (required && !reason) {
      input.focus();
      return;
    }
    onSubmit(reason);
  });
  return h("details", { class: `moderate ${className}` },
    h("summary", { text: `${action}…`, attrs: { "aria-label": summaryLabel } }), form);
}
