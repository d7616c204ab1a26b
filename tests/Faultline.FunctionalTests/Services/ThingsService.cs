namespace Faultline.FunctionalTests.Services;

/// <summary>The JSON-transcoded service: gets a thing, or fails as the request's mode says.</summary>
public sealed class ThingsService : Things.ThingsBase
{
    public override Task<Thing> GetThing(GetThingRequest request, ServerCallContext context)
    {
        switch (request.Mode)
        {
            case "throw":
                throw NotFound(request.Name).ToException();
            case "set":
                context.SetRichStatus(NotFound(request.Name));
                return Task.FromResult(new Thing());
            case "unexpected":
                throw new InvalidOperationException("secret internal detail");
            default:
                return Task.FromResult(new Thing { Name = request.Name });
        }
    }

    private static RichStatus NotFound(string name) =>
        RichStatus.Create(StatusCode.NotFound, $"Thing '{name}' does not exist.")
            .AddErrorInfo("THING_NOT_FOUND", CallsService.Domain, [new("name", name)])
            .Build();
}
