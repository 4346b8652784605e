using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Parley.Browser.Tests.Rooms;

/// <summary>Base of room test classes that open demo pages: <see cref="Pages"/>, closed after each test.</summary>
public abstract class DemoPageTests(Func<Task<IPage>> newPage, ITestOutputHelper output) : IAsyncLifetime
{
    protected DemoPages Pages { get; } = new(newPage, output);

    protected ITestOutputHelper Output { get; } = output;

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync() => await Pages.CloseAllAsync();
}
