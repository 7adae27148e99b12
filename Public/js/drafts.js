/**
 * The composer's draft, kept in local storage until the server acknowledges it, so a
 * reload, a dropped connection or a server restart loses nothing.
 *
 * A draft is what the composer holds (`item`, `kind`, `text`, `replyTo`, `options`,
 * `amend` = the contribution being amended) plus, once sent, `pending` = `{ref, afterSeq}`
 * (the command's ref and the last seq seen when it was sent) and, once refused,
 * `refusal` = `{code, message}`.
 *
 * Pure except for the injected `storage` (window.localStorage in the browser, a Map-like
 * object in tests).
 */

export function draftKey(sessionId, participantId) {
  return `parley:draft:${sessionId}:${participantId}`;
}

export function emptyDraft(item = null, kind = "position") {
  return { item, kind, text: "", replyTo: null, options: [], amend: null, pending: null, refusal: null };
}

export function loadDraft(storage, key) {
  try {
    const raw = storage.getItem(key);
    if (!raw) return null;
    const draft = JSON.parse(raw);
    return draft && typeof draft === "object" ? { ...emptyDraft(), ...draft } : null;
  } catch {
    return null;
  }
}

export function saveDraft(storage, key, draft) {
  try {
    if (isBlank(draft) && !draft.pending) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the draft then lives only in the page.
  }
}

export function isBlank(draft) {
  return !draft || (!draft.text.trim() && !(draft.options ?? []).some((o) => o.trim()));
}

/** The options of a recommendation, one a line, blank lines dropped. */
export function parseOptions(text) {
  return text.split("\n").map((line) => line.trim()).filter(Boolean);
}

/** The client command a draft sends (without its `ref`). */
export function draftCommand(draft) {
  if (draft.amend != null) return { type: "amend", contribution: draft.amend, text: draft.text };
  const command = { type: "post", item: draft.item, kind: draft.kind, text: draft.text };
  if (draft.kind === "comment" && draft.replyTo != null) command.replyTo = draft.replyTo;
  if (draft.kind === "recommendation") {
    const options = (draft.options ?? []).map((o) => o.trim()).filter(Boolean);
    if (options.length) command.options = options;
  }
  return command;
}

/**
 * After a reconnect, whether a sent-but-unacknowledged draft already took effect: the
 * server may have committed it just before the connection dropped, with the ack lost. The
 * replayed events then hold a contribution (or an amendment) by `you`, after the seq the
 * draft was sent at, that reads exactly as the draft. Resending it would post it twice.
 */
export function draftLanded(state, draft, youId) {
  if (!draft?.pending) return false;
  const after = draft.pending.afterSeq ?? 0;
  if (draft.amend != null) {
    const c = state.contributions[draft.amend];
    return !!c && c.version > (draft.pending.version ?? 1) && c.text === draft.text;
  }
  const command = draftCommand(draft);
  return state.order.some((id) => {
    if (id <= after) return false;
    const c = state.contributions[id];
    // The composer posts in the main channel: a caucus line with the same words is another post.
    return c.author === youId && c.item === command.item && c.kind === command.kind && c.text === command.text
      && (c.channel ?? "main") === "main";
  });
}
