using System.Data.Common;
using System.Threading.Channels;

namespace Parley.Server.Storage.Sql;

/// <summary>
/// Group commit for the writes a sender waits on (a C2C message, a group message): the writes that arrive while a
/// commit is being made share the next transaction, so many messages cost one durable commit. With SQLite's WAL and
/// <c>synchronous=FULL</c> every commit is an fsync (1.3 ms measured on this machine's disk), which capped C2C at under
/// a thousand messages a second when each message was its own transaction (docs/benchmarks.md). Each caller's task
/// completes only after the transaction holding its write has committed: an acknowledged message is stored exactly as
/// before. A batch that fails is written again one write per transaction, so one bad write fails only its caller.
/// One per database, owned by <see cref="SqlParleyStore"/>.
/// </summary>
internal sealed class SqlCommitBatcher : IAsyncDisposable
{
    // Enough to absorb a burst; a larger transaction only makes the callers at its front wait longer.
    private const int MaxBatch = 256;

    private readonly SqlDialect _database;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public SqlCommitBatcher(SqlDialect database)
    {
        _database = database;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>
    /// Runs <paramref name="write"/> in the next shared transaction and returns its result once that transaction has
    /// committed. The write runs after the caller's token no longer matters: once queued, it is written.
    /// </summary>
    public Task<long> WriteAsync(Func<DbConnection, DbTransaction, Task<long>> write)
    {
        var pending = new PendingWrite(write);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqlCommitBatcher), "The store is shutting down.");
        }
        return pending.Completion.Task;
    }

    /// <summary>Writes what is queued, then stops (the store is closing).</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteLoopAsync()
    {
        // Owned by this loop: reused for every batch.
        var batch = new List<PendingWrite>(MaxBatch);
        var results = new long[MaxBatch];
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            try
            {
                await CommitAsync(batch, results);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(results[i]);
                }
            }
            catch (Exception) when (batch.Count > 1)
            {
                // Which write failed is not known: each is tried again on its own.
                foreach (var pending in batch)
                {
                    await CommitAloneAsync(pending, results);
                }
            }
            catch (Exception ex)
            {
                batch[0].Completion.TrySetException(ex);
            }
            batch.Clear();
        }
    }

    private async Task CommitAloneAsync(PendingWrite pending, long[] results)
    {
        try
        {
            await CommitAsync([pending], results);
            pending.Completion.TrySetResult(results[0]);
        }
        catch (Exception ex)
        {
            pending.Completion.TrySetException(ex);
        }
    }

    private async Task CommitAsync(IReadOnlyList<PendingWrite> batch, long[] results)
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        for (var i = 0; i < batch.Count; i++)
        {
            results[i] = await batch[i].Write(connection, transaction);
        }
        await transaction.CommitAsync(CancellationToken.None);
    }

    private sealed class PendingWrite(Func<DbConnection, DbTransaction, Task<long>> write)
    {
        public Func<DbConnection, DbTransaction, Task<long>> Write { get; } = write;

        // Continuations run off the writer loop, so a caller's work never delays the next commit.
        public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
