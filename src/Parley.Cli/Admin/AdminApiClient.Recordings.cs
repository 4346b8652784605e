namespace Parley.Cli.Admin;

/// <summary>Recording rooms (docs/recording.md).</summary>
internal sealed partial class AdminApiClient
{
    public Task<RecordingInfoDto> StartRecordingAsync(long sdkAppId, long roomId, CancellationToken cancellationToken) =>
        SendAsync<RecordingInfoDto>(HttpMethod.Post, $"api/apps/{sdkAppId}/rooms/{roomId}/recording", null, cancellationToken);

    public Task<RecordingInfoDto> StopRecordingAsync(long sdkAppId, long roomId, CancellationToken cancellationToken) =>
        SendAsync<RecordingInfoDto>(HttpMethod.Delete, $"api/apps/{sdkAppId}/rooms/{roomId}/recording", null, cancellationToken);

    public Task<List<RecordingInfoDto>> ListRecordingsAsync(long sdkAppId, CancellationToken cancellationToken) =>
        SendAsync<List<RecordingInfoDto>>(HttpMethod.Get, $"api/apps/{sdkAppId}/recordings", null, cancellationToken);

    /// <summary>Streams a recording's file into <paramref name="destination"/>; returns the bytes written.</summary>
    public async Task<long> DownloadRecordingFileAsync(long sdkAppId, string recordingId, string fileName, Stream destination, CancellationToken cancellationToken)
    {
        var path = $"api/apps/{sdkAppId}/recordings/{Uri.EscapeDataString(recordingId)}/files/{Uri.EscapeDataString(fileName)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ToExceptionAsync(response, cancellationToken);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var before = destination.CanSeek ? destination.Position : 0;
        await body.CopyToAsync(destination, cancellationToken);
        return destination.CanSeek ? destination.Position - before : response.Content.Headers.ContentLength ?? 0;
    }
}
