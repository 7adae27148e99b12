/**
 * The agenda at hand: each item with its state and what is new in it since the reader last
 * had it in view, what is new in each chat channel, and the filter of the discussion by
 * kind and by side. Pure: the page keeps `seen` (item id, or channel, → the last seq at
 * which something there became readable, as seen) in local storage.
 */

import { channelLines } from "./views.js";

export const FILTER_KINDS = Object.freeze(["position", "comment", "proposal", "recommendation", "chat"]);

/**
 * Contributions everyone in the room can read, of one item (not held, not rejected, not in
 * a private channel: those are counted by their channel, `channelEntries`).
 */
function shown(state, itemId) {
  return state.order.map((id) => state.contributions[id])
    .filter((c) => c && c.item === itemId && c.status === "visible" && (c.channel ?? "main") === "main");
}

/** The seq at which everyone could read `c`: its post, or the approval of a held text. */
function shownAt(c) {
  return c.shownAt ?? c.id;
}

/**
 * One entry per agenda item, in agenda order: `{id, title, open, count, unread}`. Unread
 * counts what became readable after the last seen in that item, the reader's own left
 * out; a held text counts once approved, when everyone can read it.
 */
export function agendaEntries(state, seen = {}, you = state.you) {
  return state.agenda.map((item) => {
    const contributions = shown(state, item.id);
    const last = seen[item.id] ?? 0;
    return {
      id: item.id,
      title: item.title,
      open: item.state !== "closed" && state.session?.state !== "closed",
      count: contributions.length,
      unread: contributions.filter((c) => shownAt(c) > last && c.author !== you?.id).length,
    };
  });
}

/** `seen` with every contribution of `itemIds` marked seen; the same object when nothing changed. */
export function markSeen(seen, state, itemIds) {
  let next = seen;
  for (const itemId of itemIds) {
    const last = Math.max(0, ...shown(state, itemId).map(shownAt));
    if (last > (next[itemId] ?? 0)) next = { ...next, [itemId]: last };
  }
  return next;
}

/** The readable chat lines of `channel`, across items. */
function channelShown(state, channel, you) {
  return channelLines(state, channel, you).filter((c) => c.status === "visible");
}

/**
 * One entry per chat channel in `channels`: `{channel, count, unread}`, unread as for items
 * (`seen` maps a channel to the last seq seen there), the reader's own lines left out.
 */
export function channelEntries(state, channels, seen = {}, you = state.you) {
  return channels.map((channel) => {
    const lines = channelShown(state, channel, you);
    const last = seen[channel] ?? 0;
    return { channel, count: lines.length, unread: lines.filter((c) => shownAt(c) > last && c.author !== you?.id).length };
  });
}

/** `seen` with every line of `channels` marked seen; the same object when nothing changed. */
export function markChannelsSeen(seen, state, channels, you = state.you) {
  let next = seen;
  for (const channel of channels) {
    const last = Math.max(0, ...channelShown(state, channel, you).map(shownAt));
    if (last > (next[channel] ?? 0)) next = { ...next, [channel]: last };
  }
  return next;
}

/** The filter that shows everything. */
export const NO_FILTER = Object.freeze({ kind: "all", side: "all" });

/** Whether `c` passes `filter` (`kind`: a contribution kind or "all"; `side`: a side id, "neutral" or "all"). */
export function matchesFilter(c, filter = NO_FILTER) {
  if (filter.kind !== "all" && c.kind !== filter.kind) return false;
  if (filter.side === "all") return true;
  return filter.side === "neutral" ? !c.side : c.side === filter.side;
}

/** A filter read back from storage: anything unknown falls back to showing everything. */
export function parseFilter(value, sides) {
  const kind = FILTER_KINDS.includes(value?.kind) ? value.kind : "all";
  const side = value?.side === "neutral" || sides.some((s) => s.id === value?.side) ? value.side : "all";
  return { kind, side };
}

/**
 * What the discussion shows under `filter`: null for everything, else the contributions
 * that match, and as `context` those they answer (up the reply chain), so that a reply is
 * never shown cut off from what it answers.
 */
export function filterView(state, filter) {
  if (filter.kind === "all" && filter.side === "all") return null;
  const matching = new Set();
  const context = new Set();
  for (const c of Object.values(state.contributions)) {
    if (!matchesFilter(c, filter)) continue;
    matching.add(c.id);
    for (let up = state.contributions[c.replyTo]; up && !context.has(up.id); up = state.contributions[up.replyTo]) {
      context.add(up.id);
    }
  }
  return { matching, context };
}
