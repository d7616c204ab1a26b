namespace Faultline.Tests.Infrastructure;

/// <summary>A response stream whose every <c>MoveNext</c> is answered by a test-supplied function.</summary>
internal sealed class FakeStreamReader(Func<CancellationToken, Task<bool>> moveNext) : IAsyncStreamReader<string>
{
    public string Current { get; set; } = string.Empty;

    public CancellationToken LastToken { get; private set; }

    /// <summary>A stream that yields <paramref name="items"/>, then ends.</summary>
    public static FakeStreamReader Of(params string[] items)
    {
        var index = 0;
        FakeStreamReader? reader = null;
        reader = new FakeStreamReader(_ =>
        {
            if (index == items.Length)
            {
                return Task.FromResult(false);
            }

            reader!.Current = items[index++];
            return Task.FromResult(true);
        });
        return reader;
    }

    public static FakeStreamReader Failing(Exception failure) => new(_ => Task.FromException<bool>(failure));

    public Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        LastToken = cancellationToken;
        return moveNext(cancellationToken);
    }
}

/// <summary>A request stream whose writes and completion are answered by test-supplied functions.</summary>
internal sealed class FakeStreamWriter : IClientStreamWriter<string>
{
    private readonly Func<string, Task> _write;
    private readonly Func<Task> _complete;

    public FakeStreamWriter(Func<string, Task>? write = null, Func<Task>? complete = null)
    {
        _write = write ?? (_ => Task.CompletedTask);
        _complete = complete ?? (() => Task.CompletedTask);
    }

    public List<string> Written { get; } = new();

    public CancellationToken LastToken { get; private set; }

    public int CompleteCount { get; private set; }

    public WriteOptions? WriteOptions { get; set; }

    public static FakeStreamWriter Failing(Exception failure) => new(_ => Task.FromException(failure), () => Task.FromException(failure));

    public Task WriteAsync(string message) => WriteAsync(message, CancellationToken.None);

    public Task WriteAsync(string message, CancellationToken cancellationToken)
    {
        LastToken = cancellationToken;
        Written.Add(message);
        return _write(message);
    }

    public Task CompleteAsync()
    {
        CompleteCount++;
        return _complete();
    }
}
