namespace Faultline.FunctionalTests.Samples;

/// <summary>Keeps the README's demo command true: the Greeter demo runs and prints every reply.</summary>
public class GreeterDemoTests
{
    [Fact]
    public async Task Demo_StartsServer_CallsEveryMethod_AndExitsZero()
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        int exitCode;
        try
        {
            exitCode = await Greeter.GreeterDemo.RunAsync(CancellationToken.None);
        }
        finally
        {
            Console.SetOut(original);
        }

        var text = output.ToString();
        Assert.Equal(0, exitCode);
        Assert.Contains("SayHello: Hello, World!", text);
        Assert.Contains("SayHello again: RESOURCE_EXHAUSTED (Request limit exceeded.)", text);
        Assert.Contains("QuotaFailure: name: World: Limit one greeting per person", text);
        Assert.Contains("SayHello with no name: INVALID_ARGUMENT", text);
        Assert.Contains("BadRequest: field 'name'", text);
        Assert.Contains("SayHelloStreamReply: Bonjour, World!", text);
        Assert.Contains("SayHelloBidiStream: Hello, Bob!", text);
        Assert.Contains("SayGoodbye: UNIMPLEMENTED", text);
    }
}
