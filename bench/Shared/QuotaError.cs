using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Faultline.Bench;

/// <summary>The one error every failing path sends: RESOURCE_EXHAUSTED with a QuotaFailure detail.</summary>
public static class QuotaError
{
    public const StatusCode Code = StatusCode.ResourceExhausted;
    public const string Message = "Quota exceeded for project bench.";
    public const string Subject = "project:bench";
    public const string Description = "100 requests per second";

    /// <summary>The status as Grpc.StatusProto users build it.</summary>
    public static Google.Rpc.Status ToStatusProto() => new()
    {
        Code = (int)Code,
        Message = Message,
        Details = { Any.Pack(new QuotaFailure { Violations = { new QuotaFailure.Types.Violation { Subject = Subject, Description = Description } } }) },
    };

    /// <summary>The status as Faultline users build it.</summary>
    public static RichStatus ToRichStatus() =>
        RichStatus.Create(Code, Message).AddQuotaFailure((Subject, Description)).Build();
}
