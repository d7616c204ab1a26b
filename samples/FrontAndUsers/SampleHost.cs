using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FrontAndUsers;

/// <summary>What both services share: Kestrel with h2c on 127.0.0.1, and their one-line console logs.</summary>
public static class SampleHost
{
    /// <summary>A builder for the service <paramref name="name"/> listening on <paramref name="port"/> (0 picks a free port).</summary>
    public static WebApplicationBuilder CreateBuilder(string name, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ServiceConsoleLoggerProvider(name));
        // The sample's own services log at Information; the stack below them only when something is wrong.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter(typeof(SampleHost).Namespace, LogLevel.Information);
        // The front's users client warns of each deadline it sees; the services report theirs themselves.
        builder.Logging.AddFilter("Grpc.Net.Client", LogLevel.Error);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        return builder;
    }

    /// <summary>The address the started application listens on.</summary>
    public static string GetAddress(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
}
