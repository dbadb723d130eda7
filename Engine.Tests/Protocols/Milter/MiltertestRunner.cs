using System.Diagnostics;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Protocols.Milter;

/// <summary>
/// Runs OpenDKIM's miltertest (the real MTA side) from argv on a Lua script. miltertest exits 1
/// without a message on a script error, so scripts echo each step and the assertion shows the
/// last one reached.
/// </summary>
internal static class MiltertestRunner
{
    public const string Path = "/usr/bin/miltertest";

    /// <summary>Helpers every script starts with: check() raises with a step name; open() connects and negotiates.</summary>
    private const string Prelude = """
        function check(ok, what)
          if not ok then
            mt.echo("FAILED: " .. what)
            error(what)
          end
          mt.echo("ok: " .. what)
        end
        function open()
          local conn = mt.connect(SOCK, 20, 0.05)
          check(conn ~= nil, "connect")
          check(mt.negotiate(conn, nil, nil, nil) == nil, "negotiate")
          return conn
        end
        function reply(conn, expected, what)
          check(mt.getreply(conn) == expected, what)
        end
        """;

    public static void RequirePresent()
    {
        Assert.True(File.Exists(Path),
            $"{Path} is missing: install the Debian package 'miltertest' (test-env/install.sh does).");
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string socket, string script)
    {
        RequirePresent();
        using var dir = TestEnv.NewTempDir();
        var file = System.IO.Path.Combine(dir.Path, "test.lua");
        await File.WriteAllTextAsync(file, Prelude + "\n" + script + "\nmt.echo(\"ALL OK\")\n");
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-s", file, "-D", "SOCK=" + socket }) { start.ArgumentList.Add(arg); }
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            Assert.Fail("miltertest did not finish within 30 s");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
