using System.Text;

namespace Faultline.Client.Tests.Infrastructure;

/// <summary>Method descriptors with UTF-8 string messages.</summary>
public static class TestMethods
{
    public static readonly Marshaller<string> Utf8 = Marshallers.Create(Encoding.UTF8.GetBytes, (byte[] bytes) => Encoding.UTF8.GetString(bytes));

    public static Method<string, string> Unary((string Service, string Method) name) => new(MethodType.Unary, name.Service, name.Method, Utf8, Utf8);

    public static Method<string, string> ServerStreaming((string Service, string Method) name) => new(MethodType.ServerStreaming, name.Service, name.Method, Utf8, Utf8);

    public static Method<string, string> ClientStreaming((string Service, string Method) name) => new(MethodType.ClientStreaming, name.Service, name.Method, Utf8, Utf8);

    public static Method<string, string> Duplex((string Service, string Method) name) => new(MethodType.DuplexStreaming, name.Service, name.Method, Utf8, Utf8);

    /// <summary>Waits for a task with a generous bound so a hang fails the test instead of the run.</summary>
    public static Task<T> Bounded<T>(this Task<T> task) => task.WaitAsync(TimeSpan.FromSeconds(10));

    public static Task Bounded(this Task task) => task.WaitAsync(TimeSpan.FromSeconds(10));
}
