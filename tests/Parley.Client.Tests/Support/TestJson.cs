using System.Text.Json.Serialization;

namespace Parley.Client.Tests.Support;

/// <summary>Source-generated JSON for the few non-protocol values the tests write.</summary>
[JsonSerializable(typeof(string))]
public sealed partial class TestJson : JsonSerializerContext;
