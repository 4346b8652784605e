namespace Parley.Server.Storage.Sql;

/// <summary>Timestamps are stored as Unix milliseconds.</summary>
internal static class DbTime
{
    public static long ToDb(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromDb(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);
}
