using System.Threading.Channels;

namespace FrontAndUsers;

/// <summary>
/// The deletions the users service saw cancelled. The demo waits for each one it caused, so the
/// users service's report of it is printed before the demo goes on (the edge's deadline and the
/// users call's cancellation fire at about the same moment, in different places).
/// </summary>
public sealed class CancelledDeletions
{
    private readonly Channel<string> _userIds = Channel.CreateUnbounded<string>();

    /// <summary>Records that the deletion of <paramref name="userId"/> was cancelled.</summary>
    public void Report(string userId) => _userIds.Writer.TryWrite(userId);

    /// <summary>The user id of the next cancelled deletion, or null when none is reported within <paramref name="timeout"/>.</summary>
    public async Task<string?> WaitForNextAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            return await _userIds.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
