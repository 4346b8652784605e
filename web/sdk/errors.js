// ParleyError and the error-code catalog (docs/errors.md). The codes are the server's JSON-RPC error.code values
// plus the few the SDKs raise themselves (90011 Timeout, 90012 ConnectionClosed) and browser-side media failures.
// Apps switch on `code`; `message` is for people.

/** The one catalog, as in Parley.Protocol.Errors.ErrorCodes (names identical). */
export const ErrorCodes = Object.freeze({
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  UserSigExpired: 70001,
  UserSigEmpty: 70002,
  UserSigMalformed: 70003,
  UserSigSignatureMismatch: 70009,
  UserSigIdentifierMismatch: 70013,
  UserSigSdkAppIdMismatch: 70014,
  AppHasNoKey: 70016,
  SdkAppIdNotFound: 70020,
  RoomEnterFailed: -3301,
  RoomIdInvalid: -3318,
  IdentifierInvalid: -3319,
  PrivilegeCheckFailed: -100006,
  NotLoggedIn: 90001,
  AlreadyInRoom: 90002,
  NotInRoom: 90003,
  RoleNotFound: 90004,
  AlreadyLoggedIn: 90005,
  RateLimited: 90006,
  PayloadTooLarge: 90007,
  ServerShuttingDown: 90008,
  RoomDissolveForbidden: 90009,
  PlatformInvalid: 90010,
  Timeout: 90011,
  ConnectionClosed: 90012,
  SdpInvalid: 90020,
  ProducerNotFound: 90021,
  SourceAlreadyPublished: 90022,
  NoPrivilege: 90023,
  RoomMessageTooLarge: 90024,
  NegotiationStale: 90025,
  ResumeFailed: 90026,
  MediaReset: 90027,
  MediaNodeUnavailable: 90028,
  // Room administration (admin API).
  TrackMutedByAdmin: 90030,
  // Admin REST API (not sent on the signaling socket; listed so the catalog is whole).
  AdminUnauthorized: 91001,
  AppNotFound: 91002,
  RoomNotFound: 91003,
  ValidationFailed: 91004,
  Conflict: 91005,
  RequestTooLarge: 91006,
  TooManyRequests: 91007,
  // Browser-side only (never sent by the server): the browser refused or lacks a device, or WebRTC failed locally.
  DeviceError: 90100,
  MediaNegotiationFailed: 90101,
});

/** A failed Parley operation: `code` from {@link ErrorCodes}, `message` human-readable, `data` the server's error.data if any. */
export class ParleyError extends Error {
  constructor(code, message, data = undefined, options = undefined) {
    super(message, options);
    this.name = 'ParleyError';
    this.code = code;
    this.data = data;
  }

  /** The catalog name of `code` (e.g. "NotInRoom"), or undefined for a code this SDK does not know. */
  get codeName() {
    return Object.keys(ErrorCodes).find((name) => ErrorCodes[name] === this.code);
  }

  toString() {
    return `ParleyError ${this.code}: ${this.message}`;
  }
}

/** Wraps a browser media exception (getUserMedia, getDisplayMedia) as a ParleyError with a readable message. */
export function deviceError(error, what) {
  const reason = {
    NotAllowedError: 'permission was denied',
    NotFoundError: 'no such device was found',
    NotReadableError: 'the device is in use by another application',
    OverconstrainedError: 'the device cannot satisfy the requested constraints',
    AbortError: 'the request was aborted',
  }[error?.name] ?? (error?.message ?? String(error));
  return new ParleyError(ErrorCodes.DeviceError, `Could not open the ${what}: ${reason}.`, { name: error?.name }, { cause: error });
}
