using Google.Protobuf.WellKnownTypes;

namespace Faultline.Internal.Wire;

/// <summary>The full names of the detail types the wire encoding treats specially.</summary>
internal static class StatusDetailTypes
{
    public static readonly string DebugInfo = Google.Rpc.DebugInfo.Descriptor.FullName;

    public static readonly string RetryInfo = Google.Rpc.RetryInfo.Descriptor.FullName;

    public static string NameOf(Any detail) => Any.GetTypeName(detail.TypeUrl);

    public static bool Is(Any detail, string fullName) => string.Equals(NameOf(detail), fullName, StringComparison.Ordinal);
}
