using System.Data.Common;

namespace Parley.Server.Storage.Sql;

/// <summary>
/// What differs between the SQL engines behind the shared stores: opening a connection, recognising a uniqueness
/// violation, and a writer's lock that SQLite's single writer gives for free. The SQL text itself is shared: both
/// engines speak <c>ON CONFLICT</c>, <c>RETURNING</c> and <c>LIMIT … OFFSET</c>, and both schemas use the same names,
/// 64-bit integers for numbers and times (Unix milliseconds) and 0/1 for flags.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>An open pooled connection; each operation takes its own, so concurrent requests never share one.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The condition "<paramref name="column"/> is one of the array parameter <paramref name="parameter"/>": Dapper
    /// expands <c>IN @p</c> into one parameter per item for SQLite, and passes a real array to PostgreSQL (<c>= ANY</c>).
    /// </summary>
    public abstract string InList(string column, string parameter);

    /// <summary>
    /// Appended to a <c>SELECT … LIMIT</c> that picks rows to claim or move: PostgreSQL's <c>FOR UPDATE SKIP LOCKED</c>, so
    /// concurrent claimers take different rows instead of queueing on the same ones; empty for SQLite, whose single
    /// writer already runs each such statement alone.
    /// </summary>
    public abstract string SkipLocked { get; }

    /// <summary>True when <paramref name="exception"/> is a UNIQUE or PRIMARY KEY violation.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>
    /// Makes writers of <paramref name="resource"/> take turns until <paramref name="transaction"/> ends — for the
    /// read-then-write steps (the next app id, the one default role of a platform) that must not interleave.
    /// </summary>
    public abstract Task LockAsync(DbConnection connection, DbTransaction transaction, string resource, CancellationToken cancellationToken);
}
