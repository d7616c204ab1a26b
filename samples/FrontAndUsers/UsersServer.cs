using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FrontAndUsers;

/// <summary>Builds the users service: grpc-dotnet with the Faultline pipeline sending <see cref="UserErrors.Catalog"/>'s exceptions.</summary>
public static class UsersServer
{
    /// <summary>Creates the application listening on <paramref name="port"/> (0 picks a free port).</summary>
    public static WebApplication Build(int port)
    {
        var builder = SampleHost.CreateBuilder("users", port);
        builder.Services.AddGrpc().AddFaultline(o => o.Exceptions.MapDomainErrors(UserErrors.Catalog));
        builder.Services.AddSingleton<UserDirectory>();
        builder.Services.AddSingleton<CancelledDeletions>();

        var app = builder.Build();
        app.MapGrpcService<UsersService>();
        return app;
    }
}
