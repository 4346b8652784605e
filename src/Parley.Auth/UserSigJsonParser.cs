using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Parley.Auth;

/// <summary>
/// Parses the JSON object inside a userSig (product-rules §2, "UserSig format" step 4 and "Asymmetric (older)
/// format"). JSON grammar: RFC 8259 (https://www.rfc-editor.org/rfc/rfc8259). Tolerates everything the official
/// libraries emit: any key order, whitespace, escaped characters such as <c>\/</c>, and numbers written either
/// as JSON numbers or as numeric strings. Unknown keys are ignored; duplicate known keys are rejected so no two
/// readers can disagree on the content. Never throws.
/// </summary>
internal static class UserSigJsonParser
{
    // Longest decimal text of a non-negative long.
    private const int MaxDigits = 19;

    // A DER ECDSA signature over P-521 is at most 139 bytes and an HMAC-SHA256 is 32; anything longer is garbage.
    private const int MaxSignatureBytes = 256;

    public static bool TryParse(ReadOnlySpan<byte> json, out UserSigContent? content)
    {
        content = null;
        try
        {
            return TryParseCore(json, out content);
        }
        catch (JsonException)
        {
            // Invalid JSON syntax or invalid UTF-8.
            return false;
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.GetString on an escape that is not valid UTF-16 (e.g. a lone surrogate).
            return false;
        }
    }

    private static bool TryParseCore(ReadOnlySpan<byte> json, out UserSigContent? content)
    {
        content = null;
        var fields = new RawFields();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            Field field = Identify(ref reader);
            if (!reader.Read())
            {
                return false;
            }

            if (field == Field.Unknown)
            {
                reader.Skip();
                continue;
            }

            if (!fields.TryStore(field, ref reader))
            {
                return false;
            }
        }

        // The loop ends on EndObject for a well-formed document; Read() then throws on trailing content.
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            return false;
        }

        return fields.TryBuild(out content);
    }

    private static Field Identify(ref Utf8JsonReader reader)
    {
        // ValueTextEquals compares the unescaped name, so "TLS.sig" written with escapes still matches.
        for (int i = 1; i < FieldNames.Length; i++)
        {
            if (reader.ValueTextEquals(FieldNames[i]))
            {
                return (Field)i;
            }
        }

        return Field.Unknown;
    }

    private static readonly string[] FieldNames =
    [
        "", "TLS.ver", "TLS.identifier", "TLS.sdkappid", "TLS.expire", "TLS.time", "TLS.userbuf", "TLS.sig",
        "TLS.account_type", "TLS.appid_at_3rd", "TLS.sdk_appid", "TLS.expire_after", "TLS.version",
    ];

    private enum Field
    {
        Unknown, Ver, Identifier, SdkAppId, Expire, Time, UserBuf, Sig,
        AccountType, AppIdAt3rd, AsymSdkAppId, ExpireAfter, AsymVersion,
    }

    private sealed class RawFields
    {
        private readonly string?[] _strings = new string?[FieldNames.Length];
        private readonly NumericField?[] _numbers = new NumericField?[FieldNames.Length];

        public bool TryStore(Field field, ref Utf8JsonReader reader)
        {
            int index = (int)field;
            if (_strings[index] is not null || _numbers[index] is not null)
            {
                return false;
            }

            switch (field)
            {
                case Field.SdkAppId or Field.Expire or Field.Time or Field.AsymSdkAppId or Field.ExpireAfter or Field.AccountType:
                    if (!TryReadNumber(ref reader, out NumericField number))
                    {
                        return false;
                    }

                    _numbers[index] = number;
                    return true;
                default:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }

                    _strings[index] = reader.GetString();
                    return true;
            }
        }

        public bool TryBuild(out UserSigContent? content)
        {
            content = null;
            string? identifier = _strings[(int)Field.Identifier];
            string? signature = _strings[(int)Field.Sig];
            NumericField? time = _numbers[(int)Field.Time];
            if (identifier is null || signature is null || time is not { } issued || issued.Value > UserSigContent.MaxUnixSeconds
                || !TryDecodeSignature(signature, out byte[]? signatureBytes))
            {
                return false;
            }

            string? version = _strings[(int)Field.Ver];
            if (version is not null)
            {
                return TryBuildV2(version, identifier, issued, signature, signatureBytes, out content);
            }

            if (_numbers[(int)Field.AsymSdkAppId] is { } sdkAppId && _numbers[(int)Field.ExpireAfter] is { } expire
                && _numbers[(int)Field.AccountType] is { } accountType && _strings[(int)Field.AppIdAt3rd] is { } appIdAt3rd)
            {
                content = new UserSigContent(UserSigFormat.Asymmetric, identifier, sdkAppId, issued, expire, signature, signatureBytes)
                {
                    AccountType = accountType.Text,
                    AppIdAt3rd = appIdAt3rd,
                    Version = _strings[(int)Field.AsymVersion],
                };
                return true;
            }

            return false;
        }

        private bool TryBuildV2(string version, string identifier, NumericField time, string signature, byte[] signatureBytes, out UserSigContent? content)
        {
            content = null;
            if (version != "2.0" || _numbers[(int)Field.SdkAppId] is not { } sdkAppId || _numbers[(int)Field.Expire] is not { } expire)
            {
                return false;
            }

            string? userBufBase64 = _strings[(int)Field.UserBuf];
            byte[]? userBuf = null;
            if (userBufBase64 is not null && !TryDecodeBase64(userBufBase64, out userBuf))
            {
                return false;
            }

            content = new UserSigContent(UserSigFormat.V2, identifier, sdkAppId, time, expire, signature, signatureBytes)
            {
                UserBufBase64 = userBufBase64,
                UserBuf = userBuf,
                Version = version,
            };
            return true;
        }
    }

    private static bool TryDecodeSignature(string base64, out byte[] bytes)
    {
        bytes = [];
        if (base64.Length > (MaxSignatureBytes + 2) / 3 * 4)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[MaxSignatureBytes];
        if (!Convert.TryFromBase64String(base64, buffer, out int length))
        {
            return false;
        }

        bytes = buffer[..length].ToArray();
        return true;
    }

    private static bool TryDecodeBase64(string base64, out byte[]? bytes)
    {
        bytes = null;
        var buffer = new byte[base64.Length / 4 * 3 + 3];
        if (!Convert.TryFromBase64String(base64, buffer, out int length))
        {
            return false;
        }

        bytes = buffer.AsSpan(0, length).ToArray();
        return true;
    }

    /// <summary>
    /// Reads a non-negative integer written as a JSON number (<c>1400000000</c>) or, tolerantly, as a string of
    /// ASCII digits (<c>"1400000000"</c>, the asymmetric format's convention). Fractions, exponents, signs and
    /// values beyond <see cref="long.MaxValue"/> are rejected.
    /// </summary>
    private static bool TryReadNumber(ref Utf8JsonReader reader, out NumericField number)
    {
        number = default;
        string text;
        if (reader.TokenType == JsonTokenType.Number)
        {
            // A number token is never escaped and a single span, since the reader runs over one contiguous span.
            ReadOnlySpan<byte> raw = reader.ValueSpan;
            if (raw.Length > MaxDigits || !IsAsciiDigits(raw))
            {
                return false;
            }

            text = Encoding.ASCII.GetString(raw);
        }
        else if (reader.TokenType == JsonTokenType.String)
        {
            text = reader.GetString()!;
            if (text.Length is 0 or > MaxDigits || !IsAsciiDigits(text))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
        {
            return false;
        }

        number = new NumericField(value, text);
        return true;
    }

    private static bool IsAsciiDigits(ReadOnlySpan<byte> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange((byte)'0', (byte)'9');

    private static bool IsAsciiDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');
}
