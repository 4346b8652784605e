using Microsoft.Extensions.Options;

namespace Parley.Server.Hosting;

/// <summary>
/// Checks an options section at start with the section's own <c>Validate()</c> (every problem named by its key, in one
/// message): the one adapter from those methods to ASP.NET's <see cref="IValidateOptions{TOptions}"/>.
/// </summary>
internal sealed class OptionsCheck<TOptions>(Func<TOptions, IReadOnlyList<string>> check) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = check(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
