namespace Faultline.FunctionalTests.Infrastructure;

/// <summary>
/// Test classes that use the static <c>TestService.SleepObserved</c> hook run one after another, so
/// one class never observes another class's call.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SleepObservedCollection
{
    public const string Name = "TestService.SleepObserved";
}
