// Auto-refresh without a reload: a page asks for a function to run every few seconds; it stops
// when the page is left, pauses while the tab is hidden (no requests from a background tab), and
// runs once at once when the tab shows again. One tick at a time: a slow answer is never overlapped.

/** A set of pollers belonging to one rendered page. */
export class Live {
  constructor() {
    this.pollers = [];
    this.stopped = false;
    this.onVisibility = () => this.pollers.forEach((p) => (document.hidden ? p.pause() : p.resume(0)));
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  /** Runs tick every intervalMs (after it finished) until the page is left. */
  every(intervalMs, tick) {
    const poller = new Poller(intervalMs, tick);
    this.pollers.push(poller);
    if (!document.hidden) poller.resume();
    return poller;
  }

  /** Stops every poller (the page was left). */
  stop() {
    this.stopped = true;
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.pollers.forEach((p) => p.stop());
  }
}

class Poller {
  constructor(intervalMs, tick) {
    this.intervalMs = intervalMs;
    this.tick = tick;
    this.timer = null;
    this.running = false;
    this.active = false;
    this.done = false;
  }

  /** Starts ticking: the first tick after delay (the interval unless told). */
  resume(delay = this.intervalMs) {
    if (this.done || this.active) return;
    this.active = true;
    this.schedule(delay);
  }

  pause() {
    this.active = false;
    clearTimeout(this.timer);
    this.timer = null;
  }

  stop() {
    this.done = true;
    this.pause();
  }

  schedule(delay) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), delay);
  }

  async run() {
    if (!this.active || this.running) return;
    this.running = true;
    try {
      await this.tick();
    } catch (e) {
      // The page shows its own errors; a failed tick is retried on the next one.
    } finally {
      this.running = false;
      if (this.active && !this.done) this.schedule(this.intervalMs);
    }
  }
}
