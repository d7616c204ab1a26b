using Faultline.Internal.Wire;
using Grpc.Core;

namespace Faultline.AspNetCore.Internal;

/// <summary>How a failure is logged.</summary>
internal enum FailureKind
{
    /// <summary>A status the service chose: a thrown RpcException or a status it set.</summary>
    Expected,

    /// <summary>A status read from a downstream call and thrown on.</summary>
    Relayed,

    /// <summary>The call was cancelled (by the client or its deadline) while the handler ran.</summary>
    Cancelled,

    /// <summary>An exception the service did not mean to throw.</summary>
    Unexpected,

    /// <summary>A request message could not be deserialized.</summary>
    MalformedRequest,
}

/// <summary>The status a failed call ends with, before it is encoded under the service's policy.</summary>
/// <param name="Status">Code, message and details.</param>
/// <param name="WriteDetails">False for a plain status that never had details: no details trailer is written.</param>
/// <param name="Trailers">The application trailers to send with it.</param>
/// <param name="DebugException">The exception behind it, kept on the server side of the status.</param>
/// <param name="Kind">How it is logged.</param>
/// <param name="Exception">The exception that ended the call, if any, for the log.</param>
/// <param name="Earlier">The encoding made earlier, by the exception or <c>SetRichStatus</c>, if any.</param>
/// <param name="EarlierIsComplete">Whether <paramref name="Earlier"/> covers every trailer there is now, so it may be reused as it is.</param>
/// <param name="MappingError">What an exception mapping threw (or why it was refused) instead of giving a status.</param>
internal sealed record ServerFailure(
    RichStatus Status,
    bool WriteDetails,
    IReadOnlyList<Metadata.Entry> Trailers,
    Exception? DebugException,
    FailureKind Kind,
    Exception? Exception = null,
    EncodedStatus? Earlier = null,
    bool EarlierIsComplete = false,
    Exception? MappingError = null);
