using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Parley.Server.Media.Recording;

namespace Parley.Server.Admin;

/// <summary>
/// A recording's file on another node, streamed through this one in pieces of <see cref="RecordingNodeGrain.MaxChunk"/>
/// read by that node's <see cref="IRecordingNodeGrain"/> (a file still being written may have grown since its size was
/// taken: the answer stops at that size).
/// </summary>
internal sealed class RemoteRecordingFileResult(IRecordingNodeGrain node, long sdkAppId, string recordingId, string fileName, long size, string contentType) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.ContentType = contentType;
        response.ContentLength = size;
        response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName }.ToString();
        long offset = 0;
        while (offset < size)
        {
            var count = (int)Math.Min(RecordingNodeGrain.MaxChunk, size - offset);
            var chunk = await node.ReadFile(sdkAppId, recordingId, fileName, offset, count).WaitAsync(RecordingService.NodeTimeout, httpContext.RequestAborted);
            if (chunk.Length == 0)
            {
                httpContext.Abort(); // the file shrank or vanished: the length promised cannot be kept
                return;
            }

            await response.Body.WriteAsync(chunk, httpContext.RequestAborted);
            offset += chunk.Length;
        }
    }
}
