namespace Parley.Server.Storage;

/// <summary>A write that would break a uniqueness rule (maps to HTTP 409 in the admin API).</summary>
public sealed class StoreConflictException : Exception
{
    public StoreConflictException()
    {
    }

    public StoreConflictException(string message) : base(message)
    {
    }

    public StoreConflictException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
