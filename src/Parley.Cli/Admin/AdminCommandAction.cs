using System.CommandLine;
using System.Text.Json;

namespace Parley.Cli.Admin;

/// <summary>Runs an admin command body and turns failures into a message on stderr and an exit code.</summary>
internal static class AdminCommandAction
{
    /// <summary>The server answered with an error (bad input, unknown app, wrong token).</summary>
    public const int ApiErrorExitCode = 1;

    /// <summary>The server could not be reached.</summary>
    public const int ConnectionErrorExitCode = 2;

    public static async Task<int> RunAsync(
        ParseResult parseResult, AdminConnectionOptions connection, Func<AdminApiClient, TextWriter, Task> body, CancellationToken cancellationToken)
    {
        var error = parseResult.InvocationConfiguration.Error;
        using var client = connection.CreateClient(parseResult);
        try
        {
            await body(client, parseResult.InvocationConfiguration.Output);
            return 0;
        }
        catch (AdminApiException e)
        {
            await error.WriteLineAsync($"error {e.Code} (HTTP {e.StatusCode}): {e.Message}");
            return ApiErrorExitCode;
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"cannot reach {parseResult.GetValue(connection.Server)}: {e.Message}");
            return ConnectionErrorExitCode;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"{parseResult.GetValue(connection.Server)} did not answer in time.");
            return ConnectionErrorExitCode;
        }
    }
}
