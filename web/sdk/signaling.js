// One JSON-RPC 2.0 connection over a WebSocket (docs/protocol.md §1-3): requests with ids, answers matched by id,
// server notifications handed to a callback, heartbeats. It knows nothing of rooms or media; ParleyClient does.

import { ErrorCodes, ParleyError } from './errors.js';

/** Close codes after which reconnecting would be wrong (protocol.md §3). */
export const TerminalCloseCodes = Object.freeze({
  normal: 1000,
  unsupportedData: 1003,
  forceOffline: 4001,
  userSigExpired: 4002,
  flood: 4008,
});

/** Close code of a connection refused for its address's connection count (protocol.md §3, error 90046). */
export const TooManyConnectionsCloseCode = 4029;

export class SignalingConnection {
  /**
   * @param {string} url ws:// or wss:// URL of /ws
   * @param {{onNotification:(method:string, params:any)=>void, onClose:(code:number|null, reason:string)=>void, requestTimeoutMs:number}} handlers
   */
  constructor(url, handlers) {
    this.url = url;
    this.handlers = handlers;
    this.nextId = 1;
    this.pending = new Map();
    this.socket = null;
    this.closed = false;
    this.closeCode = null;
    this.heartbeatTimer = null;
    this.lastReceived = Date.now();
  }

  /** Opens the socket; rejects with 90012 when it cannot connect within `timeoutMs`. */
  open(timeoutMs = 10000) {
    return new Promise((resolve, reject) => {
      let socket;
      try {
        socket = new WebSocket(this.url);
      } catch (error) {
        reject(new ParleyError(ErrorCodes.ConnectionClosed, `Cannot open ${this.url}: ${error.message}`));
        return;
      }
      this.socket = socket;
      const timer = setTimeout(() => {
        socket.close();
        reject(new ParleyError(ErrorCodes.ConnectionClosed, `Could not connect to ${this.url} within ${timeoutMs} ms.`));
      }, timeoutMs);
      socket.onopen = () => {
        clearTimeout(timer);
        this.lastReceived = Date.now();
        resolve();
      };
      socket.onerror = () => {
        // The close event that follows carries the details; an error before open means we never connected.
        if (socket.readyState !== WebSocket.OPEN) {
          clearTimeout(timer);
          reject(new ParleyError(ErrorCodes.ConnectionClosed, `Could not connect to ${this.url}.`));
        }
      };
      socket.onmessage = (event) => this.receive(event.data);
      socket.onclose = (event) => {
        clearTimeout(timer);
        this.finish(event.code, event.reason);
      };
    });
  }

  /** Sends a request and resolves with its result; rejects with a ParleyError carrying the server's code. */
  request(method, params = {}, timeoutMs = this.handlers.requestTimeoutMs ?? 10000) {
    if (this.closeCode === TooManyConnectionsCloseCode) {
      return Promise.reject(new ParleyError(ErrorCodes.ConnectionsLimitedPerAddress, 'Too many connections from this address.'));
    }
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new ParleyError(ErrorCodes.ConnectionClosed, `Not connected (calling ${method}).`));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ParleyError(ErrorCodes.Timeout, `${method}: no answer within ${timeoutMs} ms.`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer, method });
      this.socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /** Sends `ping` every `intervalMs`; drops the socket when nothing arrived for `timeoutMs` (the server would too). */
  startHeartbeat(intervalMs, timeoutMs) {
    this.stopHeartbeat();
    this.heartbeatTimer = setInterval(() => {
      if (Date.now() - this.lastReceived > timeoutMs) {
        this.abort(4003, 'heartbeat timeout');
        return;
      }
      this.request('ping').catch(() => {});
    }, intervalMs);
  }

  stopHeartbeat() {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  /** Closes the socket; pending requests fail with 90012. */
  close(code = 1000, reason = '') {
    this.stopHeartbeat();
    try {
      this.socket?.close(code, reason);
    } catch {
      this.socket?.close();
    }
  }

  /** Drops the connection at once, reporting `code` to onClose (used for heartbeat loss and network changes). */
  abort(code, reason) {
    const socket = this.socket;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      try {
        // 4000: "I am reconnecting" — a resumable session stays suspended on the server (protocol.md §13).
        socket.close(4000, 'reconnecting');
      } catch {
        // already closing
      }
    }
    this.finish(code, reason);
  }

  get isOpen() {
    return this.socket?.readyState === WebSocket.OPEN && !this.closed;
  }

  receive(text) {
    this.lastReceived = Date.now();
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      console.warn('parley: dropped a frame that is not JSON');
      return;
    }
    if (message.id !== undefined && message.id !== null && (message.result !== undefined || message.error !== undefined)) {
      const entry = this.pending.get(message.id);
      if (!entry) return;
      this.pending.delete(message.id);
      clearTimeout(entry.timer);
      if (message.error) {
        entry.reject(new ParleyError(message.error.code, message.error.message ?? `Error ${message.error.code}`, message.error.data));
      } else {
        entry.resolve(message.result);
      }
      return;
    }
    if (typeof message.method === 'string') {
      try {
        this.handlers.onNotification(message.method, message.params ?? {});
      } catch (error) {
        console.warn(`parley: a handler of ${message.method} threw`, error);
      }
    }
  }

  finish(code, reason) {
    if (this.closed) return;
    this.closed = true;
    this.closeCode = code ?? null;
    this.stopHeartbeat();
    for (const [, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(code === TooManyConnectionsCloseCode
        // The server refused the connection itself: too many from this address (docs/limits.md).
        ? new ParleyError(ErrorCodes.ConnectionsLimitedPerAddress, reason || 'Too many connections from this address.')
        : new ParleyError(ErrorCodes.ConnectionClosed, `The connection closed before ${entry.method} was answered.`));
    }
    this.pending.clear();
    this.handlers.onClose(code ?? null, reason ?? '');
  }
}
