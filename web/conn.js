// The rehearsal WebSocket (protocol v1): JSON control messages, binary PCM16 frames, reconnect with backoff.

export const PROTOCOL_VERSION = 1;
const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000, 30000];

/**
 * One connection to /ws that reconnects after an unexpected close.
 * Callbacks: onOpen(reconnected), onMessage(obj), onBinary(ArrayBuffer), onLost(delayMs, attempt), onClosed().
 */
export class Connection {
  constructor(handlers) {
    this.h = handlers;
    this.ws = null;
    this.attempt = 0;
    this.wanted = false; // false after close(): no reconnecting
    this.timer = null;
    this.everOpened = false;
    this.sentBytes = 0;
  }

  get open() {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN;
  }

  url() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    return `${scheme}//${location.host}/ws`;
  }

  connect() {
    this.wanted = true;
    clearTimeout(this.timer);
    const ws = new WebSocket(this.url());
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    ws.onopen = () => {
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      this.sendJson({ type: "hello", protocol: PROTOCOL_VERSION, client: "voice-coach-web" });
      this.h.onOpen(reconnected);
    };
    ws.onmessage = (event) => {
      if (typeof event.data === "string") {
        let message;
        try {
          message = JSON.parse(event.data);
        } catch (_err) {
          return; // the server only sends JSON text frames; ignore anything else
        }
        this.h.onMessage(message);
      } else {
        this.h.onBinary(event.data);
      }
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (!this.wanted) {
        this.h.onClosed();
        return;
      }
      const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
      this.attempt += 1;
      this.h.onLost(delay, this.attempt);
      this.timer = setTimeout(() => this.connect(), delay);
    };
  }

  /** Reconnect now instead of waiting for the backoff timer. */
  retryNow() {
    if (this.wanted && !this.open) this.connect();
  }

  sendJson(message) {
    if (!this.open) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  sendBinary(buffer) {
    if (!this.open) return false;
    // Audio is real time: if the socket is backed up, dropping a frame beats queueing seconds of lag.
    if (this.ws.bufferedAmount > 64 * 1024) return false;
    this.ws.send(buffer);
    this.sentBytes += buffer.byteLength;
    return true;
  }

  /** Close on purpose (no reconnect). */
  close() {
    this.wanted = false;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close(1000);
  }
}
