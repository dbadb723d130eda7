using System.Diagnostics;
using Sift.Engine.Tests.Infrastructure;
using Sift.Host;

namespace Sift.Engine.Tests.Host;

public sealed class RuntimeDefaultsTests
{
    [Fact]
    public void Inline_socket_completions_are_switched_on_when_the_environment_says_nothing()
    {
        var environment = new Dictionary<string, string>();
        var applied = RuntimeDefaults.Apply(n => environment.GetValueOrDefault(n), (n, v) => environment[n] = v);
        Assert.Equal("1", environment[RuntimeDefaults.InlineCompletions]);
        Assert.Equal([$"{RuntimeDefaults.InlineCompletions}=1"], applied);
    }

    [Fact]
    public void An_operator_who_set_inline_completions_keeps_the_value()
    {
        var environment = new Dictionary<string, string> { [RuntimeDefaults.InlineCompletions] = "0" };
        var applied = RuntimeDefaults.Apply(n => environment.GetValueOrDefault(n), (n, v) => environment[n] = v);
        Assert.Equal("0", environment[RuntimeDefaults.InlineCompletions]);
        Assert.Empty(applied);
    }

    /// <summary>
    /// The real executable, as an operator starts it: the socket engine must see the variable (set
    /// before the first socket) and the pool the runtimeconfig's spin limit; the log line reads both
    /// back from the runtime itself.
    /// </summary>
    [Theory]
    [InlineData(null, null, "Runtime: socket completions inline on (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1), thread-pool spin limit 0")]
    [InlineData("0", "46", "Runtime: socket completions inline off (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0), thread-pool spin limit 70")]
    public async Task Sift_serve_starts_with_the_runtime_defaults_unless_the_environment_overrides_them(string? inline, string? spin, string expected)
    {
        using var dir = TestEnv.NewTempDir();
        var config = Path.Combine(dir.Path, "sift.conf");
        await File.WriteAllTextAsync(config, "sift.milter.listen = \"inet:0@127.0.0.1\"\n");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sift.dll"));
        foreach (var arg in new[] { "serve", "--config", config }) { start.ArgumentList.Add(arg); }
        Set(start, RuntimeDefaults.InlineCompletions, inline);
        Set(start, "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", spin);
        using var process = Process.Start(start)!;
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync(deadline.Token)) is not null && !line.Contains("Sift.Host[6000]")) { }
            Assert.NotNull(line);
            Assert.EndsWith(expected, line);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static void Set(ProcessStartInfo start, string name, string? value)
    {
        if (value is null) { start.Environment.Remove(name); } else { start.Environment[name] = value; }
    }
}
