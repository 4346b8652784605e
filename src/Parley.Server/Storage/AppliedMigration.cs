namespace Parley.Server.Storage;

/// <summary>One row of <c>schema_migrations</c>.</summary>
public sealed record AppliedMigration(int Version, string Name, DateTimeOffset AppliedAt);
