using Faultline.Internal.Wire;

namespace Faultline.Internal;

/// <summary>A status set with <see cref="ServerCallContextExtensions.SetRichStatus"/>, and how it was encoded then.</summary>
internal sealed record PendingRichStatus(RichStatus Status, EncodedStatus Encoded);
