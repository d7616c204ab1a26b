namespace Faultline.Internal.Wire;

/// <summary>What the wire encoding had to leave out of a status so that it stays deliverable.</summary>
/// <param name="OriginalSize">The size of the status trailers before trimming (HTTP/2 header list bytes).</param>
/// <param name="FinalSize">The size of what is sent.</param>
/// <param name="DroppedDetails">Full type names of the details removed to fit the budget.</param>
/// <param name="MessageTruncated">Whether the message was shortened to fit the budget.</param>
/// <param name="DroppedOversizedTrailers">Keys of application trailers removed to fit the budget.</param>
/// <param name="DroppedInvalidTrailers">Keys of text trailers removed because their values are not printable ASCII.</param>
internal sealed record StatusTrim(
    int OriginalSize,
    int FinalSize,
    IReadOnlyList<string> DroppedDetails,
    bool MessageTruncated,
    IReadOnlyList<string> DroppedOversizedTrailers,
    IReadOnlyList<string> DroppedInvalidTrailers)
{
    public bool ExceededBudget => DroppedDetails.Count > 0 || MessageTruncated || DroppedOversizedTrailers.Count > 0;
}
