using System.Data.Common;
using Dapper;
using Npgsql;
using Parley.Server.Storage.Sql;

namespace Parley.Server.Storage.Postgres;

/// <summary>
/// PostgreSQL behind the shared stores: connections from one <see cref="NpgsqlDataSource"/> (its pool). Transactions
/// run at READ COMMITTED, so the read-then-write steps take a transaction-scoped advisory lock named after what they
/// guard; it is released by the commit or rollback.
/// </summary>
internal sealed class PostgresDialect(NpgsqlDataSource dataSource) : SqlDialect
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await DataSource.OpenConnectionAsync(cancellationToken);

    public override string InList(string column, string parameter) => $"{column} = ANY(@{parameter})";

    public override string SkipLocked => " FOR UPDATE SKIP LOCKED";

    public override bool IsUniqueViolation(DbException exception) => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override Task LockAsync(DbConnection connection, DbTransaction transaction, string resource, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended(@resource, 0))", new { resource }, transaction, cancellationToken: cancellationToken));
}
