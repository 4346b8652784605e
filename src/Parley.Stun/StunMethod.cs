namespace Parley.Stun;

/// <summary>STUN methods (12 bits). ICE only needs Binding; the TURN ones are listed for diagnostics.</summary>
public enum StunMethod : ushort
{
    Binding = 0x001,
    Allocate = 0x003,
    Refresh = 0x004,
    Send = 0x006,
    Data = 0x007,
    CreatePermission = 0x008,
    ChannelBind = 0x009,
}
