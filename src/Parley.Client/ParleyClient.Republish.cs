using Parley.Client.Internal;
using Parley.Client.Media.Rooms;

namespace Parley.Client;

/// <summary>
/// Publishing the app's tracks again after the server-side transports went away (<c>mediaReset</c>, docs/protocol.md
/// §10.9, or a re-join as a new session): a first attempt at once, then, while it fails (the SDK's request timeout while
/// the cluster still places the room's media, 90028 MediaNodeUnavailable, …), retries on the client's clock with
/// backoff until every waiting track is published again, the stay ends, the app unpublishes them, a newer restart
/// takes over, or an error comes that retrying cannot cure (<see cref="RepublishErrors"/>).
/// </summary>
public sealed partial class ParleyClient
{
    /// <summary>The first retry's delay after a failed republish; doubled after each failure up to <see cref="RepublishRetryMaxDelay"/>.</summary>
    internal static readonly TimeSpan RepublishRetryInitialDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two republish attempts.</summary>
    internal static readonly TimeSpan RepublishRetryMaxDelay = TimeSpan.FromSeconds(15);

    // The running republish (first attempt and its retries): cancelled by a newer restart, the end of the stay, or dispose.
    private readonly Lock _republishGate = new();
    private CancellationTokenSource? _republish;

    /// <summary>
    /// The tracks a <see cref="MediaReset"/> could not publish again at once (<see cref="MediaResetEventArgs.WillRetry"/>)
    /// are published again: a retry succeeded (<c>mediaRepublished</c> in the browser SDK).
    /// </summary>
    public event EventHandler<MediaRepublishedEventArgs>? MediaRepublished;

    /// <summary>
    /// A retry of publishing the waiting tracks again failed. While <see cref="MediaRepublishFailedEventArgs.WillRetry"/> the
    /// retries go on; when false the error cannot pass by retrying (e.g. 90023 NoPrivilege) and the tracks no longer wait.
    /// </summary>
    public event EventHandler<MediaRepublishFailedEventArgs>? MediaRepublishFailed;

    /// <summary>After <paramref name="closing"/>, publishes the waiting tracks again and raises <see cref="MediaReset"/>; retries while that fails.</summary>
    private void PublishAgainAfter(Task closing, long roomId, string reason)
    {
        CancellationToken token;
        lock (_republishGate)
        {
            // A newer restart replaces the transports again: the older one's retries would only race it.
            _republish?.Cancel();
            _republish?.Dispose();
            try
            {
                _republish = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
            }
            catch (ObjectDisposedException)
            {
                _republish = null;
                return; // disposed: nothing to publish to
            }

            token = _republish.Token;
        }

        _ = Task.Run(() => RepublishAsync(closing, roomId, reason, token));
    }

    /// <summary>Stops the retries of the running republish (the stay ended: exit, switch, logout, kick, dispose).</summary>
    private void StopRepublishRetry()
    {
        lock (_republishGate)
        {
            _republish?.Cancel();
            _republish?.Dispose();
            _republish = null;
        }
    }

    private async Task RepublishAsync(Task closing, long roomId, string reason, CancellationToken cancellationToken)
    {
        await closing.ConfigureAwait(false);
        var producers = new List<ProducerInfo>();
        var (waited, error) = await PublishWaitingTracksAsync(producers, reason, attempt: 1, cancellationToken).ConfigureAwait(false);
        bool willRetry = error is not null && await ShouldRetryRepublishAsync(error, roomId, cancellationToken).ConfigureAwait(false);
        if (waited > 0 || reason != MediaResetReasons.Rejoined)
        {
            Raise(MediaReset, new MediaResetEventArgs(roomId, reason, [.. producers], error?.Message, willRetry, (error as ParleyException)?.Code));
        }

        if (!willRetry)
        {
            return;
        }

        var delay = RepublishRetryInitialDelay;
        for (int attempt = 2; ; attempt++)
        {
            Log.RepublishRetryScheduled(_logger, attempt - 1, delay, error!.Message);
            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // a newer restart, the end of the stay, or dispose
            }

            if (CurrentRoomId != roomId)
            {
                return; // the stay ended without CloseMediaAsync yet (e.g. a reconnect that could not re-join)
            }

            (waited, error) = await PublishWaitingTracksAsync(producers, reason, attempt, cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (error is null)
            {
                if (waited > 0)
                {
                    Log.Republished(_logger, attempt, roomId);
                    Raise(MediaRepublished, new MediaRepublishedEventArgs(roomId, reason, [.. producers], attempt));
                }

                return; // published again, or the app unpublished (or published itself) what was waiting
            }

            if (!await HasWaitingTracksAsync().ConfigureAwait(false))
            {
                return; // the app unpublished what was waiting
            }

            willRetry = await ShouldRetryRepublishAsync(error, roomId, cancellationToken).ConfigureAwait(false);
            Raise(MediaRepublishFailed, new MediaRepublishFailedEventArgs(roomId, reason, error.Message, (error as ParleyException)?.Code, attempt, willRetry));
            if (!willRetry)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, RepublishRetryMaxDelay.Ticks));
        }
    }

    /// <summary>
    /// Whether a failed attempt is tried again: the stay goes on, tracks still wait, and the error can pass (a timeout, a lost
    /// connection, 90028, a server fault). After an error retrying cannot cure (<see cref="RepublishErrors.IsPermanent"/>:
    /// no privilege, bad params, an operator's lock, the stay ended …) the waiting tracks are dropped from the wait list
    /// (the app's tracks themselves are left alone) and the retries stop.
    /// </summary>
    private async Task<bool> ShouldRetryRepublishAsync(Exception error, long roomId, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || CurrentRoomId != roomId)
        {
            return false;
        }

        if (RepublishErrors.IsPermanent(error))
        {
            await DropWaitingTracksAsync().ConfigureAwait(false);
            return false;
        }

        return await HasWaitingTracksAsync().ConfigureAwait(false);
    }

    /// <summary>Forgets the tracks waiting to be published again: they have no producer any more, and no retry follows.</summary>
    private async Task DropWaitingTracksAsync()
    {
        await _mediaLock.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var track in _tracksToPublishAgain)
            {
                track.ProducerId = null;
            }

            _tracksToPublishAgain.Clear();
        }
        finally
        {
            _mediaLock.Release();
        }
    }

    /// <summary>
    /// One attempt: publishes each waiting track, in order, adding its producer to <paramref name="producers"/>; stops at
    /// the first failure (the tracks not yet published keep waiting). Returns how many tracks were waiting and the error.
    /// </summary>
    private async Task<(int Waited, Exception? Error)> PublishWaitingTracksAsync(List<ProducerInfo> producers, string reason, int attempt, CancellationToken cancellationToken)
    {
        List<LocalTrack> tracks;
        await _mediaLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            tracks = [.. _tracksToPublishAgain];
        }
        finally
        {
            _mediaLock.Release();
        }

        try
        {
            foreach (var track in tracks)
            {
                if (await PublishWaitingTrackAsync(track, cancellationToken).ConfigureAwait(false) is { } producer)
                {
                    producers.Add(producer);
                }
            }

            return (tracks.Count, null);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            // A newer restart took over (it publishes these tracks), or the stay ended.
            return (tracks.Count, new OperationCanceledException("Superseded by a newer media restart, or the stay ended.", ex, cancellationToken));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever failed (the request timed out while the cluster places the room, 90028, the connection closing for a
            // reconnect, a refusal), the tracks not yet published again keep waiting until the error is classified.
            RaiseMediaError($"Publishing again after {reason} failed (attempt {attempt}): {ex.Message}");
            return (tracks.Count, ex);
        }
    }

    /// <summary>Publishes one waiting track; null when it no longer waits (the app unpublished or published it meanwhile).</summary>
    private async Task<ProducerInfo?> PublishWaitingTrackAsync(LocalTrack track, CancellationToken cancellationToken)
    {
        await _mediaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int index = _tracksToPublishAgain.IndexOf(track);
            if (index < 0)
            {
                return null;
            }

            _tracksToPublishAgain.RemoveAt(index);
            try
            {
                return await PublishUnderLockAsync(track, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // A refused publish withdrew the track from the send transport: it waits again, in its place. One still in the
                // transport (the answer came but the connection failed, or the call was cancelled) goes with the transport's
                // next close, which puts it back in the waiting list.
                if (_sendTransport?.Tracks.Contains(track) != true && !_tracksToPublishAgain.Contains(track))
                {
                    _tracksToPublishAgain.Insert(Math.Min(index, _tracksToPublishAgain.Count), track);
                }

                throw;
            }
        }
        finally
        {
            _mediaLock.Release();
        }
    }

    private async Task<bool> HasWaitingTracksAsync()
    {
        await _mediaLock.WaitAsync().ConfigureAwait(false);
        try
        {
            return _tracksToPublishAgain.Count > 0;
        }
        finally
        {
            _mediaLock.Release();
        }
    }
}
