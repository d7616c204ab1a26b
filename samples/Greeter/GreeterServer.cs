using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Greeter;

/// <summary>Builds the Greeter server: Kestrel, h2c on 127.0.0.1, grpc-dotnet with the Faultline pipeline.</summary>
public static class GreeterServer
{
    /// <summary>Creates the application listening on <paramref name="port"/> (0 picks a free port).</summary>
    public static WebApplication Build(int port, LogLevel minimumLogLevel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(minimumLogLevel);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc().AddFaultline();
        builder.Services.AddSingleton<GreetingLedger>();

        var app = builder.Build();
        app.MapGrpcService<GreeterService>();
        return app;
    }

    /// <summary>The address the started application listens on.</summary>
    public static string GetAddress(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
}
