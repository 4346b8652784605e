namespace Parley.Protocol.Roles;

/// <summary>Uplink video parameters of a role (R4.1). Bitrates in kbps.</summary>
public sealed record VideoParameters(int Width, int Height, int Fps, int MinBitrateKbps, int MaxBitrateKbps);
