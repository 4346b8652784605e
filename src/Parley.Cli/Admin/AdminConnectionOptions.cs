using System.CommandLine;

namespace Parley.Cli.Admin;

/// <summary>
/// <c>--server</c> and <c>--token</c>, shared by every admin command group (apps, roles). Recursive, so they can be
/// given anywhere after the group name. Each group gets its own instances: an option belongs to one command.
/// </summary>
internal sealed class AdminConnectionOptions
{
    public const string ServerEnvironmentVariable = "PARLEY_SERVER";
    public const string TokenEnvironmentVariable = "PARLEY_ADMIN_TOKEN";
    public const string DefaultServer = "http://localhost:7400";

    public AdminConnectionOptions()
    {
        Server.Validators.Add(result =>
        {
            if (!TryParseServer(result.GetValueOrDefault<string>(), out _))
            {
                result.AddError("--server must be an absolute http:// or https:// URL.");
            }
        });
    }

    public Option<string> Server { get; } = new("--server")
    {
        Description = $"Base URL of the Parley server (env {ServerEnvironmentVariable}, default {DefaultServer}).",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ServerEnvironmentVariable) is { Length: > 0 } url ? url : DefaultServer,
    };

    public Option<string> Token { get; } = new("--token")
    {
        Description = $"Admin token printed in the server's startup banner (env {TokenEnvironmentVariable}).",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TokenEnvironmentVariable) ?? "",
    };

    /// <summary>Adds both options to a command group.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(Token);
    }

    public AdminApiClient CreateClient(ParseResult parseResult)
    {
        if (!TryParseServer(parseResult.GetValue(Server), out var server))
        {
            // Unreachable through the parser: the validator rejects such values before any action runs.
            throw new InvalidOperationException("--server must be an absolute http:// or https:// URL.");
        }

        return new AdminApiClient(server!, parseResult.GetValue(Token) ?? "");
    }

    private static bool TryParseServer(string? value, out Uri? server) =>
        Uri.TryCreate(value, UriKind.Absolute, out server) && (server.Scheme == Uri.UriSchemeHttp || server.Scheme == Uri.UriSchemeHttps);
}
