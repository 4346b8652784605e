namespace Parley.Load.Signaling;

/// <summary>How often one operation failed with one catalog code.</summary>
public sealed record ErrorCount(string Operation, int Code, string Description, int Count);
