/**
 * The floor queue, folded from events: hands in the order they were raised and the
 * participant who holds the floor. Every client folds the same events in the same order,
 * so everyone sees the same queue. Pure: no DOM, no I/O; functions return new objects.
 *
 * Mirrors the server's rules (docs/protocol.md, "Floor queue"): granting the floor takes
 * the speaker's hand out of the queue; lowering the hand that holds the floor releases it;
 * the suggested next speaker is the first hand from the side that did not speak last.
 */

/** @typedef {{holder: string|null, hands: string[], lastSide: string|null}} Floor */

/** @returns {Floor} */
export function emptyFloor() {
  return { holder: null, hands: [], lastSide: null };
}

/** The floor as the welcome snapshot states it (`session.floor`), keeping `lastSide`. */
export function floorFromSnapshot(snapshot, previous = emptyFloor()) {
  return {
    holder: snapshot?.holder ?? null,
    hands: [...(snapshot?.hands ?? [])],
    lastSide: previous.lastSide,
  };
}

export function raiseHand(floor, participant) {
  if (floor.hands.includes(participant) || floor.holder === participant) return floor;
  return { ...floor, hands: [...floor.hands, participant] };
}

export function lowerHand(floor, participant) {
  return {
    ...floor,
    hands: floor.hands.filter((p) => p !== participant),
    holder: floor.holder === participant ? null : floor.holder,
  };
}

/** `side` is the side of the new holder (null for someone without a side). */
export function grantFloor(floor, participant, side) {
  return {
    holder: participant,
    hands: floor.hands.filter((p) => p !== participant),
    lastSide: side ?? floor.lastSide,
  };
}

/** A removed participant leaves the queue and the floor. */
export function removeFromFloor(floor, participant) {
  return lowerHand(floor, participant);
}

/**
 * The speaker the queue suggests next: the first hand from a side other than the one that
 * spoke last (the holder's side while someone holds the floor), so the sides alternate;
 * else the first hand. `sideOf(id)` gives a participant's side.
 */
export function nextSpeaker(floor, sideOf) {
  const last = floor.holder ? sideOf(floor.holder) ?? floor.lastSide : floor.lastSide;
  if (!last) return floor.hands[0] ?? null;
  return floor.hands.find((p) => sideOf(p) !== last) ?? floor.hands[0] ?? null;
}

/** 1-based place of `participant` in the queue, or 0 when their hand is not raised. */
export function placeInQueue(floor, participant) {
  return floor.hands.indexOf(participant) + 1;
}
