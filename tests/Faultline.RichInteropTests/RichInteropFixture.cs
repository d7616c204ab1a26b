using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Faultline.RichInteropTests.Infrastructure;

namespace Faultline.RichInteropTests;

[CollectionDefinition(Name)]
public sealed class RichInteropCollection : ICollectionFixture<RichInteropFixture>
{
    public const string Name = "Rich interop";
}

/// <summary>
/// Shared by every test: the Faultline server, one run of python/rich_client.py over all cases
/// against it (started on first use; each test then checks its own case's outcome), and
/// python/rich_server.py (started on first use). Python processes are killed on dispose.
/// </summary>
public sealed class RichInteropFixture : IAsyncLifetime
{
    /// <summary>The whole Python client run (about 50 calls) must finish well within this.</summary>
    public static readonly TimeSpan PythonRunTimeout = TimeSpan.FromSeconds(60);

    private readonly Lazy<Task<PythonClientRun>> _pythonClientRun;
    private readonly Lazy<Task<PythonServerProcess>> _pythonServer = new(Peer.StartServerAsync);
    private readonly string _expectedFile = Path.Combine(Path.GetTempPath(), $"faultline-rich-expected-{Guid.NewGuid():N}.json");

    public RichInteropFixture() => _pythonClientRun = new(RunPythonClientAsync);

    public FaultlineRichServer Faultline { get; } = new();

    /// <summary>The outcome of rich_client.py against <see cref="Faultline"/> (one process for all cases).</summary>
    public Task<PythonClientRun> PythonClientRun => _pythonClientRun.Value;

    /// <summary>rich_server.py, started on first use.</summary>
    public Task<PythonServerProcess> PythonServer => _pythonServer.Value;

    public Task InitializeAsync() => Faultline.InitializeAsync();

    public async Task DisposeAsync()
    {
        if (_pythonServer.IsValueCreated && _pythonServer.Value.IsCompletedSuccessfully)
        {
            await _pythonServer.Value.Result.DisposeAsync();
        }

        await Faultline.DisposeAsync();
        File.Delete(_expectedFile);
    }

    /// <summary>
    /// What the C# catalog says should arrive for each case from a Faultline server:
    /// <c>{ "quota": { "code": 8, "message": "...", "status": "&lt;base64 of grpc-status-details-bin&gt;" | null } }</c>.
    /// </summary>
    public static string ExpectedJson()
    {
        var root = new JsonObject();
        foreach (var @case in RichCases.FaultlineServerCases)
        {
            var wire = RichCases.Wire(@case);
            var bytes = RichCases.WireBytes(@case);
            root[@case] = new JsonObject
            {
                ["code"] = (int)wire.Code,
                ["message"] = wire.Message,
                ["status"] = bytes is null ? null : Convert.ToBase64String(bytes),
            };
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private async Task<PythonClientRun> RunPythonClientAsync()
    {
        await Peer.Python.EnsureAvailableAsync();
        await File.WriteAllTextAsync(_expectedFile, ExpectedJson(), new UTF8Encoding(false));
        var result = await Peer.Python.RunAsync(PythonRunTimeout, "rich_client.py", "--port", Faultline.Port.ToString(), "--expected", _expectedFile);
        return Infrastructure.PythonClientRun.Parse(result);
    }
}
