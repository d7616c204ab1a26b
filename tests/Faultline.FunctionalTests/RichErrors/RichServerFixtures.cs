using Faultline.FunctionalTests.Infrastructure;
using Faultline.Server;

namespace Faultline.FunctionalTests.RichErrors;

/// <summary>One server (with <see cref="RichErrorService"/>) per test class; tests of a class run one at a time, so each clears the logs first.</summary>
public abstract class RichServerFixture : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    internal RichRawClient Raw { get; private set; } = null!;

    protected virtual Action<FaultlineServerOptions>? Configure => null;

    public async Task InitializeAsync()
    {
        Server = await RichServer.StartAsync(Configure);
        Raw = new RichRawClient(Server.Address);
    }

    public async Task DisposeAsync()
    {
        Raw.Dispose();
        await Server.DisposeAsync();
    }
}

public sealed class DefaultRichServerFixture : RichServerFixture
{
}

public sealed class DetailedErrorsRichServerFixture : RichServerFixture
{
    protected override Action<FaultlineServerOptions>? Configure => o => o.EnableDetailedErrors = true;
}

public sealed class SmallTrailerRichServerFixture : RichServerFixture
{
    public const int Limit = 1024;

    protected override Action<FaultlineServerOptions>? Configure => o =>
    {
        o.EnableDetailedErrors = true;
        o.MaxStatusTrailerSize = Limit;
    };
}

/// <summary>A server that lets any status through, to show what a peer's header limit does to an oversized one.</summary>
public sealed class UnlimitedTrailerRichServerFixture : RichServerFixture
{
    protected override Action<FaultlineServerOptions>? Configure => o =>
    {
        o.EnableDetailedErrors = true;
        o.MaxStatusTrailerSize = 1024 * 1024;
    };
}

internal static class CallKinds
{
    public static readonly MethodType[] All = [MethodType.Unary, MethodType.ServerStreaming, MethodType.ClientStreaming, MethodType.DuplexStreaming];

    public static TheoryData<MethodType> Kinds()
    {
        var data = new TheoryData<MethodType>();
        foreach (var kind in All)
        {
            data.Add(kind);
        }

        return data;
    }

    public static TheoryData<MethodType, string> KindsAndWays(params string[] ways)
    {
        var data = new TheoryData<MethodType, string>();
        foreach (var kind in All)
        {
            foreach (var way in ways)
            {
                data.Add(kind, way);
            }
        }

        return data;
    }

    public static TheoryData<MethodType, int> KindsAndCounts(params int[] counts)
    {
        var data = new TheoryData<MethodType, int>();
        foreach (var kind in All)
        {
            foreach (var count in counts)
            {
                data.Add(kind, count);
            }
        }

        return data;
    }
}
