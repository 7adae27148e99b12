import assert from "node:assert/strict";
import { test } from "node:test";
import { Connection, backoffDelay, liveUrl } from "../../Public/js/connection.js";

/** A fake socket the test drives by hand. */
class FakeSocket {
  static all = [];
  constructor(url) {
    this.url = url;
    this.sent = [];
    this.closedWith = null;
    FakeSocket.all.push(this);
  }
  send(data) { this.sent.push(JSON.parse(data)); }
  close(code) { this.closedWith = code; }
  deliver(frame) { this.onmessage({ data: JSON.stringify(frame) }); }
  drop(code = 1006) { this.onclose({ code }); }
}

/** Timers run only when the test says so. */
class FakeTimers {
  constructor() { this.queue = []; this.next = 1; }
  setTimeout(fn, ms) { const id = this.next++; this.queue.push({ id, fn, ms }); return id; }
  clearTimeout(id) { this.queue = this.queue.filter((t) => t.id !== id); }
  runAll() { const due = this.queue; this.queue = []; for (const t of due) t.fn(); return due.map((t) => t.ms); }
}

function setup({ shouldRetry = async () => true } = {}) {
  FakeSocket.all = [];
  const timers = new FakeTimers();
  let lastSeq = 0;
  const frames = [];
  const statuses = [];
  const replays = [];
  const connection = new Connection({
    url: (since) => `ws://h/live?since=${since}`,
    since: () => lastSeq,
    onFrame: (frame, meta) => {
      frames.push({ frame, meta });
      if (frame.type === "event") lastSeq = Math.max(lastSeq, frame.seq);
    },
    onStatus: (status) => statuses.push(status),
    onReplayDone: (w) => replays.push(w.head),
    shouldRetry,
    WebSocketImpl: FakeSocket,
    timers,
    random: () => 0.5,
  });
  return { connection, timers, frames, statuses, replays, socket: () => FakeSocket.all.at(-1) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

test("backoff doubles from half a second to fifteen, with jitter", () => {
  assert.equal(backoffDelay(0, () => 0), 250);
  assert.equal(backoffDelay(0, () => 1), 500);
  assert.equal(backoffDelay(3, () => 1), 4000);
  assert.equal(backoffDelay(30, () => 1), 15000);
  assert.equal(backoffDelay(30, () => 0), 7500);
});

test("the live URL follows the page's scheme and host", () => {
  assert.equal(liveUrl({ protocol: "https:", host: "x.org" }, "abc", 5), "wss://x.org/api/sessions/abc/live?since=5");
  assert.equal(liveUrl({ protocol: "http:", host: "127.0.0.1:8080" }, "abc", 0), "ws://127.0.0.1:8080/api/sessions/abc/live?since=0");
});

test("it reconnects with backoff and resumes from the last seq", async () => {
  const { connection, timers, statuses, socket, frames } = setup();
  connection.start();
  assert.equal(socket().url, "ws://h/live?since=0");
  socket().deliver({ type: "welcome", head: 0, session: {} });
  socket().deliver({ type: "event", seq: 1, event: {} });
  socket().deliver({ type: "event", seq: 2, event: {} });
  assert.equal(statuses.at(-1), "live");
  assert.equal(frames.at(-1).meta.replay, false, "events after a welcome at head 0 are live");
  socket().drop(1001);
  await flush();
  assert.equal(statuses.at(-1), "reconnecting");
  assert.deepEqual(timers.runAll(), [375]);
  assert.equal(socket().url, "ws://h/live?since=2");
  // The second attempt fails too: the delay grows.
  socket().drop(1006);
  await flush();
  assert.deepEqual(timers.runAll(), [750]);
  socket().deliver({ type: "welcome", head: 2, session: {} });
  assert.equal(statuses.at(-1), "live");
  assert.equal(connection.attempt, 0, "a welcome resets the backoff");
});

test("replayed events are marked, and the replay's end is reported once", async () => {
  const { connection, timers, frames, replays, socket } = setup();
  connection.start();
  socket().deliver({ type: "welcome", head: 3, session: {} });
  socket().deliver({ type: "event", seq: 1, event: {} });
  socket().deliver({ type: "event", seq: 3, event: {} });
  socket().deliver({ type: "event", seq: 4, event: {} });
  assert.deepEqual(frames.slice(1).map((f) => f.meta.replay), [true, true, false]);
  assert.deepEqual(replays, [3]);
  // A replay that stops short of head (events the viewer may not see) ends on quiet.
  socket().drop(1001);
  await flush();
  timers.runAll();
  socket().deliver({ type: "welcome", head: 9, session: {} });
  socket().deliver({ type: "event", seq: 5, event: {} });
  assert.deepEqual(replays, [3]);
  timers.runAll();
  assert.deepEqual(replays, [3, 9]);
});

test("a dead link stops the reconnecting", async () => {
  const { connection, statuses, socket, timers } = setup({ shouldRetry: async () => false });
  connection.start();
  socket().drop(1008);
  await flush();
  assert.equal(statuses.at(-1), "stopped");
  assert.equal(timers.queue.length, 0);
});

test("commands go out only while live", () => {
  const { connection, socket } = setup();
  connection.start();
  assert.equal(connection.send({ type: "raiseHand", ref: "r1" }), false);
  socket().deliver({ type: "welcome", head: 0, session: {} });
  assert.equal(connection.send({ type: "raiseHand", ref: "r2" }), true);
  assert.deepEqual(socket().sent, [{ type: "raiseHand", ref: "r2" }]);
  connection.stop();
  assert.equal(socket().closedWith, 1000);
  assert.equal(connection.send({ type: "raiseHand", ref: "r3" }), false);
});
