using Microsoft.Extensions.Options;

namespace Parley.Server.Cluster;

/// <summary>Checks <see cref="ClusterNodeOptions"/> at start, naming each wrong key.</summary>
internal sealed class ClusterNodeOptionsValidator : IValidateOptions<ClusterNodeOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
