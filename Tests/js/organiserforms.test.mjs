import assert from "node:assert/strict";
import { test } from "node:test";
import { agendaLine, checkInvitation, heldTerms, joinLink, parseInvitations, sideID, specFromForm, takenBy } from "../../Public/js/organiserforms.js";

const form = {
  title: "  Thematic Group on Peace and Security ",
  series: "Thematic Groups for a new Armenian–Azerbaijani Dialogue",
  sideA: { name: "Armenia", adjective: "Armenian" },
  sideB: { name: "Azerbaijan", adjective: "Azerbaijani" },
  agenda: "Obstacles to signing the treaty\n\n  Regional and international dimension \r\nNext steps",
  heldTerms: "ceasefire, Ceasefire\nenclave",
  attribution: "sides",
  floor: "queue",
  slowModeSeconds: "5",
  observersMayExport: false,
  reportDate: "November 2025",
  reportAbout: "",
};

test("the create form becomes the contract's SessionSpec", () => {
  const { spec, problems } = specFromForm(form);
  assert.deepEqual(problems, []);
  assert.deepEqual(spec, {
    title: "Thematic Group on Peace and Security",
    series: "Thematic Groups for a new Armenian–Azerbaijani Dialogue",
    sides: [
      { id: "armenia", name: "Armenia", adjective: "Armenian" },
      { id: "azerbaijan", name: "Azerbaijan", adjective: "Azerbaijani" },
    ],
    agenda: [
      { title: "Obstacles to signing the treaty" },
      { title: "Regional and international dimension" },
      { title: "Next steps" },
    ],
    rules: { floor: "queue", slowModeSeconds: 5, heldTerms: ["ceasefire", "enclave"], attribution: "sides", observersMayExport: false },
    report: { date: "November 2025" },
  });
});

test("side ids are safe identifiers whatever the script of the name", () => {
  assert.equal(sideID("Հայաստան", 0), "side-1");
  assert.equal(sideID("Azərbaycan", 1), "azerbaycan");
  assert.equal(sideID("Côte d'Ivoire", 0), "cote-d-ivoire");
  const { spec, problems } = specFromForm({ ...form, sideA: { name: "Հայաստան" }, sideB: { name: "Ադրբեջան" } });
  assert.deepEqual(problems, []);
  assert.deepEqual(spec.sides.map((s) => s.id), ["side-1", "side-2"]);
  const clash = specFromForm({ ...form, sideA: { name: "A / B" }, sideB: { name: "A B" } });
  assert.deepEqual(clash.spec.sides.map((s) => s.id), ["a-b", "a-b-2"], "two names that read alike get two ids");
});

test("what the API would refuse is said per field, once", () => {
  const { problems } = specFromForm({
    ...form,
    title: "",
    sideB: { name: "armenia" },
    agenda: "\n \n",
    heldTerms: `${"x".repeat(101)}, fine`,
    slowModeSeconds: "-1",
    reportDate: "line\u202Eevil",
  });
  assert.deepEqual(
    problems.map((p) => [p.field, p.key]),
    [
      ["title", "admin.problemEmpty"],
      ["sideB", "admin.problemSameSides"],
      ["agenda", "admin.problemNoAgenda"],
      ["heldTerms", "admin.problemTooLong"],
      ["slowModeSeconds", "admin.problemSeconds"],
      ["reportDate", "admin.problemControls"],
    ],
  );
  const accented = specFromForm({ ...form, title: "e\u0301".repeat(300) });
  assert.deepEqual(accented.problems, [], "300 é of two code points each are 300 characters as a reader counts them");
  assert.equal(specFromForm({ ...form, title: "e\u0301".repeat(301) }).problems[0].key, "admin.problemTooLong");
  // As the server counts: also at most 4 bytes of UTF-8 per character (a dove with its variation selector is 7).
  assert.deepEqual(specFromForm({ ...form, title: "🕊️".repeat(171) }).problems, []);
  assert.equal(specFromForm({ ...form, title: "🕊️".repeat(172) }).problems[0]?.key, "admin.problemTooLong");
  // The adjective's problem is said on the adjective; two sides named alike in any script are refused.
  assert.deepEqual(specFromForm({ ...form, sideA: { name: "Armenia", adjective: "bad\u0007" } }).problems.map((p) => p.field), ["sideA-adjective"]);
  assert.deepEqual(specFromForm({ ...form, sideA: { name: "Հայաստան" }, sideB: { name: "Հայաստան" } }).problems.map((p) => p.key), ["admin.problemSameSides"]);
  assert.equal(specFromForm({ ...form, sideA: { name: "Joint" } }).spec.sides[0].id, "side-1", "'joint' is reserved");
});

test("held terms split on commas and lines, each once", () => {
  assert.deepEqual(heldTerms(" a ,b\n\nA, c "), ["a", "b", "c"]);
  assert.deepEqual(heldTerms(""), []);
});

const sides = [
  { id: "am", name: "Armenia", adjective: "Armenian" },
  { id: "az", name: "Azerbaijan", adjective: "Azerbaijani" },
];

test("a pasted list becomes invitations: name, role, side, in any case, commas or tabs", () => {
  const { invitations, problems } = parseInvitations(
    [
      "Anna Petrosyan, co-chair, Armenia",
      "Elvin Mammadov\tCochair\taz",
      "# a comment",
      "",
      "Smith, John, member, Armenian",
      "Leyla Aliyeva, member, azerbaijan",
      "Maria Keller, facilitator",
      "Press desk, observer",
      "Ani, observer, am",
    ].join("\n"),
    sides,
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(invitations, [
    { line: 1, name: "Anna Petrosyan", role: "cochair", side: "am" },
    { line: 2, name: "Elvin Mammadov", role: "cochair", side: "az" },
    { line: 5, name: "Smith, John", role: "member", side: "am" },
    { line: 6, name: "Leyla Aliyeva", role: "member", side: "az" },
    { line: 7, name: "Maria Keller", role: "facilitator" },
    { line: 8, name: "Press desk", role: "observer" },
    { line: 9, name: "Ani", role: "observer", side: "am" },
  ]);
});

test("each bad line is named with why, and left out", () => {
  const existing = [
    { name: "Taken Name", role: "member", side: "am" },
    { name: "Gone", role: "cochair", side: "az", removed: true },
    { name: "Chair AM", role: "cochair", side: "am" },
  ];
  const { invitations, problems } = parseInvitations(
    [
      "No role here, Armenia",
      "Someone, member",
      "Neutral, facilitator, Armenia",
      "Far, member, Georgia",
      "taken name, member, am",
      "Second chair, cochair, Armenia",
      "Gone, cochair, az",
      "Twice, member, am",
      "twice, observer",
      "Bidi\u202Ename, member, am",
      "Too, member, am, az",
    ].join("\n"),
    sides,
    existing,
  );
  assert.deepEqual(invitations.map((i) => i.name), ["Gone", "Twice"]);
  assert.deepEqual(
    problems.map((p) => [p.line, p.key]),
    [
      [1, "admin.problemNoRole"],
      [2, "admin.problemNeedsSide"],
      [3, "admin.problemFacilitatorSide"],
      [4, "admin.problemUnknownSide"],
      [5, "admin.problemDuplicate"],
      [6, "admin.problemSecondChair"],
      [9, "admin.problemDuplicate"],
      [10, "admin.problemControls"],
      [11, "admin.problemFields"],
    ],
  );
  assert.deepEqual(problems[3].params, { side: "Georgia" });
});

test("join links are absolute, with the token in the fragment", () => {
  assert.equal(joinLink("https://parley.example:8443", "/s/abc#tok_en"), "https://parley.example:8443/s/abc#tok_en");
});

test("one person from the form is checked as a pasted line is, commas in the name kept", () => {
  const taken = takenBy([{ name: "Taken", role: "cochair", side: "am" }]);
  assert.deepEqual(checkInvitation({ name: " Smith, John ", role: "member", side: "am" }, sides, taken),
    { invitation: { name: "Smith, John", role: "member", side: "am" } });
  assert.deepEqual(checkInvitation({ name: "Press", role: "observer", side: "" }, sides, taken),
    { invitation: { name: "Press", role: "observer" } });
  assert.equal(checkInvitation({ name: "taken", role: "member", side: "az" }, sides, taken).problem.key, "admin.problemDuplicate");
  assert.equal(checkInvitation({ name: "New", role: "cochair", side: "Armenia" }, sides, taken).problem.key, "admin.problemSecondChair");
});

test("an agenda line may end with its minutes; items may run in phases", () => {
  assert.deepEqual(agendaLine("Obstacles | 30"), { title: "Obstacles", minutes: 30 });
  assert.deepEqual(agendaLine("Obstacles|5"), { title: "Obstacles", minutes: 5 });
  assert.deepEqual(agendaLine("Yes | no"), { title: "Yes | no" }, "a | before anything but a number is part of the title");
  assert.deepEqual(agendaLine("Obstacles"), { title: "Obstacles" });
  const { spec, problems } = specFromForm({ ...form, agenda: "Obstacles | 30\nRegional dimension\nNext | steps | 15", phased: true });
  assert.deepEqual(problems, []);
  assert.deepEqual(spec.agenda, [
    { title: "Obstacles", minutes: 30, phase: "positions" },
    { title: "Regional dimension", phase: "positions" },
    { title: "Next | steps", minutes: 15, phase: "positions" },
  ]);
  assert.deepEqual(specFromForm({ ...form, agenda: "A | 0" }).problems.map((p) => [p.field, p.key]), [["agenda", "admin.problemMinutes"]]);
  assert.deepEqual(specFromForm({ ...form, agenda: "A | 1441" }).problems[0].params, { max: 1440 });
  assert.deepEqual(specFromForm({ ...form, agenda: "A | 1440" }).problems, []);
  assert.deepEqual(specFromForm({ ...form, agenda: "| 30" }).problems.map((p) => p.key), ["admin.problemEmpty"]);
});

test("ground rules are given when written, as version 1, within the API's limits", () => {
  assert.equal(specFromForm(form).spec.groundRules, undefined, "none written: none sent");
  assert.equal(specFromForm({ ...form, groundRules: " \n " }).spec.groundRules, undefined);
  const { spec, problems } = specFromForm({ ...form, groundRules: "  Respect.\r\n\r\nOne speaker at a time.\t(Always.)  " });
  assert.deepEqual(problems, []);
  assert.deepEqual(spec.groundRules, { version: 1, text: "Respect.\n\nOne speaker at a time.\t(Always.)" });
  assert.deepEqual(specFromForm({ ...form, groundRules: "Ա".repeat(20000) }).problems, []);
  assert.deepEqual(specFromForm({ ...form, groundRules: "Ա".repeat(20001) }).problems.map((p) => [p.field, p.key, p.params?.max]),
    [["groundRules", "admin.problemTooLong", 20000]]);
  assert.deepEqual(specFromForm({ ...form, groundRules: "bell\u0007" }).problems.map((p) => p.key), ["admin.problemRulesControls"]);
});
