// Type declarations of the Parley browser SDK (web/sdk/parley.js, served at /sdk/parley.js).
// Wire objects are those of docs/protocol.md; the reference is docs/sdk-web.md.

export declare const version: string;

/** The error-code catalog (docs/errors.md), names as in Parley.Protocol.Errors.ErrorCodes. */
export declare const ErrorCodes: Readonly<{
  ParseError: -32700; InvalidRequest: -32600; MethodNotFound: -32601; InvalidParams: -32602; InternalError: -32603;
  UserSigExpired: 70001; UserSigEmpty: 70002; UserSigMalformed: 70003; UserSigSignatureMismatch: 70009;
  UserSigIdentifierMismatch: 70013; UserSigSdkAppIdMismatch: 70014; AppHasNoKey: 70016; SdkAppIdNotFound: 70020;
  RoomEnterFailed: -3301; RoomIdInvalid: -3318; IdentifierInvalid: -3319; PrivilegeCheckFailed: -100006;
  NotLoggedIn: 90001; AlreadyInRoom: 90002; NotInRoom: 90003; RoleNotFound: 90004; AlreadyLoggedIn: 90005;
  RateLimited: 90006; PayloadTooLarge: 90007; ServerShuttingDown: 90008; RoomDissolveForbidden: 90009;
  PlatformInvalid: 90010; Timeout: 90011; ConnectionClosed: 90012; SdpInvalid: 90020; ProducerNotFound: 90021;
  SourceAlreadyPublished: 90022; NoPrivilege: 90023; RoomMessageTooLarge: 90024; NegotiationStale: 90025;
  ResumeFailed: 90026; MediaReset: 90027; MediaNodeUnavailable: 90028; TrackMutedByAdmin: 90030;
  LoginLimitedPerAddress: 90040; LoginLimitedPerApp: 90041; JoinLimitedPerAddress: 90042; JoinLimitedPerApp: 90043;
  MessageLimitedPerAddress: 90044; MessageLimitedPerApp: 90045; ConnectionsLimitedPerAddress: 90046;
  RecordingAlreadyStarted: 90050; RecordingNotStarted: 90051; RecordingNotFound: 90052; RecordingStorageFailed: 90053;
  RecordingNodeUnavailable: 90054; BeforeSendCallbackFailed: 90060; CallbackDeadLetterNotFound: 90061; AdminUnauthorized: 91001; AppNotFound: 91002; RoomNotFound: 91003; ValidationFailed: 91004;
  Conflict: 91005; RequestTooLarge: 91006; TooManyRequests: 91007; DeviceError: 90100; MediaNegotiationFailed: 90101;
}>;

/** The vendor's reasons why this client's stay in a room ended (`roomExited.vendorReason`, docs/protocol.md §5). */
export declare const RoomExitReasons: Readonly<{ Left: 0; Removed: 1; Dismissed: 2 }>;

/** A failed operation; switch on `code` (the server's JSON-RPC error.code or an SDK code). */
export declare class ParleyError extends Error {
  constructor(code: number, message: string, data?: unknown, options?: ErrorOptions);
  readonly name: 'ParleyError';
  readonly code: number;
  readonly data: unknown;
  /** The catalog name of `code`, e.g. "NotInRoom". */
  readonly codeName: string | undefined;
  /** Refusals by an abuse limit (90040–90046, docs/limits.md): ms until a permit is expected back (`data.retryAfterMs`). */
  readonly retryAfterMs: number | undefined;
}

export type Source = 'microphone' | 'camera' | 'screen';
export declare const Sources: readonly Source[];

export interface VideoParameters { width: number; height: number; fps: number; minBitrateKbps: number; maxBitrateKbps: number; }
export interface AudioParameters { sampleRate: number; channels: number; bitrateKbps: number; }
export interface RoleDefinition { name: string; platform: string; video: VideoParameters; audio: AudioParameters; isDefault?: boolean; }
export interface RoleSet { platform: string; defaultRole: string; roles: RoleDefinition[]; }

/** An ICE server as the login answer names it (protocol.md §4.1): the shape of RTCIceServer. */
export interface IceServer { urls: string[]; username?: string; credential?: string; }

export interface LoginResult {
  sessionId: string; identifier: string; userSigExpiresAt: number; serverTime: number;
  heartbeatIntervalMs: number; heartbeatTimeoutMs: number; roles: RoleSet;
  resumeToken?: string; resumeWindowMs?: number; roomId?: number | null;
  /** STUN/TURN servers with this session's time-limited TURN credentials (docs/turn.md); absent when the server has none. */
  iceServers?: IceServer[];
  /** Signaling URLs of the cluster's active nodes, this node's first (docs/cluster.md); absent when no node announces one. */
  servers?: string[];
}

export interface Member { identifier: string; role: string; isOwner: boolean; joinedAt: number; }

export interface JoinRoomResult {
  roomId: number; role: RoleDefinition; requestedRoleFound: boolean; created: boolean; owner: string; members: Member[];
}

export interface Producer {
  producerId: string; identifier: string; kind: 'audio' | 'video'; source: Source; muted: boolean; codec?: string; layers?: number;
  /** True while an operator locks this source for the stay (protocol.md §9); absent where the server does not say. */
  adminMuted?: boolean;
}

export interface Consumer {
  consumerId: string; producerId: string; identifier: string; kind: 'audio' | 'video'; source: Source; mid: string;
  spatialLayer: number | null; preferredLayer: number | null;
}

export interface RemoteTrack {
  track: MediaStreamTrack; stream: MediaStream; identifier: string; source: Source; kind: 'audio' | 'video';
  producerId: string; consumerId: string; mid: string;
}

export interface Quality { identifier: string; uplink: number; downlink: number; }

export interface LocalSourceStats {
  kind: 'audio' | 'video'; width: number | null; height: number | null; fps: number | null; bitrateKbps: number;
  lossPercent: number | null; rttMs: number | null; codec: string | null; qualityLimitation: string | null;
  layers: { rid: string | null; width: number | null; height: number | null; fps: number | null; bitrateKbps: number | null; active: boolean }[];
}

export interface RemoteTrackStats {
  identifier: string; source: Source; kind: 'audio' | 'video'; producerId: string; consumerId: string; spatialLayer: number | null;
  width: number | null; height: number | null; fps: number | null; framesDecoded: number | null;
  packetsReceived: number; packetsLost: number; lossPercent: number | null; jitterMs: number | null;
  bitrateKbps: number | null; rttMs: number | null; codec: string | null;
}

export interface ParleyStats {
  timestamp: number;
  local: Partial<Record<Source, LocalSourceStats>>;
  remote: RemoteTrackStats[];
  send: { rttMs: number | null; availableOutgoingBitrateKbps: number | null } | null;
  recv: { rttMs: number | null } | null;
}

export interface ConnectOptions {
  /** ws:// or wss:// URL of the signaling endpoint; default `ws(s)://<this page's host>/ws`. */
  url?: string;
  /** More nodes of the same cluster, tried in turn after `url` when a connection attempt fails (docs/cluster.md). */
  fallbackUrls?: string[];
  sdkAppId: number;
  identifier: string;
  userSig: string;
  /** Room privileges for every room of this session (protocol.md §12); a joinRoom key wins. */
  privateMapKey?: string;
  /** Reconnect (and resume the session) after a lost socket. Default true. */
  autoReconnect?: boolean;
  reconnectOnServerShutdown?: boolean;
  reconnectInitialDelayMs?: number;
  reconnectMaxDelayMs?: number;
  /** 0 = no limit (default). */
  maxReconnectAttempts?: number;
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Publish the camera with three simulcast encodings (q, h, f) by default. */
  simulcast?: boolean;
  /**
   * Extra RTCPeerConnection settings, e.g. `{ iceTransportPolicy: 'relay' }` (TURN only) or `iceServers` of your own.
   * The server's `iceServers` from the login answer (TURN credentials) are put before yours; see
   * {@link ParleyClient.rtcConfiguration}.
   */
  rtcConfiguration?: RTCConfiguration;
}

export interface JoinOptions { role?: string; privateMapKey?: string; autoSubscribe?: boolean; }

export type SourceSpec = boolean | { deviceId?: string } | MediaStreamTrack;
export interface PublishSpec {
  camera?: SourceSpec; microphone?: SourceSpec; screen?: SourceSpec;
  tracks?: { track: MediaStreamTrack; source: Source }[];
  simulcast?: boolean;
}

export interface Devices { cameras: MediaDeviceInfo[]; microphones: MediaDeviceInfo[]; speakers: MediaDeviceInfo[]; }

export interface MessageElement { MsgType: string; MsgContent: Record<string, unknown>; }

/** A message as the server sends it (protocol.md §14): msgSeq is the group's seq, or the C2C message id. Times in Unix seconds. */
export interface ChatMessage {
  conversationType: 'group' | 'c2c';
  groupId?: string;
  from: string;
  to?: string;
  msgSeq: number;
  msgRandom: number;
  msgTime: number;
  msgBody?: MessageElement[];
  recalled?: boolean;
  /** Set by the SDK: it came by syncMessages (missed while offline) rather than live. */
  fromSync?: boolean;
}

export interface GroupSystemNotification {
  id: number;
  type: 'joinRequest' | 'joinApproved' | 'joinRejected' | 'invited' | 'kicked' | 'dismissed' | 'reclaimed' | 'custom';
  groupId: string;
  operator: string;
  time: number;
  applicant?: string;
  message?: string;
  content?: string;
  fromSync?: boolean;
}

export interface Conversation { conversationType: 'group' | 'c2c'; groupId?: string; peer?: string; lastMessage?: ChatMessage; unreadCount: number; readSeq: number; }

export interface GroupInfo {
  groupId: string; type: 'Private' | 'Public' | 'ChatRoom' | 'AVChatRoom' | 'BChatRoom'; name: string; introduction?: string; notification?: string;
  faceUrl?: string; owner?: string; memberCount: number; maxMemberCount: number; applyJoinOption: string; shutUpAll: boolean; lastSeq: number; role?: string;
}

export interface GroupMemberInfo { identifier: string; role: 'Owner' | 'Admin' | 'Member'; joinTime: number; shutUpUntil: number; nameCard?: string; }

export interface CreateGroupParams {
  type: GroupInfo['type']; name: string; groupId?: string; members?: string[]; introduction?: string; notification?: string; faceUrl?: string;
  applyJoinOption?: 'FreeAccess' | 'NeedPermission' | 'DisableApply'; maxMemberCount?: number;
}

export interface ConversationRef { groupId?: string; peer?: string; }

export declare const Elements: Readonly<{
  text(text: string): MessageElement[];
  custom(data: string, options?: { desc?: string; ext?: string }): MessageElement[];
  textOf(body: MessageElement[] | undefined): string;
}>;

export interface ParleyEventMap {
  memberEntered: { roomId: number; member: Member };
  memberExited: { roomId: number; identifier: string; reason: string };
  roleChanged: { roomId: number; identifier: string; role: string };
  trackPublished: { roomId: number; producer: Producer };
  trackUnpublished: { roomId: number; identifier: string; producerId: string };
  /** `byAdmin`: an operator muted or released it (admin API). */
  trackMuted: { roomId: number; identifier: string; producerId: string; muted: boolean; byAdmin?: boolean };
  /**
   * An operator muted (`adminMuted: true`) or released one of this client's tracks: the SDK stops (or resumes) capturing
   * it; while muted by an operator `muteTrack(source, false)` fails with 90030. `muted`: whether it is muted now.
   */
  trackAdminMuted: { roomId: number; producerId: string; source: Source; adminMuted: boolean; muted: boolean };
  /**
   * This client's stay in a room ended, with the vendor's reason: it left (`exit`, 0), an operator removed it (`kicked`, 1)
   * or dismissed the room (`dismissed`, 2). Media is torn down; the session stays logged in, outside any room.
   */
  roomExited: { roomId: number; reason: 'exit' | 'kicked' | 'dismissed'; vendorReason: 0 | 1 | 2 };
  userVideoAvailable: { roomId: number; identifier: string; available: boolean };
  userAudioAvailable: { roomId: number; identifier: string; available: boolean };
  userSubStreamAvailable: { roomId: number; identifier: string; available: boolean };
  remoteTrack: RemoteTrack;
  remoteTrackEnded: RemoteTrack;
  localTrack: { source: Source; track: MediaStreamTrack };
  localTrackEnded: { source: Source };
  consumerLayerChanged: { consumerId: string; producerId: string; spatialLayer: number | null };
  activeSpeakers: { roomId: number; speakers: { identifier: string; level: number }[] };
  networkQuality: { roomId: number; local: Quality; remote: Quality[] };
  roomMessage: { roomId: number; from: string; cmdId: number; seq: number; data: string };
  /** A group or C2C message, live or caught up by sync; each once. */
  messageReceived: ChatMessage;
  /** A group tip: msgBody[0] is a TIMGroupTipsElem {OpType: Join | Quit | Kick | SetAdmin | CancelAdmin | ModifyGroupInfo | ModifyMemberInfo | ChangeOwner, …}. */
  groupTip: ChatMessage;
  messageRecalled: { conversationType: 'group' | 'c2c'; groupId?: string; peer?: string; msgSeqs: number[]; operator: string };
  groupSystemNotification: GroupSystemNotification;
  conversationUpdated: { conversationType: 'group' | 'c2c'; conversationId: string; lastMessage: ChatMessage | null; unreadCount: number };
  forceOffline: { reason: string; platform: string };
  userSigExpired: { expiredAt: number };
  kickedOut: { reason: 'forceOffline' | 'userSigExpired' } & Record<string, unknown>;
  serverShuttingDown: { reason: string };
  disconnected: { code: number | null; reason: string; willReconnect: boolean };
  reconnecting: { attempt: number };
  reconnected: { attempts: number; resumed: boolean; roomId: number | null };
  /**
   * The room's media moved to another server node (protocol.md §10.9): both connections were replaced and the same
   * local tracks published again (`producers`); remote tracks ended and return as the others publish again. When
   * publishing again failed (`error`), the tracks are kept and, with `willRetry`, published again on a timer (1 s, 2 s,
   * 4 s … at most 15 s apart) until it works (`mediaRepublished`), the stay ends, you unpublish them, or another reset comes.
   * `willRetry` false with an `error`: retrying cannot cure it (see `mediaRepublishFailed`); the tracks no longer wait.
   */
  mediaReset: { roomId: number; reason: 'mediaNodeLost' | 'mediaNodeLeaving'; producers: Producer[]; error?: unknown; willRetry?: boolean };
  /**
   * A retry after a `mediaReset` (or after a fresh login's re-join, reason `rejoined`) that could not publish again
   * worked: `producers` are all producers now; `attempts` counts the first attempt (2: the first retry).
   */
  mediaRepublished: { roomId: number; reason: 'mediaNodeLost' | 'mediaNodeLeaving' | 'rejoined'; producers: Producer[]; attempts: number };
  /**
   * Publishing the tracks again failed: a retry after a `mediaReset`, or the first attempt after a fresh login's re-join
   * (reason `rejoined`; the room is kept). With `willRetry` the SDK tries again on the same schedule; without it the error
   * cannot pass by retrying (e.g. 90023 NoPrivilege, 90030 TrackMutedByAdmin, 90003 NotInRoom): the waiting tracks were
   * dropped (`localTrackEnded` each; tracks the SDK captured are stopped, yours keep running) and publishing is yours again.
   */
  mediaRepublishFailed: { roomId: number; reason: 'mediaNodeLost' | 'mediaNodeLeaving' | 'rejoined'; error: unknown; attempts: number; willRetry: boolean };
  /** The server in use did not answer and the client connected to another of its URLs. */
  failedOver: { url: string };
  reconnectFailed: { attempts: number; error: unknown };
  transportState: { transport: 'send' | 'recv'; state: RTCPeerConnectionState };
  notification: { method: string; params: unknown };
  error: ParleyError | Error;
}

export declare class ParleyClient extends EventTarget {
  readonly identifier: string;
  readonly sessionId: string | null;
  readonly roles: RoleSet | null;
  readonly roomId: number | null;
  readonly role: RoleDefinition | null;
  readonly members: Member[];
  readonly producers: Producer[];
  readonly remoteTracks: RemoteTrack[];
  readonly remoteProducerList: Producer[];
  readonly state: 'connecting' | 'connected' | 'reconnecting' | 'disconnected';
  /** The signaling URL in use: `url` or the one of `servers` it failed over to. */
  readonly serverUrl: string;
  /**
   * The URLs tried in turn when a connection fails: `url`, `fallbackUrls`, then the nodes learned from each login's
   * `servers` (appended; an app's URL is never replaced; a learned one a later answer no longer names is dropped,
   * unless it is in use).
   */
  readonly servers: readonly string[];
  readonly login: LoginResult | null;
  /** The RTCConfiguration new peer connections get: `options.rtcConfiguration` with the server's `iceServers` first. */
  rtcConfiguration(): RTCConfiguration;

  request<T = unknown>(method: string, params?: object): Promise<T>;
  renewUserSig(userSig: string): Promise<{ userSigExpiresAt: number }>;
  logout(): Promise<void>;
  close(): void;

  joinRoom(roomId: number, options?: JoinOptions): Promise<JoinRoomResult>;
  exitRoom(): Promise<{ roomId: number }>;
  switchRoom(roomId: number, options?: JoinOptions): Promise<JoinRoomResult>;
  changeRole(role: string): Promise<{ roomId: number; role: RoleDefinition }>;
  listMembers(): Promise<{ roomId: number; owner: string; members: Member[] }>;

  publish(spec?: PublishSpec): Promise<Producer[]>;
  unpublish(sourceOrProducerId: Source | string): Promise<void>;
  muteTrack(sourceOrProducerId: Source | string, muted?: boolean): Promise<void>;
  unmuteTrack(sourceOrProducerId: Source | string): Promise<void>;
  startScreenShare(): Promise<Producer[]>;
  stopScreenShare(): Promise<void>;
  localTrack(source: Source): MediaStreamTrack | null;

  listDevices(): Promise<Devices>;
  switchCamera(deviceId: string): Promise<MediaStreamTrack | null>;
  switchMicrophone(deviceId: string): Promise<MediaStreamTrack | null>;

  subscribe(producerId: string, options?: { spatialLayer?: number }): Promise<Consumer>;
  unsubscribe(producerId: string): Promise<void>;
  setPreferredLayer(producerId: string, spatialLayer: 0 | 1 | 2, temporalLayer?: number): Promise<void>;

  sendRoomMessage(data: string | object, options?: { cmdId?: number; to?: string[] }): Promise<{ seq: number }>;
  getStats(): Promise<ParleyStats>;

  sendGroupMessage(groupId: string, msgBody: MessageElement[], options?: { priority?: 'High' | 'Normal' | 'Low' | 'Lowest'; msgRandom?: number }): Promise<{ msgSeq: number; msgTime: number }>;
  sendC2CMessage(to: string, msgBody: MessageElement[], options?: { msgRandom?: number }): Promise<{ msgSeq: number; msgTime: number }>;
  recallMessage(ref: ConversationRef & { msgSeq: number }): Promise<void>;
  getMessages(ref: ConversationRef & { msgSeq?: number; count?: number }): Promise<{ messages: ChatMessage[]; isFinished: boolean }>;
  syncMessages(): Promise<number>;
  markRead(ref: ConversationRef & { msgSeq: number }): Promise<void>;
  getConversations(): Promise<{ conversations: Conversation[] }>;
  createGroup(params: CreateGroupParams): Promise<{ groupId: string }>;
  joinGroup(groupId: string, message?: string): Promise<{ status: 'joined' | 'pending'; lastSeq: number }>;
  quitGroup(groupId: string): Promise<void>;
  dismissGroup(groupId: string): Promise<void>;
  inviteToGroup(groupId: string, members: string[]): Promise<void>;
  kickGroupMembers(groupId: string, members: string[]): Promise<void>;
  handleJoinRequest(groupId: string, applicant: string, approve: boolean, reason?: string): Promise<void>;
  getJoinedGroups(): Promise<{ groups: GroupInfo[] }>;
  getGroupMembers(groupId: string, options?: { offset?: number; limit?: number }): Promise<{ members: GroupMemberInfo[]; total: number }>;
  modifyGroupProfile(groupId: string, change: { name?: string; introduction?: string; notification?: string; faceUrl?: string; applyJoinOption?: string; shutUpAll?: boolean; maxMemberCount?: number }): Promise<void>;
  setGroupMemberRole(groupId: string, member: string, role: 'Admin' | 'Member'): Promise<void>;
  muteGroupMember(groupId: string, member: string, seconds: number): Promise<void>;
  transferGroupOwner(groupId: string, member: string): Promise<void>;
  uploadFile(blob: Blob, name?: string): Promise<{ uuid: string; url: string; contentType: string; size: number; fileName?: string; imageFormat?: string; width?: number; height?: number }>;
  fileUrl(url: string): string;

  on<K extends keyof ParleyEventMap>(type: K, handler: (detail: ParleyEventMap[K]) => void): () => void;
  addEventListener<K extends keyof ParleyEventMap>(type: K, listener: (event: CustomEvent<ParleyEventMap[K]>) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
}

export declare function listDevices(): Promise<Devices>;

export declare const Parley: Readonly<{
  version: string;
  ErrorCodes: typeof ErrorCodes;
  RoomExitReasons: typeof RoomExitReasons;
  ParleyError: typeof ParleyError;
  Elements: typeof Elements;
  listDevices: typeof listDevices;
  connect(options: ConnectOptions): Promise<ParleyClient>;
}>;

export default Parley;
