/**
 * Entering the room: the join link is `/s/{id}#{token}`. The token lives in the fragment,
 * which browsers never send to a server; the page takes it out of the address bar at once
 * (so it is not left in the history, a bookmark or a screenshot) and exchanges it for the
 * session's HttpOnly cookie, which then authenticates the API and the live socket.
 */

/** The session id of a room path `/s/{id}`, or null. */
export function sessionFromPath(path) {
  const match = /^\/s\/([A-Za-z0-9_-]{1,64})\/?$/.exec(path);
  return match ? match[1] : null;
}

/** A token as the server issues them: base64url characters, 16 to 128 of them. */
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * Takes the token out of the fragment and the address bar; null when there is none. A
 * fragment that is not a token (`#agenda`, left by a skip link before a reload) is an
 * in-page anchor and stays.
 */
export function takeToken(location, history) {
  const raw = location.hash.replace(/^#/, "");
  // A link into the room (`#item-perspectives` fits the token's alphabet too) is not a
  // token: tokens are random, and one beginning with "item-" is a one-in-a-billion draw.
  if (!TOKEN.test(raw) || linkedElementId(location.hash)) return null;
  history.replaceState(history.state, "", `${location.pathname}${location.search}`);
  return raw;
}

/**
 * The element a room link points at: `#c42` (a contribution) or `#item-ID` (an agenda
 * item); null for anything else, a join token included.
 */
export function linkedElementId(hash) {
  let id;
  try {
    id = decodeURIComponent(String(hash ?? "").replace(/^#/, ""));
  } catch {
    return null;
  }
  return /^(c[1-9][0-9]{0,15}|item-[A-Za-z0-9_-]{1,64})$/.test(id) ? id : null;
}

/** POST /api/sessions/{id}/join: sets the cookie. Resolves to {ok, status, participant}. */
export async function exchangeToken(sessionId, token, fetchImpl = fetch) {
  try {
    const response = await fetchImpl(`/api/sessions/${encodeURIComponent(sessionId)}/join`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token }),
      credentials: "same-origin",
    });
    const body = await response.json().catch(() => null);
    return { ok: response.ok, status: response.status, participant: body?.participant ?? null };
  } catch {
    return { ok: false, status: 0, participant: null };
  }
}

/**
 * Whether the cookie still lets this browser in: GET /api/sessions/{id}. A network error
 * (server down) counts as "maybe": only a clear 401/403/404 says the link is dead.
 */
export async function stillAdmitted(sessionId, fetchImpl = fetch) {
  try {
    const response = await fetchImpl(`/api/sessions/${encodeURIComponent(sessionId)}`, { credentials: "same-origin" });
    return ![401, 403, 404].includes(response.status);
  } catch {
    return true;
  }
}
