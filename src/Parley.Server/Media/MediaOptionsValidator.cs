using Microsoft.Extensions.Options;
using Parley.WebRtc;

namespace Parley.Server.Media;

/// <summary>Checks the <c>Media</c> section at start (the port itself binds on first use), with every problem in one message.</summary>
internal sealed class MediaOptionsValidator : IValidateOptions<MediaOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
