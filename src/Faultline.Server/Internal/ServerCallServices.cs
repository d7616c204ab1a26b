using Faultline.Compression;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Faultline.Server.Internal;

/// <summary>What every call handler needs from the application, resolved once at startup.</summary>
internal sealed class ServerCallServices
{
    public ServerCallServices(IOptions<FaultlineServerOptions> options, ILoggerFactory loggerFactory)
    {
        Options = options.Value;
        CompressionProviders = new CompressionProviders(Options.CompressionProviders);
        Logger = loggerFactory.CreateLogger("Faultline.Server");
        RequestReaderOptions = new Faultline.Protocol.MessageReaderOptions(Options.MaxReceiveMessageSize, null, CompressionProviders, "request");
        if (Options.ResponseCompressionAlgorithm is { } algorithm && !CompressionProviders.TryGet(algorithm, out _))
        {
            throw new InvalidOperationException($"FaultlineServerOptions.ResponseCompressionAlgorithm is '{algorithm}', but no compression provider has that name. Known: {CompressionProviders.AcceptEncodingHeaderValue}.");
        }
    }

    public FaultlineServerOptions Options { get; }

    /// <summary>How requests without a grpc-encoding are read; one instance shared by all calls.</summary>
    public Faultline.Protocol.MessageReaderOptions RequestReaderOptions { get; }

    public CompressionProviders CompressionProviders { get; }

    public ILogger Logger { get; }
}
