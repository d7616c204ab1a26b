namespace Faultline.FunctionalTests.Services;

/// <summary>A domain exception of the tests' "things" domain: no gRPC type in sight.</summary>
public sealed class ThingMissingException(string thing) : Exception($"There is no thing called {thing}.")
{
    public string Thing { get; } = thing;
}

/// <summary>The catalog both sides of the domain-error tests register.</summary>
public static class ThingErrors
{
    public const string Domain = "things.faultline.test";

    public static DomainErrorCatalog Catalog { get; } = new DomainErrorCatalog(Domain)
        .Add<ThingMissingException>(
            "THING_MISSING",
            StatusCode.NotFound,
            e => [new("thing", e.Thing)],
            error => new ThingMissingException(error.Metadata["thing"]));
}
