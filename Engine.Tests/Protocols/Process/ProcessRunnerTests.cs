using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Sift.Protocols.Process;

namespace Sift.Engine.Tests.Protocols.Process;

/// <summary>The runner with ordinary programs (/bin/cat, /bin/false, /bin/sh inside tests only).</summary>
public sealed class ProcessRunnerTests
{
    private static readonly ProcessRunner Runner = new();

    [Fact]
    public async Task Stdin_is_streamed_and_stdout_captured()
    {
        var message = "From: a@example.test\r\n\r\nhello\r\n";
        var result = await Runner.RunAsync(new ProcessRunOptions { FileName = "/bin/cat" }, new MemoryStream(Encoding.ASCII.GetBytes(message)));
        Assert.Equal(ProcessOutcome.Exited, result.Outcome);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(ExitVerdict.Clean, result.Verdict);
        Assert.Equal(message, result.Stdout);
        Assert.False(result.StdoutTruncated);
    }

    [Fact]
    public async Task Stdin_from_a_pipe_reader_is_streamed()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync("piped body"u8.ToArray());
        await pipe.Writer.CompleteAsync();
        var result = await Runner.RunAsync(new ProcessRunOptions { FileName = "/bin/cat" }, pipe.Reader);
        Assert.Equal("piped body", result.Stdout);
    }

    [Fact]
    public async Task Arguments_reach_the_program_verbatim_without_a_shell()
    {
        // A shell would expand these; argv passes them through untouched.
        string[] args = ["$HOME", "*", "a b", "; echo injected"];
        var result = await Runner.RunAsync(new ProcessRunOptions { FileName = "/bin/echo", Arguments = args });
        Assert.Equal(string.Join(' ', args) + "\n", result.Stdout);
    }

    [Fact]
    public async Task Exit_codes_map_through_the_configured_table()
    {
        var plain = await Runner.RunAsync(new ProcessRunOptions { FileName = "/bin/false" });
        Assert.Equal(1, plain.ExitCode);
        Assert.Equal(ExitVerdict.Error, plain.Verdict);

        var clamdscanLike = await Runner.RunAsync(new ProcessRunOptions { FileName = "/bin/false", ExitCodes = ExitCodeMap.Clamdscan });
        Assert.Equal(ExitVerdict.Hit, clamdscanLike.Verdict);

        var ok = await Runner.RunAsync(new ProcessRunOptions { FileName = "/bin/true", ExitCodes = ExitCodeMap.Clamdscan });
        Assert.Equal(ExitVerdict.Clean, ok.Verdict);
    }

    [Fact]
    public void The_clamdscan_table_is_zero_clean_one_virus_two_and_more_error()
    {
        Assert.Equal(ExitVerdict.Clean, ExitCodeMap.Clamdscan.Map(0));
        Assert.Equal(ExitVerdict.Hit, ExitCodeMap.Clamdscan.Map(1));
        Assert.Equal(ExitVerdict.Error, ExitCodeMap.Clamdscan.Map(2));
        Assert.Equal(ExitVerdict.Error, ExitCodeMap.Clamdscan.Map(255));
    }

    [Fact]
    public async Task Output_past_its_bound_is_discarded_and_flagged()
    {
        // 1 MiB through cat with a 1000-byte bound: the program is never blocked and memory stays bounded.
        var input = new byte[1024 * 1024];
        Array.Fill(input, (byte)'z');
        var result = await Runner.RunAsync(new ProcessRunOptions { FileName = "/bin/cat", MaxStdoutBytes = 1000 }, new MemoryStream(input));
        Assert.Equal(0, result.ExitCode);
        Assert.True(result.StdoutTruncated);
        Assert.Equal(1000, result.Stdout.Length);
        Assert.False(result.StderrTruncated);
    }

    [Fact]
    public async Task Stderr_is_captured_separately_and_bounded()
    {
        var result = await Runner.RunAsync(new ProcessRunOptions
        {
            FileName = "/bin/cat",
            Arguments = ["/nonexistent/sift-file"],
            MaxStderrBytes = 20,
        });
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal(20, result.Stderr.Length);
        Assert.True(result.StderrTruncated);
    }

    [Fact]
    public async Task A_missing_executable_is_not_installed()
    {
        var result = await Runner.RunAsync(new ProcessRunOptions { FileName = "/nonexistent/bin/clamdscan" });
        Assert.Equal(ProcessOutcome.NotInstalled, result.Outcome);
        Assert.Null(result.ExitCode);
        Assert.Equal(ExitVerdict.Error, result.Verdict);
        Assert.Contains("not installed", result.Error);

        var byName = await Runner.RunAsync(new ProcessRunOptions { FileName = "sift-no-such-program-on-path" });
        Assert.Equal(ProcessOutcome.NotInstalled, byName.Outcome);
    }

    [Fact]
    public async Task A_file_that_is_not_executable_fails_to_start()
    {
        using var dir = Infrastructure.TestEnv.NewTempDir();
        var path = Path.Combine(dir.Path, "not-executable");
        await File.WriteAllTextAsync(path, "data");
        var result = await Runner.RunAsync(new ProcessRunOptions { FileName = path });
        Assert.Equal(ProcessOutcome.StartFailed, result.Outcome);
    }

    [Fact]
    public async Task On_timeout_the_process_and_its_children_are_killed()
    {
        // The shell starts a child that ignores stdin and sleeps, prints the child's pid and waits for it.
        var result = await Runner.RunAsync(new ProcessRunOptions
        {
            FileName = "/bin/sh",
            Arguments = ["-c", "sleep 60 & echo $!; wait"],
            Timeout = TimeSpan.FromMilliseconds(500),
        }, new MemoryStream(Encoding.ASCII.GetBytes("ignored input")));

        Assert.Equal(ProcessOutcome.TimedOut, result.Outcome);
        Assert.InRange(result.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(10));
        var child = int.Parse(result.Stdout.Trim(), CultureInfo.InvariantCulture);
        Assert.True(await IsGoneAsync(child), $"the child {child} (sleep) is still running after the tree kill");
    }

    [Fact]
    public async Task On_cancellation_the_tree_is_killed_and_the_call_throws()
    {
        using var dir = Infrastructure.TestEnv.NewTempDir();
        var pidFile = Path.Combine(dir.Path, "child.pid");
        using var cts = new CancellationTokenSource();
        var run = Runner.RunAsync(new ProcessRunOptions
        {
            FileName = "/bin/sh",
            Arguments = ["-c", "sleep 60 & echo $! > \"$1\"; wait", "sh", pidFile],
            Timeout = TimeSpan.FromSeconds(30),
        }, cts.Token);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(pidFile) || new FileInfo(pidFile).Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the shell never wrote its child's pid");
            await Task.Delay(20);
        }
        var child = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), CultureInfo.InvariantCulture);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(await IsGoneAsync(child), $"the child {child} is still running after cancellation");
    }

    [Fact]
    public async Task A_program_that_exits_without_reading_its_input_is_not_an_error()
    {
        var big = new byte[4 * 1024 * 1024];
        var result = await Runner.RunAsync(new ProcessRunOptions { FileName = "/bin/true" }, new MemoryStream(big));
        Assert.Equal(ProcessOutcome.Exited, result.Outcome);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task An_error_reading_the_input_propagates_instead_of_a_verdict_on_half_a_message()
    {
        var e = await Assert.ThrowsAsync<IOException>(
            () => Runner.RunAsync(new ProcessRunOptions { FileName = "/bin/cat" }, new FailingStream(100_000)));
        Assert.Equal("source broke", e.Message);
    }

    /// <summary>A stream that yields some bytes and then fails, like a spool file on a failing disk.</summary>
    private sealed class FailingStream(int goodBytes) : Stream
    {
        private int _left = goodBytes;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_left == 0) throw new IOException("source broke");
            var n = Math.Min(count, _left);
            buffer.AsSpan(offset, n).Fill((byte)'m');
            _left -= n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>True once the pid is gone or a zombie waiting for init (it no longer runs). Bounded poll.</summary>
    private static async Task<bool> IsGoneAsync(int pid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            string stat;
            try { stat = await File.ReadAllTextAsync($"/proc/{pid}/stat"); }
            catch (IOException) { return true; }
            // Field 3, after the parenthesised command name, is the state.
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            if (state is "Z" or "X") return true;
            await Task.Delay(20);
        }
        return false;
    }
}
