using Microsoft.Extensions.Options;

namespace Parley.Signaling.Limits;

/// <summary>Checks <see cref="LimitsOptions"/> at start; every failure names its key (docs/configuration.md "Limits").</summary>
internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    // TimeProvider timers accept due times up to about 49 days.
    private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(49);

    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var failures = new List<string>();
        CheckAddresses(failures, nameof(LimitsOptions.TrustedProxies), options.TrustedProxies);
        CheckAddresses(failures, nameof(LimitsOptions.ExemptAddresses), options.ExemptAddresses);
        if (options.Ipv6PrefixLength is < 32 or > 128)
        {
            failures.Add("Limits:Ipv6PrefixLength must be between 32 and 128.");
        }

        if (options.MaxTrackedPartitions is < 100 or > 10_000_000)
        {
            failures.Add("Limits:MaxTrackedPartitions must be between 100 and 10000000.");
        }

        if (options.SweepInterval <= TimeSpan.Zero || options.SweepInterval >= LongestTimer)
        {
            failures.Add("Limits:SweepInterval must be positive and under 49 days.");
        }

        foreach (var limit in Enum.GetValues<AbuseLimit>())
        {
            if (limit == AbuseLimit.ConnectionsPerAddress)
            {
                if (options.ConnectionsPerAddress is null || options.ConnectionsPerAddress.Max < 1)
                {
                    failures.Add("Limits:ConnectionsPerAddress:Max must be at least 1.");
                }

                continue;
            }

            var settings = options.RateOf(limit);
            if (settings is null || !double.IsFinite(settings.PerSecond) || settings.PerSecond is <= 0 or > 1_000_000 || settings.Burst < 1)
            {
                failures.Add($"Limits:{limit}: PerSecond must be above 0 and at most 1000000, Burst at least 1.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckAddresses(List<string> failures, string key, string[]? entries)
    {
        foreach (var entry in entries ?? [])
        {
            if (!AddressRanges.TryParse(entry, out _))
            {
                failures.Add($"Limits:{key}: '{entry}' is not an address or a CIDR range (network address/prefix length, e.g. 10.0.0.0/8).");
            }
        }
    }
}
