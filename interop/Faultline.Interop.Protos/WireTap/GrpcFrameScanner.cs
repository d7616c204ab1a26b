using System.Buffers;
using System.Buffers.Binary;

namespace Faultline.Interop.WireTap;

/// <summary>
/// Follows a gRPC message stream byte by byte, in whatever chunks it is fed, and records the header of
/// every message: the compressed flag and the declared length. Test-side wire inspection only: this is
/// how the interop server and client see the per-message compressed flag that the interop cases are
/// about, which grpc-dotnet does not expose on either side (see docs/interop.md). It only reads what
/// it is fed. Thread-safe: one feeder, any number of readers.
/// </summary>
public sealed class GrpcFrameScanner
{
    private const int HeaderSize = 5;

    private readonly object _lock = new();
    private readonly List<GrpcFrame> _frames = new();
    private readonly byte[] _header = new byte[HeaderSize];
    private int _headerFilled;
    private long _payloadLeft;

    /// <summary>The messages whose header has been seen so far, in order.</summary>
    public IReadOnlyList<GrpcFrame> Frames
    {
        get
        {
            lock (_lock)
            {
                return _frames.ToArray();
            }
        }
    }

    /// <summary>How many message headers have been seen.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _frames.Count;
            }
        }
    }

    /// <summary>The frame at <paramref name="index"/>, or null if its header has not been seen.</summary>
    public GrpcFrame? TryGet(int index)
    {
        lock (_lock)
        {
            return index >= 0 && index < _frames.Count ? _frames[index] : null;
        }
    }

    /// <summary>Feeds the next bytes of the stream.</summary>
    public void Feed(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            while (!data.IsEmpty)
            {
                if (_payloadLeft > 0)
                {
                    var skip = (int)Math.Min(_payloadLeft, data.Length);
                    _payloadLeft -= skip;
                    data = data[skip..];
                    continue;
                }

                var take = Math.Min(HeaderSize - _headerFilled, data.Length);
                data[..take].CopyTo(_header.AsSpan(_headerFilled));
                _headerFilled += take;
                data = data[take..];
                if (_headerFilled == HeaderSize)
                {
                    var length = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(1));
                    _frames.Add(new GrpcFrame(_header[0] != 0, length));
                    _payloadLeft = length;
                    _headerFilled = 0;
                }
            }
        }
    }

    /// <summary>Feeds the next bytes of the stream.</summary>
    public void Feed(in ReadOnlySequence<byte> data)
    {
        foreach (var segment in data)
        {
            Feed(segment.Span);
        }
    }

    /// <summary>e.g. <c>[C123 U9]</c>: C = compressed flag set, U = not set, then the payload length.</summary>
    public override string ToString() => "[" + string.Join(" ", Frames) + "]";
}
