using FrontAndUsers.UsersApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FrontAndUsers;

/// <summary>
/// Builds the front service: grpc-dotnet with the Faultline pipeline, and a client-factory client
/// for the users service that restores <see cref="UserErrors.Catalog"/>'s exceptions and passes each
/// call's deadline and cancellation on to the users call it makes.
/// </summary>
public static class FrontServer
{
    /// <summary>Creates the application listening on <paramref name="port"/> (0 picks a free port), calling users at <paramref name="usersAddress"/>.</summary>
    public static WebApplication Build(int port, Uri usersAddress)
    {
        var builder = SampleHost.CreateBuilder("front", port);
        builder.Services.AddGrpc().AddFaultline(o => o.Exceptions.MapDomainErrors(UserErrors.Catalog));
        builder.Services.AddGrpcClient<Users.UsersClient>(o => o.Address = usersAddress)
            .AddFaultline(o => o.DomainErrors.Add(UserErrors.Catalog))
            .EnableCallContextPropagation();

        var app = builder.Build();
        app.MapGrpcService<AccountsService>();
        return app;
    }
}
