using Faultline.Interop.Server;
using Faultline.Interop.Server.WireTap;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Faultline.InteropSuite.Tests.Infrastructure;

/// <summary>
/// The interop server (interop/Faultline.Interop.Server: TestService on grpc-dotnet with Faultline's
/// server pipeline) in-process on the shared test host (<see cref="FaultlineTestHost"/>: Kestrel h2c on a
/// free 127.0.0.1 port, <c>AddGrpc().AddFaultline()</c>), one per test class. Its wire log and the server
/// log are what <see cref="ServerWireChecks"/> and the tests inspect.
/// </summary>
public sealed class FaultlineServerFixture(IMessageSink sink) : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>The PASS/FAIL lines of the tests using this server.</summary>
    public InteropReport Report { get; } = new(sink);

    /// <summary>Information and up, exceptions as type and message only: <see cref="Describe"/> prints every record.</summary>
    public LogSink Logs { get; } = new(LogLevel.Information, fullExceptions: false);

    public WireLog Wire { get; private set; } = null!;

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        var builder = FaultlineTestHost.CreateBuilder(Logs);
        InteropServer.AddServices(builder.Services);
        _app = builder.Build();
        InteropServer.Map(_app);
        var addresses = await FaultlineTestHost.StartAsync(_app).WaitAsync(TimeSpan.FromSeconds(30));
        Port = addresses[0].Port;
        Wire = InteropServer.GetWireLog(_app);
    }

    /// <summary>Forgets earlier calls and log records (at the start of each test).</summary>
    public void Reset()
    {
        Wire.Clear();
        Logs.Clear();
    }

    /// <summary>Waits (up to 5 s) until every call the server has seen has ended, e.g. after a client cancelled.</summary>
    public async Task WaitForCallsToEndAsync()
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (Wire.Calls.Any(c => !c.Completed) && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }

        // Log records of the last call (written as the call ends) settle too.
        await Task.Delay(50);
    }

    /// <summary>The server's view, for failure messages.</summary>
    public string Describe() =>
        $"--- interop server (grpc-dotnet + Faultline) on 127.0.0.1:{Port}: calls on the wire ---\n{Wire}\n--- interop server: log ---\n{string.Join("\n", Logs.Records)}";

    public async Task DisposeAsync()
    {
        Report.WriteSummary();
        if (_app is not null)
        {
            await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _app.DisposeAsync();
        }
    }
}
