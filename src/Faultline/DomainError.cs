using Grpc.Core;

namespace Faultline;

/// <summary>A received domain error, as a <see cref="DomainErrorCatalog"/> hands it to the function that rebuilds its exception.</summary>
/// <param name="Domain">The ErrorInfo domain.</param>
/// <param name="Reason">The ErrorInfo reason.</param>
/// <param name="Code">The call's status code.</param>
/// <param name="Message">The call's status message.</param>
/// <param name="Metadata">The ErrorInfo metadata.</param>
/// <param name="Error">The typed exception of the failed call, with every detail; a good inner exception.</param>
public sealed record DomainError(string Domain, string Reason, StatusCode Code, string Message, IReadOnlyDictionary<string, string> Metadata, GrpcException Error);
