using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Parley.Cli.Admin;

namespace Parley.Cli.Apps;

/// <summary><c>parley app …</c>: create and list apps (R1.1) through the admin API.</summary>
public static class AppCommand
{
    public static Command Create()
    {
        var connection = new AdminConnectionOptions();
        var command = new Command("app", "Create and list apps (docs/admin-api.md).");
        connection.AddTo(command);
        command.Subcommands.Add(CreateCommand(connection));
        command.Subcommands.Add(ListCommand(connection));
        command.Subcommands.Add(UpdateCommand(connection));
        return command;
    }

    private static Command CreateCommand(AdminConnectionOptions connection)
    {
        Option<string?> name = new("--name") { Description = "Display name of the app." };
        Option<bool> withKeyPair = new("--with-keypair")
        {
            Description = "Also create an ECDSA P-256 key pair; the private key is printed once and not kept by the server.",
        };
        Option<bool> requireKey = RequirePrivateMapKeyOption();
        Option<bool> json = AdminOutput.JsonOption();
        var command = new Command("create", "Create an app; prints its sdkAppId, accountType and keys.") { name, withKeyPair, requireKey, json };
        command.SetAction((parseResult, cancellationToken) => AdminCommandAction.RunAsync(parseResult, connection, async (client, output) =>
        {
            var app = await client.CreateAppAsync(new CreateAppBody(parseResult.GetValue(name), null, parseResult.GetValue(withKeyPair), parseResult.GetValue(requireKey)), cancellationToken);
            if (parseResult.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(app, AdminOutput.Json));
                return;
            }

            await output.WriteLineAsync($"sdkAppId:    {app.SdkAppId.ToString(CultureInfo.InvariantCulture)}");
            await output.WriteLineAsync($"accountType: {app.AccountType.ToString(CultureInfo.InvariantCulture)}");
            await output.WriteLineAsync($"name:        {app.Name}");
            await output.WriteLineAsync($"secretKey:   {app.SecretKey}");
            await output.WriteLineAsync($"requirePrivateMapKey: {(app.RequirePrivateMapKey ? "yes" : "no")}");
            if (app.PublicKeyPem is not null)
            {
                await output.WriteLineAsync(app.PublicKeyPem.TrimEnd());
            }

            if (app.PrivateKeyPem is not null)
            {
                // The server does not keep the private key: this is the operator's only copy (R1.3).
                await parseResult.InvocationConfiguration.Error.WriteLineAsync("Save the private key below now: it is shown only once.");
                await output.WriteLineAsync(app.PrivateKeyPem.TrimEnd());
            }
        }, cancellationToken));
        return command;
    }

    private static Command ListCommand(AdminConnectionOptions connection)
    {
        Option<bool> json = AdminOutput.JsonOption();
        var command = new Command("list", "List apps.") { json };
        command.SetAction((parseResult, cancellationToken) => AdminCommandAction.RunAsync(parseResult, connection, async (client, output) =>
        {
            var apps = await client.ListAppsAsync(cancellationToken);
            await AdminOutput.WriteListAsync(output, apps, parseResult.GetValue(json), $"{"SDKAPPID",-12} {"ACCOUNTTYPE",-11} {"KEYPAIR",-7} NAME",
                app => output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{app.SdkAppId,-12} {app.AccountType,-11} {(app.PublicKeyPem is null ? "no" : "yes"),-7} {app.Name}")));
        }, cancellationToken));
        return command;
    }

    private static Command UpdateCommand(AdminConnectionOptions connection)
    {
        Argument<long> sdkAppId = new("sdkAppId") { Description = "The app to change." };
        Option<bool?> requireKey = new("--require-privatemapkey")
        {
            Description = "true: entering a room needs a PrivateMapKey (docs/protocol.md §12); false: it does not.",
        };
        Option<bool> json = AdminOutput.JsonOption();
        var command = new Command("update", "Change an app's settings.") { sdkAppId, requireKey, json };
        command.SetAction((parseResult, cancellationToken) => AdminCommandAction.RunAsync(parseResult, connection, async (client, output) =>
        {
            var app = await client.UpdateAppAsync(parseResult.GetValue(sdkAppId), new UpdateAppBody(parseResult.GetValue(requireKey)), cancellationToken);
            await output.WriteLineAsync(parseResult.GetValue(json)
                ? JsonSerializer.Serialize(app, AdminOutput.Json)
                : $"{app.SdkAppId.ToString(CultureInfo.InvariantCulture)} requirePrivateMapKey: {(app.RequirePrivateMapKey ? "yes" : "no")}");
        }, cancellationToken));
        return command;
    }

    private static Option<bool> RequirePrivateMapKeyOption() => new("--require-privatemapkey")
    {
        Description = "Entering a room needs a PrivateMapKey (docs/protocol.md §12).",
    };

}
