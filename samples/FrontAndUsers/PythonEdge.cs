using System.Diagnostics;
using System.Globalization;

namespace FrontAndUsers;

/// <summary>
/// Runs the Python edge client (PythonEdge/edge_client.py, on Debian's python3-grpcio) against the
/// front service and prints its output as it comes. Without grpcio it prints how to install it and
/// is skipped: the rest of the demo does not depend on it.
/// </summary>
public static class PythonEdge
{
    /// <summary>Debian's interpreter, which has python3-grpcio (the python3 first on PATH may not).</summary>
    public const string DefaultPython = "/usr/bin/python3";

    public const string InstallHint = "To run it, install Debian's grpcio: sudo apt-get install -y python3-grpcio python3-protobuf protobuf-compiler";

    // edge_client.py's exit code when grpcio, protobuf or protoc is missing (the reason is on its stderr).
    private const int MissingExitCode = 3;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs the client; false when it failed (a skip, for want of grpcio, is not a failure).</summary>
    /// <param name="python">The interpreter.</param>
    /// <param name="frontAddress">The front service.</param>
    /// <param name="usersSide">As for <see cref="EdgeClient.RunAsync"/>: the demo waits for the users service's report of the slow call.</param>
    /// <param name="cancellationToken">Stops the client.</param>
    public static async Task<bool> RunAsync(string python, string frontAddress, CancelledDeletions? usersSide, CancellationToken cancellationToken)
    {
        if (!File.Exists(python))
        {
            Console.WriteLine($"Python edge skipped: {python} was not found. {InstallHint}");
            return true;
        }

        var start = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "PythonEdge", "edge_client.py"),
                "--front", new Uri(frontAddress).Authority,
                "--deadline", EdgeClient.SlowCallDeadline.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            },
            Environment =
            {
                ["PYTHONDONTWRITEBYTECODE"] = "1",
                ["PYTHONUNBUFFERED"] = "1",
                // grpcio's core logs only what is wrong.
                ["GRPC_VERBOSITY"] = "ERROR",
            },
        };

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {python}.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                Console.WriteLine(line);
            }

            await process.WaitForExitAsync(timeout.Token);
            switch (process.ExitCode)
            {
                case 0:
                    if (usersSide is not null)
                    {
                        await EdgeClient.WaitForUsersSideAsync(usersSide, UsersService.SlowUserId, cancellationToken);
                    }

                    return true;
                case MissingExitCode:
                    Console.WriteLine($"Python edge skipped: {(await stderr).Trim()}. {InstallHint}");
                    return true;
                default:
                    Console.WriteLine($"Python edge failed (exit code {process.ExitCode}):{Environment.NewLine}{await stderr}");
                    return false;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Console.WriteLine($"Python edge failed: it did not finish within {Timeout.TotalSeconds} s.");
            return false;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
