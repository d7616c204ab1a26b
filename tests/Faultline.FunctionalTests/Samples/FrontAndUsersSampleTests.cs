using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Faultline.FunctionalTests.Samples;

/// <summary>
/// Keeps the README's "Exceptions across services" commands true, run as the README runs them (the
/// sample's own program, in processes of its own): a users service's domain exception reaches the
/// front service as that exception, and the edge clients (C# and Python grpcio) get the front's own
/// FAILED_PRECONDITION with its details; a deadline set at the edge ends the users call too.
/// </summary>
public class FrontAndUsersSampleTests
{
    private const string CSharpEdge = "C# edge (Faultline client) -> front.v1.Accounts:";

    private static readonly string[] UsersCalledDirectly =
    [
        "ListUsers: u-1 Ada Lovelace",
        "ListUsers: u-2 Alan Turing",
        "ListUsers: u-3 Grace Hopper",
        "ImportUsers [u-4, u-1]: UserAlreadyExistsException (UserId u-1): User u-1 already exists.",
        "restored from ALREADY_EXISTS USER_ALREADY_EXISTS in users.example.com {userId=u-1}",
        "GetUser(u-42): UserNotFoundException (UserId u-42): There is no user u-42.",
        "restored from NOT_FOUND USER_NOT_FOUND in users.example.com {userId=u-42}",
    ];

    // What the front answers, as both edges print it: its own code, message and details; nothing of users'.
    private static readonly string[] FrontsFailure =
    [
        "CloseAccount(u-42): FAILED_PRECONDITION: Cannot close account of u-42: no such user",
        "PreconditionFailure: USER_EXISTS users/u-42: An account can only be closed while its user exists.",
        "ErrorInfo: ACCOUNT_USER_MISSING in accounts.example.com {userId=u-42}",
    ];

    private const string FrontSawTheDomainException =
        "[front] CloseAccount(u-42): the users service answered NOT_FOUND USER_NOT_FOUND (users.example.com): \"There is no user u-42.\"; failing with FAILED_PRECONDITION";

    private const string SlowCallEnded = "CloseAccount(slow) with a 2 s deadline: DEADLINE_EXCEEDED: ";

    // The users call had a deadline, and ended by it: only the edge set one.
    private static readonly Regex UsersCallCancelledByTheEdgesDeadline =
        new(@"^\[users\] DeleteUser\(slow\) was cancelled before it finished; the call had a deadline \d+\.\d s away when it arrived$");

    private static string SampleDll => typeof(FrontAndUsers.Demo).Assembly.Location;

    [Fact]
    public async Task Demo_DomainErrorCrossesBothServices_ForTheCSharpAndPythonEdges_AndTheEdgesDeadlineEndsTheUsersCall()
    {
        var result = await ChildProcess.RunAsync(TimeSpan.FromSeconds(120), "dotnet", [SampleDll]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = Lines(result.Stdout);
        Assert.StartsWith("Users service (users.v1.Users) listening on http://127.0.0.1:", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Front service (front.v1.Accounts) listening on http://127.0.0.1:", lines[1], StringComparison.Ordinal);
        Assert.Equal(UsersCalledDirectly, Section(lines, "C# client -> users.v1.Users (Faultline client with UserErrors.Catalog):"));

        var csharp = Section(lines, CSharpEdge);
        AssertEdgeSection(csharp, "CloseAccount(u-1): closed the account of Ada Lovelace", result);
        Assert.Contains(FrontSawTheDomainException, csharp);
        Assert.Single(csharp, UsersCallCancelledByTheEdgesDeadline.IsMatch);

        var pythonHeader = Assert.Single(lines, l => l.StartsWith("Python edge (grpcio ", StringComparison.Ordinal));
        var python = Section(lines, pythonHeader);
        AssertEdgeSection(python, "CloseAccount(u-2): closed the account of Alan Turing", result);
        Assert.Contains(FrontSawTheDomainException, python);
        Assert.Single(python, UsersCallCancelledByTheEdgesDeadline.IsMatch);

        AssertNothingInternal(result);
    }

    [Fact]
    public async Task ServicesInProcessesOfTheirOwn_TheClientAgainstThem()
    {
        var usersPort = FreePort();
        var frontPort = FreePort();
        await using var users = ChildProcess.Start("dotnet", [SampleDll, "server", "users", "--port", Text(usersPort)]);
        await users.WaitForLineAsync(l => l.StartsWith("Users service (users.v1.Users) listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await using var front = ChildProcess.Start("dotnet", [SampleDll, "server", "front", "--port", Text(frontPort), "--users", $"http://127.0.0.1:{usersPort}"]);
        await front.WaitForLineAsync(l => l.StartsWith("Front service (front.v1.Accounts) listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        var client = await ChildProcess.RunAsync(TimeSpan.FromSeconds(120), "dotnet", [SampleDll, "client", "--front", $"http://127.0.0.1:{frontPort}", "--users", $"http://127.0.0.1:{usersPort}"]);

        Assert.True(client.ExitCode == 0, client.ToString());
        var lines = Lines(client.Stdout);
        Assert.Equal(UsersCalledDirectly, Section(lines, "C# client -> users.v1.Users (Faultline client with UserErrors.Catalog):"));
        AssertEdgeSection(Section(lines, CSharpEdge), "CloseAccount(u-1): closed the account of Ada Lovelace", client);
        AssertEdgeSection(Section(lines, Assert.Single(lines, l => l.StartsWith("Python edge (grpcio ", StringComparison.Ordinal))), "CloseAccount(u-2): closed the account of Alan Turing", client);
        AssertNothingInternal(client);

        // Each service logs in its own process: the front, the exception it caught (twice, one per edge);
        // users, both slow calls ended by the deadline only the edges set.
        await front.WaitForLineAsync(l => l.Trim() == FrontSawTheDomainException, TimeSpan.FromSeconds(10));
        Assert.Equal(2, Lines(front.Stdout).Count(l => l.Trim() == FrontSawTheDomainException));
        Assert.Equal(2, await CountEventuallyAsync(users, UsersCallCancelledByTheEdgesDeadline, 2));

        // The servers run until Ctrl+C; nothing more to see from them.
        front.Kill();
        users.Kill();
    }

    [Fact]
    public async Task Demo_WithoutPythonGrpc_SaysHowToInstallIt_AndRunsTheRest()
    {
        var result = await ChildProcess.RunAsync(TimeSpan.FromSeconds(120), "dotnet", [SampleDll, "--python", "/nonexistent/python3"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = Lines(result.Stdout);
        Assert.Contains(
            "Python edge skipped: /nonexistent/python3 was not found. To run it, install Debian's grpcio: sudo apt-get install -y python3-grpcio python3-protobuf protobuf-compiler",
            lines);
        AssertEdgeSection(Section(lines, CSharpEdge), "CloseAccount(u-1): closed the account of Ada Lovelace", result);
        AssertNothingInternal(result);
    }

    // An edge's lines: a closed account, the front's failure with its details in order, then the slow call's end.
    private static void AssertEdgeSection(List<string> section, string closed, ProcessResult result)
    {
        var context = result.ToString();
        Assert.True(section.Contains(closed), context);
        var failure = section.IndexOf(FrontsFailure[0]);
        Assert.True(failure >= 0, context);
        Assert.True(section.Skip(failure).Take(FrontsFailure.Length).SequenceEqual(FrontsFailure), context);
        Assert.True(section.Count(l => l.StartsWith(SlowCallEnded, StringComparison.Ordinal)) == 1, context);
    }

    // No stack trace, no handler-exception text, no warning or error log, nothing on stderr; and no
    // .NET exception name in any status an edge received.
    private static void AssertNothingInternal(ProcessResult result)
    {
        var context = result.ToString();
        Assert.True(result.Stderr.Trim().Length == 0, context);
        Assert.DoesNotMatch(new Regex(@"^\s*at \S+\(", RegexOptions.Multiline), result.Stdout);
        Assert.DoesNotContain("Exception was thrown by handler", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex(@"\[(users|front)\] (Trace|Debug|Warning|Error|Critical) "), result.Stdout);
        Assert.DoesNotContain(Lines(result.Stdout), l => Regex.IsMatch(l.Trim(), "^CloseAccount.*: [A-Z_]+: ") && l.Contains("Exception", StringComparison.Ordinal));
    }

    private static async Task<int> CountEventuallyAsync(ChildProcess process, Regex line, int expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int count;
        while ((count = Lines(process.Stdout).Count(l => line.IsMatch(l.Trim()))) < expected && !timeout.IsCancellationRequested)
        {
            await Task.Delay(25);
        }

        return count;
    }

    /// <summary>The lines after <paramref name="header"/>, up to the next line that is not indented (trimmed).</summary>
    private static List<string> Section(List<string> lines, string header)
    {
        var start = lines.IndexOf(header);
        Assert.True(start >= 0, $"No line '{header}' in:\n{string.Join('\n', lines)}");
        return [.. lines.Skip(start + 1).TakeWhile(l => l.StartsWith(' ')).Select(l => l.Trim())];
    }

    /// <summary>The non-empty lines of <paramref name="text"/>, indentation kept.</summary>
    private static List<string> Lines(string text) =>
        [.. text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0)];

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
