using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Parley.Testing;

/// <summary>One request a <see cref="CallbackReceiver"/> got: path, query, headers (case-insensitive), raw body, arrival time.</summary>
public sealed record ReceivedCallback(string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset ArrivedAt)
{
    /// <summary>Cancelled when the sender gives up on the request (its timeout): a slow answer can stop waiting then.</summary>
    public CancellationToken Aborted { get; init; }

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The body as JSON (a clone, usable after the call).</summary>
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The <c>Sign</c> header (product-rules §8).</summary>
    public string? Sign => Header("Sign");

    public string? EventId => Header("X-Parley-Event-Id");

    public int Attempt => int.TryParse(Header("X-Parley-Attempt"), NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) ? attempt : 0;

    /// <summary>
    /// The event number: the body's <c>EventType</c> for room and media events, else the Parley number of its IM
    /// <c>CallbackCommand</c> (docs/callbacks.md); 0 for a before-send question.
    /// </summary>
    public int EventType
    {
        get
        {
            var json = Json;
            if (json.TryGetProperty(nameof(EventType), out var type))
            {
                return type.GetInt32();
            }

            return json.TryGetProperty("CallbackCommand", out var command) ? command.GetString() switch
            {
                "Group.CallbackAfterCreateGroup" => 301,
                "Group.CallbackAfterGroupDestroyed" => 302,
                "Group.CallbackAfterNewMemberJoin" => 303,
                "Group.CallbackAfterMemberExit" => 304,
                "Group.CallbackAfterSendMsg" => 305,
                "C2C.CallbackAfterSendMsg" => 306,
                _ => 0,
            } : 0;
        }
    }
}
