namespace Parley.Protocol.Roles;

/// <summary>Uplink audio parameters of a role (R4.1). Bitrate in kbps.</summary>
public sealed record AudioParameters(int SampleRate, int Channels, int BitrateKbps);
