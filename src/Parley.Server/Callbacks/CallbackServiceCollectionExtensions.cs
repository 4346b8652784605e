using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Parley.Signaling.Callbacks;

namespace Parley.Server.Callbacks;

/// <summary>Registers the event callbacks (docs/callbacks.md) and validates the <c>Callbacks</c> section at start.</summary>
public static class CallbackServiceCollectionExtensions
{
    public static IServiceCollection AddParleyCallbacks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CallbackOptions>()
            .Bind(configuration.GetSection(CallbackOptions.SectionName))
            .Validate(o => o.ParseRetrySchedule() is { Count: <= 20 },
                "Callbacks:RetrySchedule must be at most 20 comma-separated waits (hh:mm:ss), each positive and at most a day.")
            .Validate(o => o.AttemptTimeout >= TimeSpan.FromMilliseconds(100) && o.AttemptTimeout <= TimeSpan.FromMinutes(1),
                "Callbacks:AttemptTimeout must be between 00:00:00.1 and 00:01:00.")
            .Validate(o => o.ClaimLease >= 2 * o.AttemptTimeout && o.ClaimLease <= TimeSpan.FromHours(1),
                "Callbacks:ClaimLease must be at least twice Callbacks:AttemptTimeout and at most an hour.")
            .Validate(o => o.PollInterval >= TimeSpan.FromMilliseconds(10) && o.PollInterval <= TimeSpan.FromMinutes(1),
                "Callbacks:PollInterval must be between 00:00:00.01 and 00:01:00.")
            .Validate(o => o.MaxPendingPerApp is >= 1 and <= 10_000_000, "Callbacks:MaxPendingPerApp must be between 1 and 10000000.")
            .Validate(o => o.MaxDeadLettersPerApp is >= 1 and <= 1_000_000, "Callbacks:MaxDeadLettersPerApp must be between 1 and 1000000.")
            .Validate(o => o.QueueCapacity is >= 1 and <= 1_000_000, "Callbacks:QueueCapacity must be between 1 and 1000000.")
            .Validate(o => o.WriteBatchSize is >= 1 and <= 10_000, "Callbacks:WriteBatchSize must be between 1 and 10000.")
            .Validate(o => o.MaxConcurrentDeliveries is >= 1 and <= 1024, "Callbacks:MaxConcurrentDeliveries must be between 1 and 1024.")
            .ValidateOnStart();

        services.AddSingleton<CallbackMetrics>();
        services.AddSingleton<CallbackSettingsCache>();
        services.AddSingleton<CallbackSender>();
        services.AddSingleton<AppEventQueue>();
        services.AddSingleton<IAppEventSink>(sp => sp.GetRequiredService<AppEventQueue>());
        services.AddSingleton<BeforeSendCallback>();
        services.AddSingleton<IBeforeSendCallback>(sp => sp.GetRequiredService<BeforeSendCallback>());
        services.AddSingleton<CallbackDispatcher>();
        services.AddSingleton<CallbackOutboxWriter>();
        // Registered before the silo, so they stop after it: the sessions' last room events are queued by then, and the
        // writer drains them into the outbox before the store closes (ServerBootstrapper closes it last).
        services.AddHostedService(sp => sp.GetRequiredService<CallbackDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<CallbackOutboxWriter>());
        return services;
    }
}
