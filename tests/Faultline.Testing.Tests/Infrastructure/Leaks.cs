using System.Text;

namespace Faultline.Testing.Tests.Infrastructure;

/// <summary>Checks that nothing of a server-side secret reached the client, in the status or any trailer.</summary>
public static class Leaks
{
    public static void AssertNone(RpcException error, string secret)
    {
        Assert.DoesNotContain(secret, error.Status.Detail);
        foreach (var entry in error.Trailers)
        {
            var value = entry.IsBinary ? Encoding.UTF8.GetString(entry.ValueBytes) : entry.Value;
            Assert.DoesNotContain(secret, value);
        }
    }
}
