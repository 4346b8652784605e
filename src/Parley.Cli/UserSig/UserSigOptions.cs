using System.CommandLine;
using System.CommandLine.Parsing;
using Parley.Auth;

namespace Parley.Cli.UserSig;

/// <summary>
/// Factories for the options the usersig commands share. Each call returns a new instance because an option
/// belongs to the one command it is added to.
/// </summary>
internal static class UserSigOptions
{
    /// <summary>Exit code when the tool could not do its work (unreadable file, value rejected by Parley.Auth).</summary>
    public const int ToolErrorExitCode = 2;

    public static Option<long> SdkAppId() => NonNegative(new Option<long>("--sdkappid")
    {
        Description = "The app's sdkAppId.",
        Required = true,
    });

    public static Option<string> Key(bool required) => new("--key")
    {
        Description = "The app's secret key (used as its UTF-8 text, not hex-decoded).",
        Required = required,
    };

    public static Option<string> Identifier() => new("--identifier")
    {
        Description = "The user's identifier.",
        Required = true,
    };

    public static Option<long> Expire() => NonNegative(new Option<long>("--expire")
    {
        Description = "Validity in seconds (default 180 days).",
        DefaultValueFactory = _ => UserSigGenerator.DefaultExpireSeconds,
    });

    public static Option<long?> Time() => new("--time")
    {
        Description = "Issue time as Unix seconds (default: now). For reproducing a known sig.",
    };

    public static Option<long> AccountType() => NonNegative(new Option<long>("--account-type")
    {
        Description = "The app's accountType.",
        DefaultValueFactory = _ => 0,
    });

    public static DateTimeOffset? ToTime(long? unixSeconds) =>
        unixSeconds is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>Reads a PEM file, or writes why not to the error stream and returns null.</summary>
    public static string? ReadPemFile(ParseResult parseResult, FileInfo file)
    {
        try
        {
            return File.ReadAllText(file.FullName);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            parseResult.InvocationConfiguration.Error.WriteLine($"Cannot read {file.FullName}: {exception.Message}");
            return null;
        }
    }

    private static Option<long> NonNegative(Option<long> option)
    {
        option.Validators.Add(result => RejectNegative(result, option));
        return option;
    }

    private static void RejectNegative(OptionResult result, Option<long> option)
    {
        if (result.GetValueOrDefault<long>() < 0)
        {
            result.AddError($"{option.Name} must not be negative.");
        }
    }
}
