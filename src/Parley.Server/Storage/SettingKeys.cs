namespace Parley.Server.Storage;

/// <summary>Keys of the <c>settings</c> table.</summary>
public static class SettingKeys
{
    /// <summary>The admin token generated at first start when <c>Admin:Token</c> is not configured.</summary>
    public const string AdminToken = "admin.token";

    /// <summary>The sdkAppId of the app created at first start, shown in the banner.</summary>
    public const string DefaultSdkAppId = "apps.default_sdk_app_id";
}
