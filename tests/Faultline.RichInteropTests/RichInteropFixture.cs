using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Faultline.RichInteropTests.Catalog;
using Faultline.RichInteropTests.Infrastructure;
using Grpc.Net.Client;

namespace Faultline.RichInteropTests;

[CollectionDefinition(Name)]
public sealed class RichInteropCollection : ICollectionFixture<RichInteropFixture>
{
    public const string Name = "Rich interop";
}

/// <summary>
/// Shared by the catalog tests: the Faultline server; one run of python/rich_client.py and one of
/// the Go client over every Faultline-server case id against it (each test then checks its own id);
/// python/rich_server.py, with a Python client run against it (the harness checked against itself)
/// and a strict-reading run. Everything but the Faultline server starts on first use; processes
/// are stopped on dispose.
/// </summary>
public sealed class RichInteropFixture : IAsyncLifetime
{
    /// <summary>A whole peer run (a few hundred calls on loopback) must finish well within this.</summary>
    public static readonly TimeSpan PeerRunTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Good and broken cases whose strict reading Python and Faultline must agree on.</summary>
    public static readonly string[] StrictCases = [.. RichCases.Broken, "quota_failure", "no_details", "non_ascii", "empty_message"];

    /// <summary>The kinds the broken cases run on: the status alone (Trailers-Only) and after replies (trailers).</summary>
    public static readonly string[] BrokenKinds = ["unary", "server_stream"];

    private readonly string _expectedFile = Path.Combine(Path.GetTempPath(), $"faultline-rich-expected-{Guid.NewGuid():N}.json");
    private readonly Lazy<Task<PythonServerProcess>> _pythonServer = new(Peer.StartServerAsync);
    private readonly Lazy<Task<PeerRun>> _pythonClientRun;
    private readonly Lazy<Task<PeerRun>> _goClientRun;
    private readonly Lazy<Task<PeerRun>> _harnessRun;
    private readonly Lazy<Task<PeerRun>> _strictRun;
    private FaultlineRichServer? _faultline;
    private GrpcChannel? _faultlineChannel;

    public RichInteropFixture()
    {
        _pythonClientRun = new(RunPythonClientAsync);
        _goClientRun = new(RunGoClientAsync);
        _harnessRun = new(RunHarnessAsync);
        _strictRun = new(RunStrictReportAsync);
    }

    public FaultlineRichServer Faultline => _faultline ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>A channel to <see cref="Faultline"/>, for the Faultline client's calls (<c>channel.WithFaultline()</c>).</summary>
    public GrpcChannel FaultlineChannel => _faultlineChannel ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>rich_client.py over every Faultline-server case id, against <see cref="Faultline"/>.</summary>
    public Task<PeerRun> PythonClientRun => _pythonClientRun.Value;

    /// <summary>go/rich_client.go over every Faultline-server case id, against <see cref="Faultline"/>.</summary>
    public Task<PeerRun> GoClientRun => _goClientRun.Value;

    /// <summary>rich_client.py over the common cases against rich_server.py: grpcio on both ends.</summary>
    public Task<PeerRun> HarnessRun => _harnessRun.Value;

    /// <summary>rich_client.py --strict-report over <see cref="StrictCases"/> against rich_server.py.</summary>
    public Task<PeerRun> StrictRun => _strictRun.Value;

    /// <summary>rich_server.py, started on first use.</summary>
    public Task<PythonServerProcess> PythonServer => _pythonServer.Value;

    public static IEnumerable<string> StrictIds() =>
        from c in StrictCases from k in BrokenKinds select new CaseId(c, k, null).ToString();

    /// <summary>
    /// What the C# catalog says should arrive for each case from a Faultline server:
    /// <c>{ "quota_failure": { "code": 8, "message": "...", "status": "&lt;base64 of grpc-status-details-bin&gt;" } }</c>.
    /// </summary>
    public static string ExpectedJson()
    {
        var root = new JsonObject();
        foreach (var @case in RichCases.FaultlineServerCases)
        {
            var wire = RichCases.Wire(@case);
            root[@case] = new JsonObject
            {
                ["code"] = (int)wire.Code,
                ["message"] = wire.Message,
                ["status"] = Convert.ToBase64String(RichCases.WireBytes(@case)),
            };
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    public async Task InitializeAsync()
    {
        _faultline = await FaultlineRichServer.StartAsync();
        _faultlineChannel = GrpcChannel.ForAddress(_faultline.Address);
    }

    public async Task DisposeAsync()
    {
        if (_pythonServer.IsValueCreated && _pythonServer.Value.IsCompletedSuccessfully)
        {
            await _pythonServer.Value.Result.DisposeAsync();
        }

        _faultlineChannel?.Dispose();
        if (_faultline is not null)
        {
            await _faultline.DisposeAsync();
        }

        File.Delete(_expectedFile);
    }

    private async Task<PeerRun> RunPythonClientAsync()
    {
        await Peer.Python.EnsureAvailableAsync();
        await File.WriteAllTextAsync(_expectedFile, ExpectedJson(), new UTF8Encoding(false));
        var result = await Peer.Python.RunAsync(PeerRunTimeout, "rich_client.py", "--port", Faultline.Port.ToString(), "--expected", _expectedFile);
        return PeerRun.Parse("rich_client.py", result);
    }

    private async Task<PeerRun> RunGoClientAsync()
    {
        // Each call as "<id>=<service>": the Go client knows nothing of the catalog.
        var calls = CaseId.FaultlineServerIds().Select(id => $"{id}={RichCases.Service(CaseId.Parse(id).Case)}");
        var result = await GoPeer.RunAsync(PeerRunTimeout, ["--port", Faultline.Port.ToString(), .. calls]);
        return PeerRun.Parse("rich_client.go", result);
    }

    private async Task<PeerRun> RunHarnessAsync()
    {
        var server = await PythonServer;
        var result = await Peer.Python.RunAsync(PeerRunTimeout, "rich_client.py", "--port", server.Port.ToString(), "--python-server");
        return PeerRun.Parse("rich_client.py --python-server", result);
    }

    private async Task<PeerRun> RunStrictReportAsync()
    {
        var server = await PythonServer;
        var result = await Peer.Python.RunAsync(PeerRunTimeout, "rich_client.py", "--port", server.Port.ToString(), "--strict-report", "--cases", string.Join(",", StrictIds()));
        return PeerRun.Parse("rich_client.py --strict-report", result);
    }
}
