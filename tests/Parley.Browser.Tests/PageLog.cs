using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Parley.Browser.Tests;

/// <summary>
/// Copies a page's console and errors into the test's output. A page of a finished test may still log (a reconnect,
/// a late event) while the next test runs; xUnit then throws "no currently active test", which inside Playwright's
/// event dispatch would break the shared browser connection for every later test — so such lines are dropped.
/// </summary>
internal static class PageLog
{
    public static void Attach(IPage page, ITestOutputHelper output)
    {
        page.Console += (_, message) => Write(output, $"[console.{message.Type}] {message.Text}");
        page.PageError += (_, error) => Write(output, $"[pageerror] {error}");
    }

    private static void Write(ITestOutputHelper output, string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test this page belonged to has ended.
        }
    }
}
