using Grpc.Core;

namespace Faultline.Client.Internal.Interception;

/// <summary>Call kinds as messages name them.</summary>
internal static class CallKindNames
{
    public static string Of(MethodType kind) => kind switch
    {
        MethodType.Unary => "unary",
        MethodType.ClientStreaming => "client-streaming",
        MethodType.ServerStreaming => "server-streaming",
        _ => "duplex",
    };
}
