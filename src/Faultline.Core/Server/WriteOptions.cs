namespace Faultline;

/// <summary>Per-message write options.</summary>
public sealed class WriteOptions
{
    /// <summary>Options with no flags set.</summary>
    public static readonly WriteOptions Default = new();

    /// <summary>Creates write options.</summary>
    public WriteOptions(WriteFlags flags = default) => Flags = flags;

    /// <summary>The flags.</summary>
    public WriteFlags Flags { get; }
}

/// <summary>Flags that change how one message is written.</summary>
[Flags]
public enum WriteFlags
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>The write may be buffered rather than flushed at once.</summary>
    BufferHint = 1,

    /// <summary>Send this message uncompressed even when the call uses compression.</summary>
    NoCompress = 2,
}
