using System.CommandLine;

namespace Parley.Cli.Tests;

/// <summary>One in-process run of the <c>parley</c> root command with captured output.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public string Line => Output.TrimEnd('\n');

    public static CliRun Of(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        int exitCode = Program.CreateRootCommand().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
