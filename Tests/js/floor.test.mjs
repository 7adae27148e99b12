import assert from "node:assert/strict";
import { test } from "node:test";
import { emptyFloor, floorFromSnapshot, grantFloor, lowerHand, nextSpeaker, placeInQueue, raiseHand } from "../../Public/js/floor.js";
import { initialState, reduce } from "../../Public/js/reducer.js";
import { event, genesis, welcome } from "./fixtures.mjs";

const sides = { p2: "am", p3: "az", p4: "am", p5: "az", p6: "am" };
const sideOf = (id) => sides[id] ?? null;

test("hands queue in the order raised, once each", () => {
  let floor = emptyFloor();
  for (const p of ["p4", "p5", "p4", "p2"]) floor = raiseHand(floor, p);
  assert.deepEqual(floor.hands, ["p4", "p5", "p2"]);
  assert.equal(placeInQueue(floor, "p5"), 2);
  assert.equal(placeInQueue(floor, "p3"), 0);
});

test("granting the floor takes the hand out of the queue; lowering the holder's hand frees the floor", () => {
  let floor = raiseHand(raiseHand(emptyFloor(), "p4"), "p5");
  floor = grantFloor(floor, "p5", "az");
  assert.equal(floor.holder, "p5");
  assert.deepEqual(floor.hands, ["p4"]);
  assert.equal(floor.lastSide, "az");
  floor = lowerHand(floor, "p5");
  assert.equal(floor.holder, null);
  assert.equal(floor.lastSide, "az", "the last side is remembered for alternation");
});

test("the suggested next speaker alternates the sides", () => {
  let floor = emptyFloor();
  for (const p of ["p4", "p6", "p5"]) floor = raiseHand(floor, p);
  assert.equal(nextSpeaker(floor, sideOf), "p4", "nobody spoke yet: the first hand");
  floor = grantFloor(floor, "p4", "am");
  assert.equal(nextSpeaker(floor, sideOf), "p5", "Armenia holds the floor: the first Azerbaijani hand");
  floor = grantFloor(floor, "p5", "az");
  assert.equal(nextSpeaker(floor, sideOf), "p6");
  floor = lowerHand(grantFloor(floor, "p6", "am"), "p6");
  assert.equal(nextSpeaker(floor, sideOf), null);
});

test("the snapshot's floor is taken as is, keeping the last side", () => {
  const floor = floorFromSnapshot({ holder: "p3", hands: ["p4"] }, { holder: null, hands: [], lastSide: "am" });
  assert.deepEqual(floor, { holder: "p3", hands: ["p4"], lastSide: "am" });
  assert.deepEqual(floorFromSnapshot(undefined), emptyFloor());
});

test("everyone who folds the same events sees the same queue", () => {
  const events = [
    event(7, { kind: "handRaised", participant: "p5" }),
    event(8, { kind: "handRaised", participant: "p4" }),
    event(9, { kind: "handRaised", participant: "p2" }),
    event(10, { kind: "floorGranted", participant: "p4", by: "p1" }),
    event(11, { kind: "handLowered", participant: "p2" }),
    event(12, { kind: "handRaised", participant: "p3" }),
  ];
  const viewers = ["p2", "p3", "p4"].map((id) => {
    const state = initialState();
    reduce(state, welcome({ head: 6, you: { id, role: "member" } }));
    for (const f of [...genesis(), ...events]) reduce(state, f);
    return state.floor;
  });
  for (const floor of viewers) assert.deepEqual(floor, { holder: "p4", hands: ["p5", "p3"], lastSide: "am" });
});

test("a resume's snapshot and the live events after it give the same queue as the full history", () => {
  // Full history.
  const full = initialState();
  reduce(full, welcome({ head: 6 }));
  const events = [
    event(7, { kind: "handRaised", participant: "p5" }),
    event(8, { kind: "handRaised", participant: "p4" }),
    event(9, { kind: "floorGranted", participant: "p5" }),
  ];
  for (const f of [...genesis(), ...events]) reduce(full, f);
  // A client that saw up to 7, reconnects: snapshot at head 8, then event 9 live.
  const resumed = initialState();
  reduce(resumed, welcome({ head: 6 }));
  for (const f of [...genesis(), events[0]]) reduce(resumed, f);
  reduce(resumed, welcome({ head: 8, floor: { hands: ["p5", "p4"] } }));
  reduce(resumed, events[1]);
  reduce(resumed, events[2]);
  assert.deepEqual(resumed.floor, full.floor);
});
