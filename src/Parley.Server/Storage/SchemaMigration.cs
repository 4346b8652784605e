namespace Parley.Server.Storage;

/// <summary>One versioned schema change of a provider, applied at most once (recorded in <c>schema_migrations</c>).</summary>
public sealed record SchemaMigration(int Version, string Name, string Sql);
