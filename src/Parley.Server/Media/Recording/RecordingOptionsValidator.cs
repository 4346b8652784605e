using Microsoft.Extensions.Options;

namespace Parley.Server.Media.Recording;

/// <summary>Checks the <c>Recording</c> section at start, with every problem in one message.</summary>
internal sealed class RecordingOptionsValidator : IValidateOptions<RecordingOptions>
{
    public ValidateOptionsResult Validate(string? name, RecordingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
