using System.CommandLine;
using Parley.Server.Storage.Postgres;
using Parley.Server.Tests.RestApi;
using Parley.Testing;

namespace Parley.Server.Tests.Storage;

/// <summary><c>parley db migrate</c> and <c>parley db copy</c>, run in-process on real SQLite files and a real PostgreSQL server.</summary>
public sealed class CliDatabaseCommandTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = await Parley.Cli.Program.CreateRootCommand().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Migrate_applies_the_schema_once_and_says_so()
    {
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync("cli");
        try
        {
            var first = await RunAsync("db", "migrate", "--provider", "postgres", "--connection-string", database);
            var again = await RunAsync("db", "migrate", "--provider", "postgres", "--connection-string", database);

            Assert.Equal((0, ""), (first.ExitCode, first.Error));
            Assert.StartsWith("applied 1: ", first.Output, StringComparison.Ordinal);
            var latest = PostgresMigrations.All.Count;
            Assert.EndsWith($"postgres schema at version {latest} ({latest} applied now)\n", first.Output, StringComparison.Ordinal);
            Assert.Equal((0, $"postgres schema at version {latest} (0 applied now)\n"), (again.ExitCode, again.Output));
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task The_copy_knows_every_table_the_schema_has()
    {
        // A table added by a later migration and forgotten by the copy would be lost silently by `parley db copy`.
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync("tables");
        try
        {
            await using (var store = new PostgresParleyStore(database, TimeProvider.System))
            {
                await store.MigrateAsync(CancellationToken.None);
            }

            await using var connection = new Npgsql.NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> 'schema_migrations' AND table_name NOT LIKE 'orleans%'",
                connection);
            var tables = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            Assert.Equal(tables.Order(StringComparer.Ordinal), SqliteToPostgresCopy.Tables.Concat(SqliteToPostgresCopy.DiskTables).Order(StringComparer.Ordinal));
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Migrate_without_a_connection_string_or_against_no_server_fails_in_one_line()
    {
        var missing = await RunAsync("db", "migrate", "--provider", "postgres");
        var unreachable = await RunAsync("db", "migrate", "--provider", "postgres", "--connection-string",
            $"Host=127.0.0.1;Port={FreePorts.Next()};Username=nobody;Timeout=3");

        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("parley db: Storage:ConnectionString must be set", missing.Error, StringComparison.Ordinal);
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Single(unreachable.Error.TrimEnd('\n').Split('\n'));
    }

    private static async Task<string> UploadAsync(ParleyTestServer server, byte[] content)
    {
        using var http = server.CreateClient();
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        using var response = await http.PostAsync(new Uri(
            $"/upload?sdkappid={server.DefaultApp.SdkAppId}&identifier=copy_owner&usersig={Uri.EscapeDataString(server.UserSig("copy_owner"))}", UriKind.Relative), body);
        response.EnsureSuccessStatusCode();
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("url").GetString()!;
    }

    [Fact]
    public async Task Copy_moves_a_SQLite_installation_into_PostgreSQL_where_a_server_carries_on()
    {
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync("copy");
        using var sqliteData = new TempDirectory();
        try
        {
            long sdkAppId;
            string adminToken;
            string fileUrl;
            var fileContent = "the agenda"u8.ToArray();
            await using (var onSqlite = await ParleyTestServer.StartAsync(dataDirectory: sqliteData.Path))
            {
                (sdkAppId, adminToken) = (onSqlite.DefaultApp.SdkAppId, onSqlite.AdminToken);
                fileUrl = await UploadAsync(onSqlite, fileContent);
                VendorRest.AssertOk(await onSqlite.CallRestApiAsync("group_open_http_svc/create_group",
                    """{"Owner_Account":"copy_owner","Type":"Public","GroupId":"copied","Name":"c","MemberList":[{"Member_Account":"copy_bob"}]}"""));
                for (var i = 1; i <= 3; i++)
                {
                    VendorRest.AssertOk(await onSqlite.CallRestApiAsync("group_open_http_svc/send_group_msg",
                        $$"""{"GroupId":"copied","From_Account":"copy_owner","Random":{{i}},"MsgBody":{{VendorRest.Text("g" + i)}}}"""));
                    VendorRest.AssertOk(await onSqlite.CallRestApiAsync("openim/sendmsg",
                        $$"""{"From_Account":"copy_owner","To_Account":"copy_bob","MsgRandom":{{i}},"MsgBody":{{VendorRest.Text("c" + i)}}}"""));
                }
            }

            var copy = await RunAsync("db", "copy", "--from-data-directory", sqliteData.Path, "--to", database);
            var again = await RunAsync("db", "copy", "--from-data-directory", sqliteData.Path, "--to", database);

            Assert.Equal((0, ""), (copy.ExitCode, copy.Error));
            Assert.Matches(@"group_messages\s+3 rows\n", copy.Output);
            Assert.Matches(@"c2c_messages\s+3 rows\n", copy.Output);
            Assert.Contains("copied ", copy.Output, StringComparison.Ordinal);
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("already holds data", again.Error, StringComparison.Ordinal);

            await using var onPostgres = await ParleyTestServer.StartAsync(
                settings: new Dictionary<string, string?> { ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = database });
            Assert.Equal((sdkAppId, adminToken), (onPostgres.DefaultApp.SdkAppId, onPostgres.AdminToken));
            var next = await onPostgres.CallRestApiAsync("group_open_http_svc/send_group_msg",
                $$"""{"GroupId":"copied","From_Account":"copy_bob","Random":9,"MsgBody":{{VendorRest.Text("g4")}}}""");
            Assert.Equal(4, next.GetProperty("MsgSeq").GetInt64());
            VendorRest.AssertOk(await onPostgres.CallRestApiAsync("openim/sendmsg",
                $$"""{"From_Account":"copy_bob","To_Account":"copy_owner","MsgRandom":9,"MsgBody":{{VendorRest.Text("c4")}}}"""));
            var roam = await onPostgres.CallRestApiAsync("openim/admin_getroammsg",
                """{"Operator_Account":"copy_owner","Peer_Account":"copy_bob","MaxCnt":10,"MinTime":0,"MaxTime":4102444800}""");
            Assert.Equal(["c4", "c3", "c2", "c1"], roam.GetProperty("MsgList").EnumerateArray()
                .Select(m => m.GetProperty("MsgBody")[0].GetProperty("MsgContent").GetProperty("Text").GetString()));
            Assert.Matches(@"uploads\s+1 rows\n", copy.Output); // the file a message points at still downloads
            using var http = onPostgres.CreateClient();
            Assert.Equal(fileContent, await http.GetByteArrayAsync(new Uri(
                $"{fileUrl}?identifier=copy_bob&usersig={Uri.EscapeDataString(onPostgres.UserSig("copy_bob"))}", UriKind.Relative)));
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }
}
