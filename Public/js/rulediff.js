/**
 * What a `rulesChanged` event changed, from what to what, so that the moderation log says
 * more than "changed the rules". Pure: the words come from `t`.
 */

/** The rules in the order the log names them. */
export const RULES = Object.freeze([
  "floor", "slowModeSeconds", "maxLength", "editWindowSeconds", "heldTerms", "attribution", "observersMayExport",
]);

/**
 * The changes from `before` to `after`: `{rule, from, to}` for a value, `{rule, added,
 * removed}` for the held terms (compared as written, each once). Empty when nothing
 * changed, or when `before` is unknown.
 */
export function rulesDiff(before, after) {
  if (!before || !after) return [];
  const changes = [];
  for (const rule of RULES) {
    if (rule === "heldTerms") {
      const was = new Set(before.heldTerms ?? []);
      const now = new Set(after.heldTerms ?? []);
      const added = [...now].filter((term) => !was.has(term));
      const removed = [...was].filter((term) => !now.has(term));
      if (added.length || removed.length) changes.push({ rule, added, removed });
    } else if (rule in after && before[rule] !== after[rule]) {
      changes.push({ rule, from: before[rule], to: after[rule] });
    }
  }
  return changes;
}

function value(rule, v, t) {
  switch (rule) {
    case "floor": return t(v === "queue" ? "rule.floorQueue" : "rule.floorOpen");
    case "attribution": return t(v === "names" ? "rule.attributionNames" : "rule.attributionSides");
    case "observersMayExport": return t(v ? "rule.yes" : "rule.no");
    case "slowModeSeconds":
    case "editWindowSeconds": return t("rule.seconds", { n: v ?? 0 });
    default: return String(v ?? "");
  }
}

/** The changes in words: "slow mode: 0 s → 5 s; held terms: + ceasefire". */
export function describeRuleChanges(changes, t) {
  return changes.map((change) => {
    const rule = t(`rule.${change.rule}`);
    if (change.rule === "heldTerms") {
      const parts = [];
      if (change.added.length) parts.push(`+ ${change.added.join(", ")}`);
      if (change.removed.length) parts.push(`− ${change.removed.join(", ")}`);
      return `${rule}: ${parts.join(" ")}`;
    }
    return t("rule.change", { rule, from: value(change.rule, change.from, t), to: value(change.rule, change.to, t) });
  }).join("; ");
}
