namespace Parley.WebRtc.Tcp;

/// <summary>Where the listener sends every packet its connections read: the port's demultiplexer. <paramref name="frame"/> is valid during the call only.</summary>
internal delegate void IceTcpFrameHandler(Span<byte> frame, IceTcpConnection connection);
