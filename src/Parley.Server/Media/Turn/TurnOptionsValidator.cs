using Microsoft.Extensions.Options;

namespace Parley.Server.Media.Turn;

/// <summary>Checks <c>Media:Turn</c> at start, every problem in one message.</summary>
internal sealed class TurnOptionsValidator : IValidateOptions<TurnOptions>
{
    public ValidateOptionsResult Validate(string? name, TurnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
