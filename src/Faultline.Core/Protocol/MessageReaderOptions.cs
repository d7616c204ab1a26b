using Faultline.Compression;

namespace Faultline.Protocol;

/// <summary>How an incoming message stream is read: limits, its encoding, and what it is called in errors.</summary>
/// <param name="MaxMessageSize">The largest payload accepted, compressed or not; null for no limit.</param>
/// <param name="Encoding">The stream's <c>grpc-encoding</c>, or null when absent.</param>
/// <param name="Providers">The supported compression providers.</param>
/// <param name="MessageKind">"request" or "response", used in error messages.</param>
internal sealed record MessageReaderOptions(int? MaxMessageSize, string? Encoding, CompressionProviders Providers, string MessageKind);
