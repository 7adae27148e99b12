// Frames shaped exactly as the server sends them (docs/protocol.md), for the pure modules' tests.

export const sides = [
  { id: "am", name: "Armenia", adjective: "Armenian" },
  { id: "az", name: "Azerbaijan", adjective: "Azerbaijani" },
];

export const participants = [
  { id: "p1", name: "Facilitator", role: "facilitator" },
  { id: "p2", name: "Leonid Nersisyan", role: "cochair", side: "am" },
  { id: "p3", name: "Murad Muradov", role: "cochair", side: "az" },
  { id: "p4", name: "Armine Margaryan", role: "member", side: "am" },
  { id: "p5", name: "Eldar Hamzali", role: "member", side: "az" },
];

/** The default rules, as the server sends them in full. */
export const RULES = Object.freeze({ floor: "open", slowModeSeconds: 0, maxLength: 4000, editWindowSeconds: 300, heldTerms: [], attribution: "sides", observersMayExport: true });

export function welcome({ head = 6, you = participants[3], floor = { hands: [] }, agenda, rules, extra = {} } = {}) {
  return {
    type: "welcome",
    you,
    head,
    session: {
      id: "s1",
      title: "Thematic Group on Peace and Security",
      series: "Thematic Groups",
      sides,
      agenda: agenda ?? [
        { id: "perspectives", title: "Perspectives", state: "open" },
        { id: "regional", title: "Regional", state: "open" },
      ],
      rules: rules ?? RULES,
      createdAt: "2026-11-29T10:00:00.000Z",
      state: "open",
      head,
      participants,
      floor,
      closeRequestedBy: [],
      ...extra,
    },
  };
}

let clock = Date.parse("2026-11-29T10:00:00.000Z");
export function event(seq, body) {
  clock += 1000;
  return { type: "event", seq, at: new Date(clock).toISOString(), event: body };
}

/** The first events of a session: created, then the five participants. */
export function genesis() {
  return [
    event(1, { kind: "sessionCreated", session: "s1", spec: { title: "Thematic Group on Peace and Security", sides, agenda: [{ id: "perspectives", title: "Perspectives" }, { id: "regional", title: "Regional" }], rules: RULES } }),
    ...participants.map((p, i) => event(i + 2, { kind: "participantAdded", participant: p, by: "admin" })),
  ];
}

export function post(seq, author, side, kind, text, extra = {}) {
  return event(seq, { kind: "contributed", contribution: seq, author, side, item: "perspectives", contributionKind: kind, text, ...extra });
}
