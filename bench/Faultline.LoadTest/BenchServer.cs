using System.Net;
using Faultline.Bench;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Faultline.LoadTest;

/// <summary>
/// A server under test, run as its own process: Kestrel on an ephemeral 127.0.0.1 port, HTTP/2 only
/// (h2c), no logging providers unless asked for the template's console logging, server GC (the Web SDK's default). The three kinds differ only in
/// what answers the calls. It prints <c>READY &lt;port&gt;</c> once listening and stops when its
/// standard input closes, so it never outlives the driver.
/// </summary>
internal static class BenchServer
{
    /// <summary>The kinds of server, as given to <c>--serve</c>.</summary>
    public static readonly string[] Kinds = ["bare", "faultline", "raw"];

    /// <summary>The logging modes, as given to <c>--logging</c>.</summary>
    public static readonly string[] LoggingModes = ["none", "console"];

    public static async Task<int> RunAsync(string kind, string logging)
    {
        if (!Kinds.Contains(kind))
        {
            Console.Error.WriteLine($"Unknown server kind '{kind}'; expected one of: {string.Join(", ", Kinds)}.");
            return 2;
        }

        if (!LoggingModes.Contains(logging))
        {
            Console.Error.WriteLine($"Unknown logging mode '{logging}'; expected one of: {string.Join(", ", LoggingModes)}.");
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logging == "console")
        {
            // The ASP.NET Core template's appsettings.json: Information, but Warning for Microsoft.AspNetCore.
            builder.Logging.AddSimpleConsole();
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
            // Kestrel allows 100 concurrent streams by default; the load uses 128 on one connection.
            options.Limits.Http2.MaxStreamsPerConnection = 128;
        });

        if (kind == "bare")
        {
            builder.Services.AddGrpc();
        }
        else if (kind == "faultline")
        {
            builder.Services.AddGrpc().AddFaultline();
        }

        var app = builder.Build();
        if (kind == "raw")
        {
            RawGrpcHandler.Map(app);
        }
        else
        {
            app.MapGrpcService<BenchService>();
        }

        // What the process has allocated so far: the driver reads it before and after each measurement.
        app.MapGet("/stats/allocated", (RequestDelegate)(context => context.Response.WriteAsync(GC.GetTotalAllocatedBytes(precise: true).ToString(System.Globalization.CultureInfo.InvariantCulture))));

        await app.StartAsync();
        Console.WriteLine($"READY {new Uri(app.Urls.Single()).Port}");
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
        return 0;
    }
}
