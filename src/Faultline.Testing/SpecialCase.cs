using Grpc.Core;

namespace Faultline.Testing;

/// <summary>
/// What <see cref="DummyServiceImplementation"/> does with one input instead of echoing it: returns
/// the output to send, or throws to fail the call (<see cref="SpecialCases.Raises(Exception)"/>).
/// It may also use the call's context: read headers, add trailers, set a status.
/// </summary>
/// <param name="input">The request's input (of the one request, or of the streamed message being handled).</param>
/// <param name="context">The call's grpc-dotnet context.</param>
public delegate ValueTask<string> SpecialCase(string input, ServerCallContext context);
