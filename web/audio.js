// Microphone capture (AudioWorklet -> 16 kHz PCM16 frames) and gap-free playback of reply audio.

export class MicError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind; // "denied" | "missing" | "unsupported" | "other"
  }
}

/** Captures the microphone and hands 20 ms PCM16 LE frames at 16 kHz to `onFrame`. */
export class Mic {
  constructor(onFrame, onLevel) {
    this.onFrame = onFrame;
    this.onLevel = onLevel || (() => {});
    this.ctx = null;
    this.stream = null;
    this.node = null;
    this.sending = false;
    this.frames = 0;
  }

  get running() {
    return this.ctx !== null;
  }

  async start() {
    if (this.ctx) return;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.AudioWorkletNode) {
      throw new MicError("unsupported", "This browser cannot capture audio here (it needs a secure origin such as localhost).");
    }
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
        video: false,
      });
    } catch (err) {
      if (err && (err.name === "NotAllowedError" || err.name === "SecurityError")) {
        throw new MicError("denied", "Microphone permission was refused. Allow the microphone for this page, or type your lines instead.");
      }
      if (err && (err.name === "NotFoundError" || err.name === "OverconstrainedError")) {
        throw new MicError("missing", "No microphone was found. Connect one, or type your lines instead.");
      }
      throw new MicError("other", `The microphone could not start (${err && err.name ? err.name : err}).`);
    }
    this.ctx = new AudioContext({ latencyHint: "interactive" });
    await this.ctx.audioWorklet.addModule(new URL("./pcm-worklet.js", import.meta.url));
    const source = this.ctx.createMediaStreamSource(this.stream);
    this.node = new AudioWorkletNode(this.ctx, "pcm-downsampler", { numberOfInputs: 1, numberOfOutputs: 0 });
    this.node.port.onmessage = (event) => {
      this.onLevel(event.data.peak);
      if (this.sending) {
        this.frames += 1;
        this.onFrame(event.data.pcm);
      }
    };
    source.connect(this.node);
    if (this.ctx.state === "suspended") await this.ctx.resume();
  }

  /** Whether frames go to `onFrame` (muted while paused or outside push-to-talk). */
  setSending(on) {
    this.sending = Boolean(on);
    if (this.node) this.node.port.postMessage({ enabled: this.sending });
  }

  async stop() {
    this.sending = false;
    if (this.stream) this.stream.getTracks().forEach((t) => t.stop());
    if (this.ctx) await this.ctx.close().catch(() => {});
    this.ctx = null;
    this.stream = null;
    this.node = null;
  }
}

/** Plays announced PCM16 segments back to back; `stop()` silences everything at once. */
export class Player {
  constructor(onProgress) {
    this.ctx = null;
    this.sources = new Set();
    this.nextTime = 0;
    this.segment = null; // {turnIndex, seq, sampleRate, text}
    this.leftover = null; // an odd trailing byte split across frames
    this.spans = new Map(); // turn_index -> [{start, duration}]
    this.onProgress = onProgress || (() => {});
    this.started = 0; // buffer sources started (shown as data-audio-started on <body>)
    this.startedByTurn = {}; // turn_index -> buffer sources started for that reply
    this.ended = 0;
    this.muted = false;
    this.cancelledTurn = null;
  }

  ensureContext() {
    if (!this.ctx) this.ctx = new AudioContext({ latencyHint: "interactive" });
    if (this.ctx.state === "suspended") this.ctx.resume().catch(() => {});
    return this.ctx;
  }

  begin(message) {
    if (message.turn_index === this.cancelledTurn) {
      this.segment = null; // audio of an interrupted reply that was already in flight
      return;
    }
    this.segment = { turnIndex: message.turn_index, seq: message.seq, sampleRate: message.sample_rate, text: message.text };
    this.leftover = null;
  }

  end() {
    this.segment = null;
    this.leftover = null;
  }

  /** Schedule one binary frame of the current segment right after what is already queued. */
  push(data) {
    if (!this.segment || this.muted) return;
    let bytes = new Uint8Array(data);
    if (this.leftover) {
      const joined = new Uint8Array(bytes.length + 1);
      joined[0] = this.leftover;
      joined.set(bytes, 1);
      bytes = joined;
      this.leftover = null;
    }
    if (bytes.length % 2) {
      this.leftover = bytes[bytes.length - 1];
      bytes = bytes.subarray(0, bytes.length - 1);
    }
    const count = bytes.length / 2;
    if (!count) return;
    const ctx = this.ensureContext();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    const buffer = ctx.createBuffer(1, count, this.segment.sampleRate);
    const channel = buffer.getChannelData(0);
    for (let i = 0; i < count; i++) channel[i] = view.getInt16(i * 2, true) / 0x8000;
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(ctx.destination);
    // A short lead on an empty queue absorbs network jitter without audible gaps later.
    const start = Math.max(this.nextTime, ctx.currentTime + 0.05);
    source.start(start);
    this.nextTime = start + buffer.duration;
    const turn = this.segment.turnIndex;
    if (!this.spans.has(turn)) this.spans.set(turn, []);
    this.spans.get(turn).push({ start, duration: buffer.duration });
    this.sources.add(source);
    this.started += 1;
    this.startedByTurn[turn] = (this.startedByTurn[turn] || 0) + 1;
    source.onended = () => {
      this.sources.delete(source);
      this.ended += 1;
      this.onProgress(turn);
    };
    this.onProgress(turn);
  }

  /** Milliseconds of `turnIndex`'s reply that have actually played so far. */
  playedMs(turnIndex) {
    const spans = this.spans.get(turnIndex);
    if (!spans || !this.ctx) return 0;
    const now = this.ctx.currentTime;
    let total = 0;
    for (const s of spans) total += Math.min(Math.max(0, now - s.start), s.duration);
    return total * 1000;
  }

  get playing() {
    return this.sources.size > 0;
  }

  /** Stop at once (barge-in, pause, end): nothing queued plays after this call. */
  stop(cancelTurn = null) {
    if (cancelTurn !== null) this.cancelledTurn = cancelTurn;
    for (const source of this.sources) {
      try {
        source.stop();
      } catch (_err) {
        // already stopped
      }
    }
    this.sources.clear();
    this.nextTime = 0;
    this.segment = null;
    this.leftover = null;
  }
}
