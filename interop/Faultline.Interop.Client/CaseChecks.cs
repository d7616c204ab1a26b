using System.Diagnostics.CodeAnalysis;
using Faultline.Interop.Client.WireTap;
using Faultline.Interop.WireTap;
using Grpc.Core;
using Grpc.Testing;

namespace Faultline.Interop.Client;

/// <summary>The assertions the cases make; each failed one throws <see cref="CaseFailedException"/> with the FAIL line's reason.</summary>
internal static class CaseChecks
{
    public static void Check([DoesNotReturnIf(false)] bool condition, string message)
    {
        if (!condition)
        {
            throw new CaseFailedException(message);
        }
    }

    public static void CheckPayload(Payload? payload, int size, string what)
    {
        var length = payload?.Body.Length ?? 0;
        Check(length == size, $"{what}: payload body is {length} bytes, expected {size}");
        Check(Payloads.IsZeros(payload, size), $"{what}: payload body is not all zeros");
    }

    public static void CheckSizes(IReadOnlyList<StreamingOutputCallResponse> responses, int[] sizes)
    {
        var actual = responses.Select(r => r.Payload?.Body.Length ?? 0).ToArray();
        Check(actual.SequenceEqual(sizes), $"response payload sizes [{string.Join(", ", actual)}], expected [{string.Join(", ", sizes)}]");
        for (var i = 0; i < sizes.Length; i++)
        {
            CheckPayload(responses[i].Payload, sizes[i], $"response {i + 1}");
        }
    }

    /// <summary>The call's final status, read through the Faultline call object.</summary>
    public static void CheckStatus(Status status, StatusCode expected) =>
        Check(status.StatusCode == expected, $"status {status.StatusCode} ({status.Detail}), expected {StatusCodeNames.GetName(expected)}");

    public static void CheckFlags(GrpcFrameScanner frames, bool[] compressed, string what)
    {
        var actual = frames.Frames.Select(f => f.Compressed).ToArray();
        Check(actual.SequenceEqual(compressed),
            $"{what}: compressed flags on the wire [{string.Join(", ", actual.Select(Lower))}], expected [{string.Join(", ", compressed.Select(Lower))}] (frames {frames})");
    }

    public static ClientExchange Single(WireTapHandler tap, int mark, string method)
    {
        var calls = tap.Since(mark, method);
        Check(calls.Count == 1, $"expected one {method} exchange on the wire, saw {calls.Count}");
        return calls[0];
    }

    /// <summary>
    /// Runs <paramref name="call"/>, which must fail with the Faultline exception <typeparamref name="TException"/>
    /// (and, if given, exactly <paramref name="message"/>); a plain <see cref="RpcException"/> fails the
    /// case too, as the client pipeline should have translated it.
    /// </summary>
    public static async Task<TException> ExpectFailureAsync<TException>(Func<Task> call, string? message = null, string? what = null)
        where TException : GrpcException
    {
        var prefix = what is null ? "" : what + ": ";
        var expected = typeof(TException).Name;
        try
        {
            await call();
        }
        catch (TException ex)
        {
            Check(message is null || ex.Status.Detail == message, $"{prefix}expected status message {Quote(message)}, got {Quote(ex.Status.Detail)}");
            return ex;
        }
        catch (GrpcException ex)
        {
            throw new CaseFailedException($"{prefix}expected {expected}, got {ex.GetType().Name} ({ex.StatusName}: {ex.Status.Detail})");
        }
        catch (RpcException ex)
        {
            throw new CaseFailedException($"{prefix}expected {expected}, got a plain RpcException ({ex.StatusCode}: {ex.Status.Detail}) that Faultline's client pipeline did not translate");
        }

        throw new CaseFailedException($"{prefix}expected {expected}, but the call succeeded");
    }

    public static async Task<List<T>> ReadAllAsync<T>(IAsyncStreamReader<T> stream)
    {
        var items = new List<T>();
        while (await stream.MoveNext(CancellationToken.None))
        {
            items.Add(stream.Current);
        }

        return items;
    }

    public static string Lower(bool value) => value ? "true" : "false";

    private static string Quote(string? text) => System.Text.Json.JsonSerializer.Serialize(text);
}
