using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using Parley.Server.Storage;
using Parley.Server.Storage.Postgres;

namespace Parley.Cli.Database;

/// <summary>
/// <c>parley db …</c>: works on the database directly, not through a server (docs/cli.md): apply the schema migrations,
/// and copy a SQLite installation into PostgreSQL when it outgrows one node.
/// </summary>
public static class DatabaseCommand
{
    public static Command Create()
    {
        var command = new Command("db", "Migrate a database, or copy a SQLite database into PostgreSQL (docs/cluster.md).");
        command.Subcommands.Add(MigrateCommand());
        command.Subcommands.Add(CopyCommand());
        return command;
    }

    private static Command MigrateCommand()
    {
        Option<string> provider = new("--provider") { Description = "sqlite or postgres (the server's Storage:Provider).", DefaultValueFactory = _ => StorageOptions.SqliteProvider };
        Option<string> dataDirectory = new("--data-directory") { Description = "SQLite: the folder of parley.db (Storage:DataDirectory).", DefaultValueFactory = _ => "./data" };
        Option<string?> connectionString = new("--connection-string") { Description = "The provider's connection string (Storage:ConnectionString); required for postgres." };
        var command = new Command("migrate", "Apply the schema migrations this build knows; prints the versions applied.") { provider, dataDirectory, connectionString };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, async output =>
        {
            var options = new StorageOptions
            {
                Provider = parseResult.GetValue(provider)!,
                DataDirectory = parseResult.GetValue(dataDirectory)!,
                ConnectionString = parseResult.GetValue(connectionString),
            };
            await using var store = ParleyStoreFactory.Create(options, TimeProvider.System);
            var before = (await TryGetAppliedAsync(store, cancellationToken)).Count;
            await store.MigrateAsync(cancellationToken);
            var applied = await store.GetAppliedMigrationsAsync(cancellationToken);
            foreach (var migration in applied.Skip(before))
            {
                await output.WriteLineAsync($"applied {migration.Version.ToString(CultureInfo.InvariantCulture)}: {migration.Name}");
            }

            await output.WriteLineAsync($"{store.ProviderName} schema at version {applied[^1].Version.ToString(CultureInfo.InvariantCulture)} ({applied.Count - before} applied now)");
        }));
        return command;
    }

    private static Command CopyCommand()
    {
        Option<string> from = new("--from-data-directory") { Description = "The SQLite installation's data folder (holds parley.db).", Required = true };
        Option<string> to = new("--to") { Description = "Connection string of an empty PostgreSQL database.", Required = true };
        var command = new Command("copy", "Copy everything from a SQLite database into an empty PostgreSQL database, in one transaction.") { from, to };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, async output =>
        {
            var total = 0L;
            var tables = await SqliteToPostgresCopy.RunAsync(parseResult.GetValue(from)!, parseResult.GetValue(to)!, TimeProvider.System,
                (table, rows) => output.WriteLine($"{table,-22} {rows.ToString(CultureInfo.InvariantCulture),10} rows"), cancellationToken);
            total = tables.Sum(t => t.Rows);
            await output.WriteLineAsync($"copied {total.ToString(CultureInfo.InvariantCulture)} rows in {tables.Count.ToString(CultureInfo.InvariantCulture)} tables; " +
                "start the servers with Storage:Provider=postgres and this connection string");
        }));
        return command;
    }

    private static async Task<IReadOnlyList<AppliedMigration>> TryGetAppliedAsync(IParleyStore store, CancellationToken cancellationToken)
    {
        try
        {
            return await store.GetAppliedMigrationsAsync(cancellationToken);
        }
        catch (DbException)
        {
            return []; // an empty database has no history table yet
        }
    }

    /// <summary>Runs a database action; a failure is one line on stderr and exit code 1, not a stack trace.</summary>
    private static async Task<int> RunAsync(ParseResult parseResult, Func<TextWriter, Task> action)
    {
        var output = parseResult.InvocationConfiguration.Output;
        try
        {
            await action(output);
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or DbException or IOException or TimeoutException or ArgumentException)
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync($"parley db: {e.Message}");
            return 1;
        }
    }
}
