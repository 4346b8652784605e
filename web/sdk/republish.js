// Publishing the app's tracks again after `mediaReset` (docs/protocol.md §10.9, docs/sdk-web.md): the room's media moved
// to another node, so both connections are gone. When publishing again fails (the request timed out while the cluster
// places the room's media, 90028 MediaNodeUnavailable, …) the tracks are kept and published again on a timer with
// backoff, until it works (`mediaRepublished`), the stay ends, the app unpublishes them, or another `mediaReset` comes.
// Installed on ParleyClient.prototype, so `this` is the client. Same schedule as the .NET SDK (ParleyClient.Republish.cs).

/** The first retry's delay; doubled after each failure up to `RepublishRetryMaxDelayMs`. */
export const RepublishRetryInitialDelayMs = 1000;
export const RepublishRetryMaxDelayMs = 15000;

export const RepublishMethods = {
  /**
   * `mediaReset`: the recv side closes now (before the new node's first offer, which follows this event); the same
   * tracks are published again on a new send connection. Emits `mediaReset` with the new producers, or with `error` and
   * `willRetry` when that failed.
   */
  async resetMedia(params) {
    if (!this.room || this.room.roomId !== params.roomId) return;
    this.stopRepublishRetry(); // this reset publishes whatever an older one still retries
    this.subscriber.close();
    const run = { roomId: params.roomId, reason: params.reason, timer: null };
    this.republishRun = run;
    try {
      const producers = await this.publisher.republish(this.room.role);
      if (this.republishRun === run) this.republishRun = null;
      this.emit('mediaReset', { ...params, producers });
    } catch (error) {
      const willRetry = this.isCurrentRepublish(run) && this.publisher.waiting.size > 0;
      if (!willRetry && this.republishRun === run) this.republishRun = null;
      this.emit('mediaReset', { ...params, producers: [], error, willRetry });
      this.emit('error', error);
      if (willRetry) this.scheduleRepublish(run, RepublishRetryInitialDelayMs, 2);
    }
  },

  scheduleRepublish(run, delayMs, attempt) {
    run.timer = setTimeout(() => this.retryRepublish(run, delayMs, attempt), delayMs);
  },

  async retryRepublish(run, delayMs, attempt) {
    run.timer = null;
    if (!this.isCurrentRepublish(run)) return;
    let producers;
    try {
      producers = await this.publisher.publishWaiting(this.room.role);
    } catch (error) {
      if (!this.isCurrentRepublish(run)) return;
      this.emit('error', error);
      if (this.publisher.waiting.size === 0) {
        this.republishRun = null; // the app unpublished what was waiting
        return;
      }
      this.scheduleRepublish(run, Math.min(delayMs * 2, RepublishRetryMaxDelayMs), attempt + 1);
      return;
    }
    if (!this.isCurrentRepublish(run)) return;
    this.republishRun = null;
    // null: nothing was waiting any more (the app unpublished or published it itself).
    if (producers) this.emit('mediaRepublished', { roomId: run.roomId, reason: run.reason, producers, attempts: attempt });
  },

  isCurrentRepublish(run) {
    return this.republishRun === run && !this.stopped && this.room?.roomId === run.roomId;
  },

  /** Stops the retries (the stay ended, or a newer reset takes over). */
  stopRepublishRetry() {
    const run = this.republishRun;
    this.republishRun = null;
    if (run?.timer) clearTimeout(run.timer);
  },
};
