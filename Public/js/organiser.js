/**
 * The organiser's console (`/admin`): lists the sessions, creates one from a form, invites
 * participants (one, or a pasted list) and shows each join link once, revokes, exports.
 * It speaks only the public HTTP API with the operator's token, which is kept in this
 * tab's session storage and nowhere else (never a cookie, never the address bar).
 */

import { h, replaceChildren } from "./dom.js";
import { formatDateTime, refusalText } from "./format.js";
import { createI18n } from "./i18n.js";
import { ROLES, checkInvitation, joinLink, parseInvitations, specFromForm, takenBy } from "./organiserforms.js";
import { safeStorage } from "./storage.js";

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = "parley:operator-token";
const i18n = createI18n(safeStorage(() => localStorage), navigator.languages ?? [navigator.language]);
const t = i18n.t;
const tabStorage = safeStorage(() => sessionStorage);

/** Invitations made on this page: their links exist nowhere else (only hashes are kept). */
const made = [];
let current = null;
/** The pasted list's lines not invited yet: kept across the session's redraws. */
let listDraft = "";

setupLanguagePicker();
i18n.applyStatic(document);
$("sign-in-form").addEventListener("submit", signIn);
$("sign-in-submit").disabled = false;
$("sign-out").addEventListener("click", signOut);
window.addEventListener("hashchange", route);
window.addEventListener("beforeunload", (event) => {
  if (made.some((m) => m.link && !m.saved)) event.preventDefault();
});
route();

/**
 * A refusal in the operator's words: the room's say "you are no longer a participant" or
 * "your text is kept on this device", which is not what happened here. The form checks
 * what the API checks before sending, in the operator's language; what the server still
 * refuses keeps its own detail after the words, since the operator has to fix the input.
 */
function errorText(error) {
  const own = { unauthorized: "admin.errorToken", forbidden: "admin.errorToken", offline: "admin.errorOffline", conflict: "admin.errorConflict" }[error.code];
  const words = error.unconfirmed || !own ? refusalText(error, t) : t(own);
  return `${words}${error.message && !error.unconfirmed ? ` (${error.message})` : ""}`;
}

function token() {
  return tabStorage.getItem(TOKEN_KEY);
}

/** One API call with the operator's token: `{ok, status, data}` or `{ok: false, error}`. */
async function api(method, path, body) {
  const headers = { Authorization: `Bearer ${token()}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: "omit", cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, error: { code: "offline" } };
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.ok) return { ok: true, status: response.status, data };
  if (response.status === 401 || (response.status === 403 && path === "/api/sessions")) {
    tabStorage.removeItem(TOKEN_KEY);
    showSignIn(t("admin.signInRefused"));
  }
  return { ok: false, status: response.status, error: data?.error ?? { code: "unknown", message: String(response.status) } };
}

async function signIn(event) {
  event.preventDefault();
  const value = $("token").value.trim();
  if (!value) return;
  tabStorage.setItem(TOKEN_KEY, value);
  $("token").value = "";
  history.replaceState(null, "", "#/");
  await route();
  if (tabStorage.memoryOnly) renderBanner(t("admin.signInNoStorage"));
}

function signOut() {
  tabStorage.removeItem(TOKEN_KEY);
  showSignIn("");
}

function showSignIn(message) {
  for (const id of ["list", "create", "session"]) $(id).hidden = true;
  $("sign-in").hidden = false;
  $("sign-out").hidden = true;
  $("sign-in-status").textContent = message;
  $("sign-in-status").dataset.tone = message ? "refusal" : "";
  $("token").focus();
}

/** `#/` the sessions, `#/new` the form, `#/s/{id}` one session. */
async function route() {
  if (!token()) return showSignIn("");
  $("sign-in").hidden = true;
  $("sign-out").hidden = false;
  const hash = location.hash || "#/";
  const match = /^#\/s\/([a-z0-9_-]{1,64})$/.exec(hash);
  show(hash === "#/new" ? "create" : match ? "session" : "list");
  if (hash === "#/new") return renderCreate();
  if (match) return renderSession(match[1]);
  return renderList();
}

function show(id) {
  for (const section of ["list", "create", "session"]) $(section).hidden = section !== id;
  renderBanner("");
}

function renderBanner(text) {
  $("banner").textContent = text;
  $("banner").hidden = !text;
}

function announce(text) {
  $("announcer").textContent = text;
}

// MARK: The sessions

async function renderList() {
  const el = $("list");
  replaceChildren(el, h("h2", { id: "list-h", text: t("admin.listHeading") }), h("p", { class: "hint", text: t("admin.loading") }));
  const result = await api("GET", "/api/sessions");
  if (!result.ok) return result.status === 401 ? undefined : renderBanner(errorText(result.error));
  const sessions = [...result.data].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  replaceChildren(
    el,
    h("div", { class: "section-head" },
      h("h2", { id: "list-h", text: t("admin.listHeading") }),
      h("a", { class: "button primary", href: "#/new", text: t("admin.listNew") }),
      h("button", { type: "button", text: t("admin.refresh"), on: { click: renderList } })),
    sessions.length === 0
      ? h("p", { class: "empty", text: t("admin.listEmpty") })
      : h("div", { class: "table-wrap" },
        h("table", { class: "sessions" },
          h("caption", { class: "visually-hidden", text: t("admin.listHeading") }),
          h("thead", {}, h("tr", {},
            ["admin.listTitle", "admin.listState", "admin.listHead", "admin.listOnline", "admin.listCreated"].map((key) => h("th", { scope: "col", text: t(key) })))),
          h("tbody", {}, sessions.map((s) => h("tr", {},
            h("td", {}, h("a", { href: `#/s/${s.id}`, dir: "auto", text: s.title })),
            h("td", {}, stateBadge(s.state)),
            h("td", { class: "number", text: String(s.head), dataset: { label: t("admin.listHead") } }),
            h("td", { class: "number online", text: t("admin.online", { n: s.online ?? 0, observers: s.observers ?? 0 }), dataset: { label: t("admin.listOnline") } }),
            h("td", { dataset: { label: t("admin.listCreated") } }, h("time", { dateTime: s.createdAt, text: formatDateTime(s.createdAt, i18n.lang) }))))))),
  );
}

function stateBadge(state) {
  return h("span", { class: `badge badge-${state}`, text: t(state === "open" ? "admin.stateOpen" : "admin.stateClosed") });
}

// MARK: A new session

function renderCreate() {
  const el = $("create");
  const field = (name, label, control, hint) => h("div", { class: "field", dataset: { field: name } },
    h("label", { htmlFor: control.id, text: label }),
    control,
    hint ? h("p", { class: "hint", id: `${control.id}-hint`, text: hint }) : null,
    h("p", { class: "problem", id: `${control.id}-problem`, hidden: true }));
  const input = (id, attrs = {}) => h("input", { id, name: id, type: "text", autocomplete: "off", dir: "auto", attrs });
  const area = (id, rows, placeholder) => h("textarea", { id, name: id, rows, dir: "auto", attrs: { placeholder } });
  const sideFields = (key, index) => h("fieldset", { class: "group" },
    h("legend", { text: t("admin.createSide", { n: index + 1 }) }),
    h("div", { class: "row" },
      field(key, t("admin.createSideName"), input(`${key}-name`)),
      field(`${key}-adjective`, t("admin.createSideAdjective"), input(`${key}-adjective`), t("admin.createSideAdjectiveHint"))));
  const form = h("form", { id: "create-form", class: "stack", attrs: { novalidate: true } },
    field("title", t("admin.createTitleField"), input("title", { required: true })),
    field("series", t("admin.createSeries"), input("series")),
    sideFields("sideA", 0),
    sideFields("sideB", 1),
    field("agenda", t("admin.createAgenda"), area("agenda", 5, ""), t("admin.createAgendaHint")),
    h("div", { class: "field" },
      h("label", { class: "choice" },
        h("input", { type: "checkbox", id: "phased", attrs: { "aria-describedby": "phased-hint" } }),
        t("admin.createPhased")),
      h("p", { class: "hint", id: "phased-hint", text: t("admin.createPhasedHint") })),
    h("fieldset", { class: "group" },
      h("legend", { text: t("admin.createRules") }),
      field("heldTerms", t("admin.createHeldTerms"), area("heldTerms", 3, ""), t("admin.createHeldTermsHint")),
      h("fieldset", { class: "attribution" },
        h("legend", { text: t("admin.createAttribution") }),
        [["sides", "admin.attributionSides"], ["names", "admin.attributionNames"]].map(([value, key]) => h("label", { class: "choice" },
          h("input", { type: "radio", id: `attribution-${value}`, name: "attribution", value, checked: value === "sides" }),
          t(key)))),
      h("div", { class: "row" },
        field("floor", t("admin.createFloor"),
          h("select", { id: "floor", name: "floor" }, [["open", "admin.floorOpen"], ["queue", "admin.floorQueue"]].map(([value, key]) => h("option", { value, text: t(key) })))),
        field("slowModeSeconds", t("admin.createSlowMode"),
          h("input", { id: "slowModeSeconds", name: "slowModeSeconds", type: "number", value: "0", attrs: { min: 0, max: 86400, inputmode: "numeric" } }))),
      h("label", { class: "choice" },
        h("input", { type: "checkbox", id: "observersMayExport", checked: true }),
        t("admin.createObserversMayExport"))),
    groundRulesFields(field, area),
    h("fieldset", { class: "group" },
      h("legend", { text: t("admin.createReport") }),
      field("reportDate", t("admin.createReportDate"), input("reportDate"), t("admin.createReportDateHint")),
      field("reportAbout", t("admin.createReportAbout"), area("reportAbout", 3, ""))),
    h("p", { id: "create-status", class: "draft-status", attrs: { role: "status" } }),
    h("div", { class: "row" },
      h("button", { type: "submit", class: "primary", text: t("admin.createSubmit") }),
      h("a", { class: "button", href: "#/", text: t("admin.cancel") })));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    create(form);
  });
  replaceChildren(el, h("h2", { id: "create-h", text: t("admin.createHeading") }), form);
  $("title").focus();
}

/**
 * The optional ground rules, with a button that writes the Chatham House rule (and the
 * room's manners) in the console's language, for the organiser to adapt.
 */
function groundRulesFields(field, area) {
  const text = area("groundRules", 8, "");
  const fill = h("button", { type: "button", id: "groundRules-chatham", text: t("admin.chathamFill") });
  fill.addEventListener("click", () => {
    const chatham = t("admin.chathamRules");
    if (text.value.trim() && text.value !== chatham && !confirm(t("admin.chathamReplace"))) return;
    text.value = chatham;
    text.focus();
  });
  return h("fieldset", { class: "group" },
    h("legend", { text: t("admin.createGroundRules") }),
    field("groundRules", t("admin.createGroundRulesText"), text, t("admin.createGroundRulesHint")),
    h("div", { class: "row" }, fill));
}

function readCreateForm(form) {
  const value = (id) => form.querySelector(`#${id}`).value;
  return {
    title: value("title"),
    series: value("series"),
    sideA: { name: value("sideA-name"), adjective: value("sideA-adjective") },
    sideB: { name: value("sideB-name"), adjective: value("sideB-adjective") },
    agenda: value("agenda"),
    heldTerms: value("heldTerms"),
    attribution: form.querySelector("input[name=attribution]:checked")?.value,
    floor: value("floor"),
    slowModeSeconds: value("slowModeSeconds"),
    observersMayExport: form.querySelector("#observersMayExport").checked,
    reportDate: value("reportDate"),
    reportAbout: value("reportAbout"),
    groundRules: value("groundRules"),
    phased: form.querySelector("#phased").checked,
  };
}

/** Marks each field the API would refuse, with why; returns the first such control. */
function markProblems(form, problems) {
  let first = null;
  for (const wrapper of form.querySelectorAll("[data-field]")) {
    const control = wrapper.querySelector("input, textarea, select");
    const note = wrapper.querySelector(".problem");
    const found = problems.find((p) => p.field === wrapper.dataset.field);
    note.hidden = !found;
    note.textContent = found ? t(found.key, found.params ?? {}) : "";
    control.toggleAttribute("aria-invalid", !!found);
    const described = [control.id && wrapper.querySelector(".hint") ? `${control.id}-hint` : null, found ? note.id : null].filter(Boolean);
    if (described.length) control.setAttribute("aria-describedby", described.join(" "));
    else control.removeAttribute("aria-describedby");
    if (found && !first) first = control;
  }
  return first;
}

async function create(form) {
  const status = form.querySelector("#create-status");
  const submit = form.querySelector("button[type=submit]");
  if (submit.disabled) return;
  const { spec, problems } = specFromForm(readCreateForm(form));
  const first = markProblems(form, problems);
  if (first) {
    status.textContent = t("admin.createProblems", { n: problems.length });
    status.dataset.tone = "refusal";
    first.focus();
    return;
  }
  status.textContent = t("admin.createSending");
  status.dataset.tone = "pending";
  submit.disabled = true;
  const result = await api("POST", "/api/sessions", spec);
  submit.disabled = false;
  if (!result.ok) {
    status.textContent = result.error.unconfirmed ? t("admin.createUnconfirmed") : errorText(result.error);
    status.dataset.tone = "refusal";
    return;
  }
  announce(t("admin.createCreated", { title: result.data.title }));
  location.hash = `#/s/${result.data.id}`;
}

// MARK: One session

async function renderSession(id) {
  const el = $("session");
  if (current?.id !== id) {
    listDraft = "";
    replaceChildren(el, h("h2", { id: "session-h", text: t("admin.loading") }));
  }
  const result = await api("GET", `/api/sessions/${encodeURIComponent(id)}`);
  if (!result.ok) {
    if (result.status !== 401) {
      replaceChildren(el, h("h2", { id: "session-h", text: t("admin.sessionMissing") }),
        h("p", { class: "refusal", text: errorText(result.error) }), h("a", { href: "#/", text: t("admin.back") }));
    }
    return;
  }
  current = result.data;
  drawSession();
}

function sideOf(session, sideId) {
  return session.sides.find((s) => s.id === sideId)?.name ?? "";
}

function drawSession() {
  const session = current;
  const open = session.state === "open";
  const active = session.participants.filter((p) => !p.removed);
  const room = new URL(`/s/${session.id}`, location.origin).href;
  replaceChildren(
    $("session"),
    h("p", {}, h("a", { href: "#/", text: t("admin.back") })),
    h("div", { class: "section-head" },
      h("h2", { id: "session-h", dir: "auto", text: session.title }),
      stateBadge(session.state),
      h("button", { type: "button", text: t("admin.refresh"), on: { click: () => renderSession(session.id) } })),
    h("dl", { class: "facts" },
      fact(t("admin.sessionId"), h("code", { text: session.id })),
      fact(t("admin.sessionSides"), session.sides.map((s) => s.name).join(" · ")),
      fact(t("admin.sessionAgenda"), String(session.agenda.length)),
      fact(t("admin.sessionPeople"), t("admin.sessionPeopleCount", { n: active.length, observers: session.observers })),
      fact(t("admin.sessionHead"), String(session.head)),
      fact(t("admin.sessionRoom"), h("code", { text: room }))),
    openRoomControl(session),
    participantsTable(session, open),
    open ? inviteForms(session) : h("p", { class: "hint", text: t("admin.sessionClosedNoInvites") }),
    madePanel(session),
    exportsPanel(session),
  );
}

/**
 * Opens the room in this tab as the operator: the token is exchanged for an operator pass
 * (a cookie for this one session, never the token itself), then the room connects with it.
 * Back returns here, still signed in: the token stays in this tab's session storage.
 */
function openRoomControl(session) {
  const status = h("p", { class: "hint", attrs: { role: "status" } });
  const button = h("button", { type: "button", id: "open-room", text: t("admin.openRoom") });
  button.addEventListener("click", async () => {
    if (button.disabled) return;
    button.disabled = true;
    status.textContent = "";
    let joined;
    try {
      const response = await fetch(`/api/sessions/${encodeURIComponent(session.id)}/join`, {
        method: "POST", headers: { "Content-Type": "application/json" }, credentials: "same-origin",
        cache: "no-store", body: JSON.stringify({ token: token() }),
      });
      const data = await response.json().catch(() => null);
      joined = response.ok ? { ok: true } : { ok: false, error: data?.error ?? { code: "unknown" } };
    } catch {
      joined = { ok: false, error: { code: "offline" } };
    }
    if (joined.ok) {
      location.assign(`/s/${encodeURIComponent(session.id)}`);
      return;
    }
    button.disabled = false;
    status.textContent = t("admin.openRoomFailed", { reason: errorText(joined.error) });
  });
  return h("div", { class: "row open-room" }, button, h("p", { class: "hint", text: t("admin.openRoomHint") }), status);
}

function fact(term, value) {
  return [h("dt", { text: term }), h("dd", { dir: "auto" }, value)];
}

function participantsTable(session, open) {
  return h("section", { class: "sub", attrs: { "aria-labelledby": "people-h" } },
    h("h3", { id: "people-h", text: t("admin.peopleHeading") }),
    session.participants.length === 0
      ? h("p", { class: "empty", text: t("admin.peopleNone") })
      : h("div", { class: "table-wrap" }, h("table", { class: "participants" },
        h("thead", {}, h("tr", {}, ["admin.peopleName", "admin.peopleRole", "admin.peopleSide", "admin.peopleStatus"].map((key) => h("th", { scope: "col", text: t(key) })))),
        h("tbody", {}, session.participants.map((p) => h("tr", { class: p.removed ? "is-removed" : null },
          h("td", { dir: "auto", text: p.name }),
          h("td", { text: t(`role.${p.role}`) }),
          h("td", { dir: "auto", text: sideOf(session, p.side) }),
          h("td", {}, p.removed ? t("admin.peopleRemoved") : open ? revokeControl(session, p) : t("admin.peopleActive"))))))));
}

/** Revoking asks once more, with an optional reason, in place. */
function revokeControl(session, person) {
  const cell = h("div", { class: "revoke" });
  const ask = () => {
    const reason = h("input", { type: "text", dir: "auto", attrs: { "aria-label": t("admin.peopleReason", { name: person.name }), maxlength: 500 } });
    const status = h("span", { class: "refusal", attrs: { role: "status" } });
    replaceChildren(cell,
      reason,
      h("button", { type: "button", class: "danger quiet", text: t("admin.peopleConfirmRevoke"), on: {
        click: async () => {
          const text = reason.value.trim();
          const result = await api("DELETE", `/api/sessions/${session.id}/participants/${person.id}`, text ? { reason: text } : undefined);
          if (!result.ok) return void (status.textContent = errorText(result.error));
          announce(t("admin.peopleRevoked", { name: person.name }));
          renderSession(session.id);
        },
      } }),
      h("button", { type: "button", class: "quiet", text: t("admin.cancel"), on: { click: idle } }),
      status);
    reason.focus();
  };
  const idle = () => replaceChildren(cell, h("button", { type: "button", class: "quiet", text: t("admin.peopleRevoke"), attrs: { "aria-label": t("admin.peopleRevokeWho", { name: person.name }) }, on: { click: ask } }));
  idle();
  return cell;
}

function inviteForms(session) {
  // The sides first (a member, the default role, needs one), then "no side" for observers.
  const sideOptions = [
    ...session.sides.map((s) => h("option", { value: s.id, text: s.name })),
    h("option", { value: "", text: t("admin.inviteNoSide") }),
  ];
  const name = h("input", { id: "invite-name", type: "text", dir: "auto", autocomplete: "off" });
  const role = h("select", { id: "invite-role" }, ROLES.map((r) => h("option", { value: r, text: t(`role.${r}`), selected: r === "member" })));
  const side = h("select", { id: "invite-side" }, sideOptions);
  const oneStatus = h("p", { class: "draft-status", attrs: { role: "status" } });
  const one = h("form", { class: "stack", attrs: { "aria-labelledby": "invite-one-h" } },
    h("h4", { id: "invite-one-h", text: t("admin.inviteOne") }),
    h("div", { class: "row" },
      h("div", { class: "field" }, h("label", { htmlFor: "invite-name", text: t("admin.inviteName") }), name),
      h("div", { class: "field" }, h("label", { htmlFor: "invite-role", text: t("admin.inviteRole") }), role),
      h("div", { class: "field" }, h("label", { htmlFor: "invite-side", text: t("admin.inviteSide") }), side)),
    oneStatus,
    h("button", { type: "submit", class: "primary", text: t("admin.inviteSubmitOne") }));
  const oneSubmit = one.querySelector("button[type=submit]");
  one.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (oneSubmit.disabled) return;
    const person = { name: name.value, role: role.value, side: side.value };
    const { problem, invitation } = checkInvitation(person, session.sides, takenBy(current.participants));
    if (problem) {
      oneStatus.textContent = t(problem.key, problem.params ?? {});
      oneStatus.dataset.tone = "refusal";
      return name.focus();
    }
    oneStatus.textContent = "";
    oneSubmit.disabled = true;
    await invite(session, [invitation]);
    await renderSession(session.id);
    $("invite-name")?.focus();
  });

  const list = h("textarea", { id: "invite-list", rows: 6, dir: "auto", value: listDraft, attrs: { "aria-describedby": "invite-list-hint invite-preview", spellcheck: "false" } });
  const preview = h("div", { id: "invite-preview", class: "preview", attrs: { "aria-live": "polite" } });
  const send = h("button", { type: "submit", class: "primary", disabled: true, text: t("admin.inviteSubmitList", { n: 0 }) });
  let sending = false;
  const check = () => {
    const { invitations, problems } = parseInvitations(list.value, session.sides, current.participants);
    send.disabled = sending || invitations.length === 0;
    send.textContent = t("admin.inviteSubmitList", { n: invitations.length });
    replaceChildren(preview,
      invitations.length ? h("p", { class: "hint", text: t("admin.inviteReady", { n: invitations.length }) }) : null,
      problems.length ? h("ul", { class: "problems" }, problems.map((p) =>
        h("li", { class: "refusal" }, t("admin.inviteLineProblem", { line: p.line, text: p.text, problem: t(p.key, p.params ?? {}) })))) : null);
    return invitations;
  };
  list.addEventListener("input", () => {
    listDraft = list.value;
    check();
  });
  check();
  const many = h("form", { class: "stack", attrs: { "aria-labelledby": "invite-list-h" } },
    h("h4", { id: "invite-list-h", text: t("admin.inviteList") }),
    h("label", { htmlFor: "invite-list", text: t("admin.inviteListLabel") }),
    list,
    h("p", { id: "invite-list-hint", class: "hint", text: t("admin.inviteListHint", { a: session.sides[0].name, b: session.sides[1].name }) }),
    preview,
    send);
  many.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (sending) return;
    const { invitations, problems } = parseInvitations(list.value, session.sides, current.participants);
    if (invitations.length === 0) return;
    sending = true;
    list.readOnly = true;
    send.disabled = true;
    const notInvited = await invite(session, invitations);
    // Lines that were not invited stay, to be corrected and sent again.
    listDraft = [...problems.map((p) => p.text), ...notInvited.map((f) => f.source)].join("\n");
    await renderSession(session.id);
    $("made-h")?.focus();
  });
  return h("section", { class: "sub", attrs: { "aria-labelledby": "invite-h" } },
    h("h3", { id: "invite-h", text: t("admin.inviteHeading") }), one, many);
}

/**
 * Invites in order; returns those not invited, each with its line to try again: the
 * refused, and all after a refused token. One the server could not confirm is not
 * returned (it may exist, with a link nobody saw): the operator is told to look.
 */
async function invite(session, invitations) {
  const notInvited = [];
  let invited = 0;
  for (const [index, invitation] of invitations.entries()) {
    const body = { name: invitation.name, role: invitation.role, ...(invitation.side ? { side: invitation.side } : {}) };
    const result = await api("POST", `/api/sessions/${session.id}/participants`, body);
    if (result.ok) {
      invited += 1;
      made.push({ ...result.data, session: session.id, title: session.title, sideName: sideOf(session, result.data.side), link: joinLink(location.origin, result.data.joinUrl), saved: false });
    } else if (result.error.unconfirmed) {
      made.push({ ...body, session: session.id, error: t("admin.inviteUnconfirmed", { name: invitation.name }) });
    } else {
      made.push({ ...body, session: session.id, error: errorText(result.error) });
      notInvited.push({ source: sourceLine(session, invitation) });
      if (result.status === 401) {
        notInvited.push(...invitations.slice(index + 1).map((rest) => ({ source: sourceLine(session, rest) })));
        break;
      }
    }
  }
  announce(t("admin.inviteDone", { n: invited }));
  return notInvited;
}

/** An invitation as a line of the pasted list, to be sent again. */
function sourceLine(session, invitation) {
  return [invitation.name, invitation.role, sideOf(session, invitation.side)].filter(Boolean).join(", ");
}

function madePanel(session) {
  const mine = made.filter((m) => m.session === session.id);
  if (mine.length === 0) return null;
  return h("section", { class: "sub made", attrs: { "aria-labelledby": "made-h" } },
    h("h3", { id: "made-h", tabIndex: -1, text: t("admin.madeHeading") }),
    h("p", { class: "warning", text: t("admin.madeOnce") }),
    h("ul", { class: "made-list" }, mine.map((m) => m.link
      ? h("li", {},
        h("span", { class: "who", dir: "auto", text: `${m.name} · ${t(`role.${m.role}`)}${m.sideName ? ` · ${m.sideName}` : ""}` }),
        h("input", { type: "text", readOnly: true, value: m.link, class: "link", attrs: { "aria-label": t("admin.madeLinkOf", { name: m.name }) } }),
        h("button", { type: "button", class: "quiet", text: t("admin.madeCopy"), on: { click: (e) => copy(m, e.currentTarget) } }))
      : h("li", { class: "refusal", dir: "auto", text: t("admin.madeFailed", { name: m.name, reason: m.error }) }))),
    h("div", { class: "row" },
      h("button", { type: "button", text: t("admin.madePrint"), on: { click: () => printSheet(session, mine.filter((m) => m.link)) } })));
}

async function copy(invitation, button) {
  try {
    await navigator.clipboard.writeText(invitation.link);
  } catch {
    // Without clipboard access (plain http, a denied permission): select it for the user.
    const field = button.previousElementSibling;
    field.focus();
    field.select();
    announce(t("admin.madeSelected"));
    return;
  }
  invitation.saved = true;
  button.textContent = t("admin.madeCopied");
  announce(t("admin.madeCopied"));
}

/** One page per invitation: the session, the person, their link and how to keep it. */
function printSheet(session, invitations) {
  replaceChildren($("sheet"),
    h("h2", { id: "sheet-h", class: "visually-hidden", text: t("admin.madePrint") }),
    invitations.map((m) => h("article", { class: "invitation" },
      h("p", { class: "series", dir: "auto", text: session.series ?? "" }),
      h("h3", { dir: "auto", text: session.title }),
      h("p", { class: "invitee", dir: "auto", text: m.name }),
      h("p", { dir: "auto", text: `${t(`role.${m.role}`)}${m.sideName ? ` · ${m.sideName}` : ""}` }),
      h("p", { text: t("admin.sheetOpen") }),
      h("p", { class: "sheet-link", text: m.link }),
      h("p", { class: "hint", text: t("admin.sheetPrivate") }))));
  $("sheet").hidden = false;
  for (const m of invitations) m.saved = true;
  window.print();
}

function exportsPanel(session) {
  const status = h("p", { class: "draft-status", attrs: { role: "status" } });
  const attribution = session.rules.attribution === "sides"
    ? h("fieldset", { class: "attribution" },
      h("legend", { text: t("exports.attribution") }),
      ["sides", "names"].map((value) => h("label", { class: "choice" },
        h("input", { type: "radio", name: "export-attribution", value, checked: value === "sides" }),
        t(`exports.${value}`))))
    : null;
  const download = async (view, format) => {
    const chosen = document.querySelector("input[name=export-attribution]:checked")?.value ?? session.rules.attribution;
    const path = `/api/sessions/${session.id}/export?view=${view}&format=${format}&attribution=${chosen}`;
    let response;
    try {
      response = await fetch(path, { headers: { Authorization: `Bearer ${token()}` }, credentials: "omit", cache: "no-store" });
    } catch {
      status.textContent = errorText({ code: "offline" });
      return;
    }
    if (!response.ok) {
      const data = await response.json().catch(() => null);
      status.textContent = errorText(data?.error ?? { code: "unknown", message: String(response.status) });
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const link = h("a", { href: url, download: `${session.id}-${view}.${format}` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    status.textContent = t("admin.exportsSaved", { file: link.download });
  };
  return h("section", { class: "sub", attrs: { "aria-labelledby": "exports-h" } },
    h("h3", { id: "exports-h", text: t("admin.exportsHeading") }),
    attribution,
    ["report", "transcript", "draft"].map((view) => h("div", { class: "row export-row" },
      h("span", { class: "export-view", text: t(`exports.${view}`) }),
      ["html", "md", "txt", "json"].map((format) => h("button", { type: "button", class: "quiet",
        text: format.toUpperCase(), attrs: { "aria-label": `${t(`exports.${view}`)} ${format.toUpperCase()}` },
        on: { click: () => download(view, format) } })))),
    status);
}

function setupLanguagePicker() {
  i18n.bindPicker($("lang"), () => {
    if (!$("session").hidden && current) drawSession();
    else if (!$("list").hidden) renderList();
    else if (!$("create").hidden) {
      // What was typed stays: only the words around it change language.
      const controls = [...($("create-form")?.querySelectorAll("input, textarea, select") ?? [])];
      const kept = controls.map((e) => [e.id, e.type === "radio" || e.type === "checkbox" ? e.checked : e.value]);
      renderCreate();
      for (const [id, value] of kept) {
        const e = document.getElementById(id);
        if (e && typeof value === "boolean") e.checked = value;
        else if (e) e.value = value;
      }
    }
  });
}
