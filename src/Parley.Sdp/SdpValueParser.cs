namespace Parley.Sdp;

/// <summary>The shape of every typed attribute parser: never throws, false on malformed input.</summary>
internal delegate bool SdpValueParser<T>(string? value, out T? result)
    where T : class;
