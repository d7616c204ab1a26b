namespace Faultline.Tests.ErrorModel;

/// <summary><see cref="GrpcMethodName"/>: the three parts of a method path, and a clear error for anything else.</summary>
public class GrpcMethodNameTests
{
    [Theory]
    [InlineData("/foo.bar.SearchService/Search", "foo.bar", "SearchService", "Search", "foo.bar.SearchService")]
    [InlineData("/helloworld.Greeter/SayHello", "helloworld", "Greeter", "SayHello", "helloworld.Greeter")]
    [InlineData("/Greeter/SayHello", "", "Greeter", "SayHello", "Greeter")]
    public void Parse_SplitsPackageServiceAndMethod(string path, string package, string service, string method, string fullService)
    {
        var name = GrpcMethodName.Parse(path);

        Assert.Equal(new GrpcMethodName(package, service, method), name);
        Assert.Equal(fullService, name.FullyQualifiedService);
        Assert.Equal(path, name.Path);
        Assert.Equal(path, name.ToString());
    }

    [Theory]
    [InlineData("", "does not start with '/'")]
    [InlineData("foo.Svc/M", "does not start with '/'")]
    [InlineData("/foo.Svc", "no '/' between the service and the method")]
    [InlineData("/foo.Svc/M/extra", "more than two '/'")]
    [InlineData("/foo./M", "service name is empty")]
    [InlineData("//M", "service name is empty")]
    [InlineData("/foo.Svc/", "method name is empty")]
    [InlineData("/.Svc/M", "package has an empty part")]
    [InlineData("/foo..bar.Svc/M", "package has an empty part")]
    public void Parse_MalformedPath_SaysWhatIsWrong(string path, string problem)
    {
        var error = Assert.Throws<FormatException>(() => GrpcMethodName.Parse(path));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("/package.Service/Method", error.Message, StringComparison.Ordinal);
        Assert.False(GrpcMethodName.TryParse(path, out _));
    }

    [Fact]
    public void TryParse_Null_IsFalse_AndParse_Null_Throws()
    {
        Assert.False(GrpcMethodName.TryParse(null, out var name));
        Assert.Null(name);
        Assert.Throws<ArgumentNullException>(() => GrpcMethodName.Parse(null!));
    }
}
