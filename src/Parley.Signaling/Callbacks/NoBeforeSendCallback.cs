namespace Parley.Signaling.Callbacks;

/// <summary>A host without callbacks: nothing is asked, every message is allowed.</summary>
internal sealed class NoBeforeSendCallback : IBeforeSendCallback
{
    public ValueTask<bool> IsEnabledAsync(long sdkAppId, CancellationToken cancellationToken) => ValueTask.FromResult(false);

    public Task<BeforeSendVerdict> CheckAsync(BeforeSendMessage message, CancellationToken cancellationToken) => Task.FromResult(BeforeSendVerdict.Allow);
}
