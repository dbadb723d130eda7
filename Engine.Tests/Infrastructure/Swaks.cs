using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Sift.Engine.Tests.Infrastructure;

/// <summary>What swaks saw: its exit code and the SMTP transcript.</summary>
/// <param name="ExitCode">0 when the message was accepted.</param>
/// <param name="Transcript">Every line swaks printed (server replies start with <c>&lt;-</c> or <c>&lt;**</c>).</param>
/// <param name="Elapsed">How long the run took.</param>
public sealed partial record SwaksResult(int ExitCode, string Transcript, TimeSpan Elapsed)
{
    /// <summary>The server's error replies (<c>&lt;** 550 …</c>), without the marker.</summary>
    public IReadOnlyList<string> Errors => Transcript.Split('\n')
        .Where(l => l.StartsWith("<**", StringComparison.Ordinal)).Select(l => l[3..].Trim()).ToArray();

    /// <summary>The queue id from <c>250 2.0.0 Ok: queued as ID</c>, if accepted.</summary>
    public string? QueueId => QueuedAs().Match(Transcript) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"queued as ([0-9A-Za-z]+)")]
    private static partial Regex QueuedAs();
}

/// <summary>Sends mail with swaks (argv, never a shell) to a loopback SMTP server.</summary>
public static class Swaks
{
    /// <summary>Sends <paramref name="message"/> (a whole RFC 5322 message) from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static async Task<SwaksResult> SendAsync(string server, string message, string from = "alice@example.com",
        string to = "bob@example.net", string? localAddress = null, string helo = "client.example.com", TimeSpan? timeout = null)
    {
        using var dir = TestEnv.NewTempDir();
        var data = Path.Combine(dir.Path, "message.eml");
        await File.WriteAllTextAsync(data, message.ReplaceLineEndings("\r\n"));
        var start = new ProcessStartInfo("/usr/bin/swaks")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--server", server, "--from", from, "--to", to, "--helo", helo, "--data", data,
                     "--timeout", "60", "--hide-informational" })
        {
            start.ArgumentList.Add(arg);
        }
        if (localAddress is not null)
        {
            start.ArgumentList.Add("--local-interface");
            start.ArgumentList.Add(localAddress);
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("swaks did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"swaks did not finish: {await stdout}{await stderr}");
        }
        return new SwaksResult(process.ExitCode, await stdout + await stderr, clock.Elapsed);
    }
}
