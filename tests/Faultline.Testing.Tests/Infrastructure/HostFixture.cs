namespace Faultline.Testing.Tests.Infrastructure;

/// <summary>
/// A host shared by the tests of a class: tests add the special cases they need, each under an input
/// of its own, so they do not see each other's.
/// </summary>
public abstract class HostFixture : IAsyncLifetime
{
    private DummyServiceHost? _host;

    public DummyServiceHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => _host = await DummyServiceHost.StartAsync(Options());

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    protected abstract DummyServiceHostOptions Options();
}

/// <summary>The Faultline server pipeline with its default options, no interceptors.</summary>
public sealed class DefaultHostFixture : HostFixture
{
    protected override DummyServiceHostOptions Options() => new();
}
