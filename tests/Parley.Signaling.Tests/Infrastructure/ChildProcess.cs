using System.Diagnostics;
using System.Text;

namespace Parley.Signaling.Tests.Infrastructure;

/// <summary>
/// A helper process (the python3 clients) that can never outlive its test. All three standard streams are
/// redirected: an inherited stderr would tie the test host's own output pipe to the child, and `dotnet test`
/// waits for that pipe to close, so a child left running hangs the whole test run instead of failing one test.
/// Disposing kills whatever is still running; what the child wrote to stderr is kept for failure messages.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private ChildProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
    }

    public StreamWriter StandardInput => _process.StandardInput;

    public StreamReader StandardOutput => _process.StandardOutput;

    public bool HasExited => _process.HasExited;

    /// <summary>What the child has written to stderr so far (a python traceback, usually).</summary>
    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static ChildProcess StartPython(string scriptFileName, params string[] arguments)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, scriptFileName));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException("python3 could not be started"));
    }

    /// <summary>Closes the child's stdin (the scripts' signal to finish) and waits for it to exit on its own.</summary>
    public async Task FinishAsync(TimeSpan timeout)
    {
        try
        {
            await _process.StandardInput.WriteLineAsync();
            await _process.StandardInput.FlushAsync();
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child already exited and closed its end of the pipe.
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
