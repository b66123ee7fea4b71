// AudioWorklet: microphone samples at the context rate -> 16 kHz PCM16 LE mono frames of 20 ms.
// Runs on the audio rendering thread; posts each finished frame (an ArrayBuffer) to the main thread.

const TARGET_RATE = 16000;
const FRAME_SAMPLES = 320; // 20 ms at 16 kHz

// Windowed-sinc low-pass so that content above 8 kHz does not alias into the speech band.
function lowPassTaps(inRate, cutoffHz, count) {
  const taps = new Float32Array(count);
  const fc = cutoffHz / inRate;
  const mid = (count - 1) / 2;
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const x = i - mid;
    const sinc = x === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * x) / (Math.PI * x);
    const blackman = 0.42 - 0.5 * Math.cos((2 * Math.PI * i) / (count - 1)) +
      0.08 * Math.cos((4 * Math.PI * i) / (count - 1));
    taps[i] = sinc * blackman;
    sum += taps[i];
  }
  for (let i = 0; i < count; i++) taps[i] /= sum;
  return taps;
}

class PcmDownsampler extends AudioWorkletProcessor {
  constructor() {
    super();
    this.inRate = sampleRate;
    this.step = this.inRate / TARGET_RATE;
    this.filtering = this.inRate > TARGET_RATE;
    this.taps = this.filtering ? lowPassTaps(this.inRate, 7200, 63) : new Float32Array([1]);
    this.history = new Float32Array(this.taps.length); // ring of the latest input samples
    this.histPos = 0;
    this.filtered = []; // filtered input samples not yet consumed by the resampler
    this.pos = 0; // fractional read position into `filtered`
    this.frame = new Int16Array(FRAME_SAMPLES);
    this.fill = 0;
    this.enabled = true;
    this.port.onmessage = (event) => {
      if (event.data && typeof event.data.enabled === "boolean") {
        this.enabled = event.data.enabled;
        if (!this.enabled) this.fill = 0; // a muted stretch must not leak into the next frame
      }
    };
  }

  filterSample(x) {
    const n = this.taps.length;
    this.history[this.histPos] = x;
    let acc = 0;
    let idx = this.histPos;
    for (let i = 0; i < n; i++) {
      acc += this.taps[i] * this.history[idx];
      idx = idx === 0 ? n - 1 : idx - 1;
    }
    this.histPos = (this.histPos + 1) % n;
    return acc;
  }

  emit(value) {
    const clamped = Math.max(-1, Math.min(1, value));
    this.frame[this.fill++] = clamped < 0 ? clamped * 0x8000 : clamped * 0x7fff;
    if (this.fill === FRAME_SAMPLES) {
      const out = new ArrayBuffer(FRAME_SAMPLES * 2);
      const view = new DataView(out);
      for (let i = 0; i < FRAME_SAMPLES; i++) view.setInt16(i * 2, this.frame[i], true);
      let peak = 0;
      for (let i = 0; i < FRAME_SAMPLES; i++) peak = Math.max(peak, Math.abs(this.frame[i]));
      this.port.postMessage({ pcm: out, peak: peak / 0x8000 }, [out]);
      this.fill = 0;
    }
  }

  process(inputs) {
    const input = inputs[0];
    if (!input || input.length === 0 || !input[0]) return true;
    const channel = input[0];
    for (let i = 0; i < channel.length; i++) {
      this.filtered.push(this.filtering ? this.filterSample(channel[i]) : channel[i]);
    }
    // Linear interpolation between filtered samples at the fractional 16 kHz positions.
    while (this.pos + 1 < this.filtered.length) {
      const i = Math.floor(this.pos);
      const frac = this.pos - i;
      const value = this.filtered[i] * (1 - frac) + this.filtered[i + 1] * frac;
      if (this.enabled) this.emit(value);
      this.pos += this.step;
    }
    const consumed = Math.floor(this.pos);
    if (consumed > 0) {
      this.filtered.splice(0, consumed);
      this.pos -= consumed;
    }
    return true;
  }
}

registerProcessor("pcm-downsampler", PcmDownsampler);
