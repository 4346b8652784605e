namespace Parley.Server.Storage.Sqlite;

/// <summary>Timestamps are stored as Unix milliseconds.</summary>
internal static class SqliteTime
{
    public static long ToDb(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromDb(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);
}
