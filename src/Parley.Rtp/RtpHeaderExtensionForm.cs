namespace Parley.Rtp;

/// <summary>The two RFC 8285 header-extension encodings.</summary>
public enum RtpHeaderExtensionForm
{
    /// <summary>Profile 0xBEDE: ids 1–14, 1–16 bytes each.</summary>
    OneByte,

    /// <summary>Profile 0x100X: ids 1–255, 0–255 bytes each.</summary>
    TwoByte,
}
