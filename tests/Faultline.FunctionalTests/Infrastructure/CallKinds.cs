namespace Faultline.FunctionalTests.Infrastructure;

/// <summary>The four call kinds, as theory data.</summary>
public static class CallKinds
{
    public static TheoryData<MethodType> All => new(CallPaths.AllKinds);
}
