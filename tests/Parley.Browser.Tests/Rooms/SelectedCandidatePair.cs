using System.Text.Json;
using Microsoft.Playwright;

namespace Parley.Browser.Tests.Rooms;

/// <summary>
/// The candidate pair a demo page's peer connection uses, from its <c>getStats</c>: the <c>transport</c> report's
/// <c>selectedCandidatePairId</c> and that pair's local and remote candidates.
/// </summary>
public sealed record SelectedCandidatePair(string LocalProtocol, string LocalType, string? RelayProtocol, string RemoteProtocol, string RemoteType, int RemotePort)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Script = """
        async (which) => {
          const client = window.parleyDemo?.client;
          const pc = which === 'send' ? client?.publisher?.pc : client?.subscriber?.pc;
          if (!pc) return null;
          const stats = await pc.getStats();
          let pair = null;
          stats.forEach((s) => { if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId); });
          if (!pair) return null;
          const local = stats.get(pair.localCandidateId);
          const remote = stats.get(pair.remoteCandidateId);
          return JSON.stringify({
            localProtocol: local.protocol, localType: local.candidateType, relayProtocol: local.relayProtocol ?? null,
            remoteProtocol: remote.protocol, remoteType: remote.candidateType, remotePort: remote.port,
          });
        }
        """;

    /// <summary>The send (<c>"send"</c>) or recv (<c>"recv"</c>) connection's selected pair; null while there is none.</summary>
    public static async Task<SelectedCandidatePair?> ReadAsync(IPage page, string transport)
    {
        var json = await page.EvaluateAsync<string?>(Script, transport);
        return json is null ? null : JsonSerializer.Deserialize<SelectedCandidatePair>(json, Json);
    }

    /// <summary>Waits until the connection has a selected pair (ICE may still be settling right after media starts).</summary>
    public static async Task<SelectedCandidatePair> WaitAsync(IPage page, string transport)
    {
        var deadline = DateTime.UtcNow + DemoPages.Patience;
        while (true)
        {
            var pair = await ReadAsync(page, transport);
            if (pair is not null)
            {
                return pair;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The {transport} connection has no selected candidate pair.");
            }

            await Task.Delay(200);
        }
    }
}
