/**
 * The live socket: connects, reconnects with backoff, and resumes from the last seq.
 *
 * The caller folds frames into its state and tells the connection where it stands through
 * `since()`, so a reconnect asks only for what it has not seen (`?since=lastSeq`); the
 * reducer ignores anything at or below `lastSeq`, so nothing is ever doubled.
 *
 * Status, for the page to show: `connecting` (first attempt), `live`, `reconnecting`
 * (waiting to retry; `retryIn` ms), `offline` (the browser says there is no network),
 * `stopped` (given up: the link is no longer valid, or the page stopped it).
 */

/** Delay before reconnect attempt `attempt` (0-based): 0.5 s doubling to 15 s, with jitter. */
export function backoffDelay(attempt, random = Math.random) {
  const ceiling = Math.min(15000, 500 * 2 ** Math.min(attempt, 10));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The live socket's URL for `sessionId`, same origin as `location`. */
export function liveUrl(location, sessionId, since) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/api/sessions/${encodeURIComponent(sessionId)}/live?since=${since}`;
}

/** After the welcome, how long the socket must stay quiet before the replay counts as done. */
const REPLAY_QUIET_MS = 400;

export class Connection {
  /**
   * @param {object} options
   * @param {(since: number) => string} options.url
   * @param {() => number} options.since the last seq folded
   * @param {(frame: object, meta: {replay: boolean}) => void} options.onFrame
   * @param {(status: string, detail: object) => void} options.onStatus
   * @param {(welcome: object) => void} [options.onReplayDone] the replay after a welcome is over
   * @param {(code: number) => Promise<boolean>} [options.shouldRetry] false stops reconnecting
   */
  constructor({ url, since, onFrame, onStatus, onReplayDone = () => {}, shouldRetry = async () => true,
    WebSocketImpl = globalThis.WebSocket, timers = globalThis, random = Math.random, isOnline = () => true }) {
    Object.assign(this, { url, since, onFrame, onStatus, onReplayDone, shouldRetry, WebSocketImpl, timers, random, isOnline });
    this.socket = null;
    this.attempt = 0;
    this.status = "idle";
    this.stopped = false;
    this.retryTimer = null;
    this.quietTimer = null;
    this.welcome = null;
    this.replaying = false;
  }

  start() {
    this.stopped = false;
    this.open();
  }

  stop() {
    this.stopped = true;
    this.timers.clearTimeout(this.retryTimer);
    this.timers.clearTimeout(this.quietTimer);
    const socket = this.socket;
    this.socket = null;
    if (socket) socket.close(1000);
    this.setStatus("stopped", {});
  }

  /** Sends a command now; false when the socket is not open (nothing is queued). */
  send(command) {
    if (!this.socket || this.status !== "live") return false;
    this.socket.send(JSON.stringify(command));
    return true;
  }

  /** Drops the socket and connects again (asking `since()` anew), e.g. after a state reset. */
  restart() {
    if (this.socket) this.socket.close(4000);
  }

  /** Retries at once, e.g. when the browser comes back online. */
  retryNow() {
    if (this.stopped || this.status === "live" || this.status === "connecting") return;
    this.timers.clearTimeout(this.retryTimer);
    this.open();
  }

  setStatus(status, detail) {
    this.status = status;
    this.onStatus(status, detail);
  }

  open() {
    if (this.stopped) return;
    this.setStatus(this.attempt === 0 && !this.welcome ? "connecting" : "reconnecting", { attempt: this.attempt, retryIn: 0 });
    let socket;
    try {
      socket = new this.WebSocketImpl(this.url(this.since()));
    } catch {
      this.scheduleRetry(1006);
      return;
    }
    this.socket = socket;
    socket.onmessage = (message) => this.receive(socket, message);
    socket.onclose = (close) => this.closed(socket, close.code);
    socket.onerror = () => {};
  }

  receive(socket, message) {
    if (socket !== this.socket) return;
    let frame;
    try {
      frame = JSON.parse(message.data);
    } catch {
      return;
    }
    if (frame.type === "welcome") {
      this.attempt = 0;
      this.welcome = frame;
      this.replaying = frame.head > this.since();
      this.setStatus("live", {});
      this.onFrame(frame, { replay: false });
      if (!this.replaying) this.onReplayDone(frame);
      else this.armQuietTimer();
      return;
    }
    const replay = this.replaying && frame.type === "event" && frame.seq <= this.welcome.head;
    this.onFrame(frame, { replay });
    if (this.replaying) {
      if (frame.type === "event" && frame.seq >= this.welcome.head) this.endReplay();
      else this.armQuietTimer();
    }
  }

  /** Events the viewer may not see leave gaps, so the replay may never reach `head`. */
  armQuietTimer() {
    this.timers.clearTimeout(this.quietTimer);
    this.quietTimer = this.timers.setTimeout(() => this.endReplay(), REPLAY_QUIET_MS);
  }

  endReplay() {
    if (!this.replaying) return;
    this.replaying = false;
    this.timers.clearTimeout(this.quietTimer);
    this.onReplayDone(this.welcome);
  }

  async closed(socket, code) {
    if (socket !== this.socket) return;
    this.socket = null;
    this.timers.clearTimeout(this.quietTimer);
    this.replaying = false;
    if (this.stopped) return;
    this.scheduleRetry(code);
  }

  async scheduleRetry(code) {
    // 1008: policy (access revoked or abuse). Ask the page whether the link still works.
    if ((code === 1008 || this.attempt >= 2) && !(await this.shouldRetry(code))) {
      this.stopped = true;
      this.setStatus("stopped", { code });
      return;
    }
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt, this.random);
    this.attempt += 1;
    this.setStatus(this.isOnline() ? "reconnecting" : "offline", { attempt: this.attempt, retryIn: delay, code });
    this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = this.timers.setTimeout(() => this.open(), delay);
  }
}
