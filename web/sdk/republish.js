// Publishing the app's tracks again after `mediaReset` (docs/protocol.md §10.9, docs/sdk-web.md) or after a fresh login's
// re-join: the send connection is gone. When publishing again fails (the request timed out while the cluster places the
// room's media, 90028 MediaNodeUnavailable, …) the tracks are kept and published again on a timer with backoff, until it
// works (`mediaRepublished`), the stay ends, the app unpublishes them, another `mediaReset` comes, or an error comes that
// retrying cannot cure (`PermanentRepublishCodes`: the waiting tracks are then dropped, `willRetry: false`).
// Installed on ParleyClient.prototype, so `this` is the client. Same schedule and classification as the .NET SDK
// (ParleyClient.Republish.cs, Internal/RepublishErrors.cs).

import { ErrorCodes, ParleyError } from './errors.js';

/** The first retry's delay; doubled after each failure up to `RepublishRetryMaxDelayMs`. */
export const RepublishRetryInitialDelayMs = 1000;
export const RepublishRetryMaxDelayMs = 15000;

/**
 * Refusals the same publish would meet again (docs/errors.md): the request itself, the stay or session ended, the same
 * offer refused, the key or role in force no longer allowing it, an operator's lock. Anything else (a timeout, a lost
 * connection, 90028, a server fault or limit, a browser-side failure) may pass and is retried.
 */
export const PermanentRepublishCodes = Object.freeze(new Set([
  ErrorCodes.ParseError, ErrorCodes.InvalidRequest, ErrorCodes.MethodNotFound, ErrorCodes.InvalidParams,
  ErrorCodes.NotLoggedIn, ErrorCodes.NotInRoom,
  ErrorCodes.PayloadTooLarge, ErrorCodes.SdpInvalid, ErrorCodes.SourceAlreadyPublished,
  ErrorCodes.NoPrivilege, ErrorCodes.PrivilegeCheckFailed,
  ErrorCodes.TrackMutedByAdmin,
]));

/** True when retrying cannot cure `error` (see {@link PermanentRepublishCodes}). */
export function isPermanentRepublishError(error) {
  return error instanceof ParleyError && PermanentRepublishCodes.has(error.code);
}

export const RepublishMethods = {
  /**
   * `mediaReset`: the recv side closes now (before the new node's first offer, which follows this event); the same
   * tracks are published again on a new send connection. Emits `mediaReset` with the new producers, or with `error` and
   * `willRetry` when that failed.
   */
  async resetMedia(params) {
    if (!this.room || this.room.roomId !== params.roomId) return;
    this.subscriber.close();
    const run = this.beginRepublish(params.roomId, params.reason);
    try {
      const producers = await this.publisher.republish(this.room.role);
      if (this.republishRun === run) this.republishRun = null;
      this.emit('mediaReset', { ...params, producers });
    } catch (error) {
      const willRetry = this.afterRepublishFailure(run, error);
      this.emit('mediaReset', { ...params, producers: [], error, willRetry });
      this.emit('error', error);
    }
  },

  /**
   * After a fresh login re-joined the room: publishes the same tracks again. A failure keeps the stay (the join worked)
   * and emits `mediaRepublishFailed` (attempts 1) then, while `willRetry`, retries on the `mediaReset` schedule.
   */
  async republishAfterRejoin() {
    const room = this.room;
    const run = this.beginRepublish(room.roomId, 'rejoined');
    try {
      await this.publisher.republish(room.role);
      if (this.republishRun === run) this.republishRun = null;
    } catch (error) {
      const willRetry = this.afterRepublishFailure(run, error);
      this.emit('mediaRepublishFailed', { roomId: run.roomId, reason: run.reason, error, attempts: 1, willRetry });
      this.emit('error', error);
    }
  },

  /** A newer restart publishes whatever an older one still retries: that one stops. */
  beginRepublish(roomId, reason) {
    this.stopRepublishRetry();
    const run = { roomId, reason, timer: null, delayMs: RepublishRetryInitialDelayMs, attempt: 1 };
    this.republishRun = run;
    return run;
  },

  /**
   * Decides, after a failed attempt of `run`, whether to try again (then schedules it). An error retrying cannot cure
   * drops the waiting tracks instead: they have no producer any more and nothing publishes them again.
   */
  afterRepublishFailure(run, error) {
    if (!this.isCurrentRepublish(run)) return false;
    if (isPermanentRepublishError(error)) {
      this.republishRun = null;
      this.dropWaitingTracks();
      return false;
    }
    if (this.publisher.waiting.size === 0) {
      this.republishRun = null; // the app unpublished (or published itself) what was waiting
      return false;
    }
    run.timer = setTimeout(() => this.retryRepublish(run), run.delayMs);
    return true;
  },

  async retryRepublish(run) {
    run.timer = null;
    if (!this.isCurrentRepublish(run)) return;
    run.attempt += 1;
    run.delayMs = Math.min(run.delayMs * 2, RepublishRetryMaxDelayMs);
    let producers;
    try {
      producers = await this.publisher.publishWaiting(this.room.role);
    } catch (error) {
      if (!this.isCurrentRepublish(run)) return;
      if (this.publisher.waiting.size === 0) {
        this.republishRun = null; // the app unpublished what was waiting
        this.emit('error', error);
        return;
      }
      const willRetry = this.afterRepublishFailure(run, error);
      this.emit('mediaRepublishFailed', { roomId: run.roomId, reason: run.reason, error, attempts: run.attempt, willRetry });
      this.emit('error', error);
      return;
    }
    if (!this.isCurrentRepublish(run)) return;
    this.republishRun = null;
    // null: nothing was waiting any more (the app unpublished or published it itself).
    if (producers) this.emit('mediaRepublished', { roomId: run.roomId, reason: run.reason, producers, attempts: run.attempt });
  },

  /**
   * Forgets every track waiting to be published again. Tracks the SDK captured itself are stopped (nothing could reach
   * them any more); the app's own MediaStreamTracks are left running. Each source gets `localTrackEnded`.
   */
  dropWaitingTracks() {
    for (const source of [...this.publisher.waiting.keys()]) {
      this.publisher.dropWaiting(source);
      this.emit('localTrackEnded', { source });
    }
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
