using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Parley.Server.Hosting;

/// <summary>
/// Turns what stops a server from starting because of its settings or its surroundings — an invalid key, an
/// unreachable database, a port in use — into one line for the operator that names the key to change, instead of an
/// unhandled-exception stack trace. Anything else is a bug and keeps its stack trace.
/// </summary>
public static class StartupFailure
{
    /// <summary>The operator's line for <paramref name="exception"/>, or null when it is not a known start-up mistake.</summary>
    public static string? Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        foreach (var e in Chain(exception))
        {
            switch (e)
            {
                case OptionsValidationException invalid:
                    return string.Join(" ", invalid.Failures);
                case PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } denied:
                    return $"Storage:ConnectionString: PostgreSQL refused the login ({denied.MessageText}).";
                case PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } missing:
                    return $"Storage:ConnectionString: {missing.MessageText} — create it first (CREATE DATABASE) or name an existing one.";
                case NpgsqlException { InnerException: SocketException or TimeoutException } unreachable:
                    return $"Storage:ConnectionString: cannot reach PostgreSQL ({unreachable.InnerException!.Message}). Is the server running and the host/port right?";
                case SqliteException sqlite when sqlite.SqliteErrorCode is 14 or 8 or 23: // CANTOPEN, READONLY, AUTH
                    return $"Storage:DataDirectory: cannot open the SQLite database ({sqlite.Message}). Check the folder exists and is writable.";
                case IOException io when io.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || io.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase):
                    return $"{io.Message} Another process listens there: stop it or choose another address (--urls or Parley:HttpPort).";
                case SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } socket:
                    return $"An Orleans port is in use ({socket.Message}): change Orleans:SiloPort / Orleans:GatewayPort or stop the other process.";
                case InvalidOperationException invalid when LooksLikeSettingsMessage(invalid.Message):
                    return invalid.Message;
            }
        }

        return null;
    }

    /// <summary>Our validation messages start with the key they are about, e.g. <c>Storage:Provider 'x' is unknown</c>.</summary>
    private static bool LooksLikeSettingsMessage(string message)
    {
        var colon = message.IndexOf(':', StringComparison.Ordinal);
        var space = message.IndexOf(' ', StringComparison.Ordinal);
        return colon > 0 && (space < 0 || colon < space) && char.IsUpper(message[0]);
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
