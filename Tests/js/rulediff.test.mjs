import assert from "node:assert/strict";
import { test } from "node:test";
import { createI18n } from "../../Public/js/i18n.js";
import { describeRuleChanges, rulesDiff } from "../../Public/js/rulediff.js";

const rules = { floor: "open", slowModeSeconds: 0, maxLength: 4000, editWindowSeconds: 300, heldTerms: ["ceasefire"], attribution: "sides", observersMayExport: true };

test("a rules change is named rule by rule, from what to what", () => {
  const after = { ...rules, floor: "queue", slowModeSeconds: 5, heldTerms: ["enclave", "ceasefire", "corridor"], observersMayExport: false };
  const changes = rulesDiff(rules, after);
  assert.deepEqual(changes, [
    { rule: "floor", from: "open", to: "queue" },
    { rule: "slowModeSeconds", from: 0, to: 5 },
    { rule: "heldTerms", added: ["enclave", "corridor"], removed: [] },
    { rule: "observersMayExport", from: true, to: false },
  ]);
  const { t } = createI18n(null, ["en"]);
  assert.equal(describeRuleChanges(changes, t),
    "floor: open → speakers queue; slow mode: 0 s → 5 s; held terms: + enclave, corridor; observers may export: yes → no");
  assert.equal(describeRuleChanges(rulesDiff(after, rules), t).split("; ")[2], "held terms: − enclave, corridor");
});

test("nothing changed, or nothing known before, says nothing", () => {
  assert.deepEqual(rulesDiff(rules, { ...rules }), []);
  assert.deepEqual(rulesDiff(null, rules), []);
});

test("the words exist in every language", () => {
  for (const lang of ["hy", "az", "ru"]) {
    const { t } = createI18n(null, [lang]);
    const text = describeRuleChanges(rulesDiff(rules, { ...rules, attribution: "names", editWindowSeconds: 60 }), t);
    assert.ok(!text.includes("rule."), `${lang}: ${text}`);
  }
});
