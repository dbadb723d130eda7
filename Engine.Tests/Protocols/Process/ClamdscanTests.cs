using Sift.Engine.Compat;
using Sift.Engine.Results;
using Sift.Engine.Tests.Infrastructure;
using Sift.Engine.Tests.Protocols.Clamd;
using Sift.Protocols.Process;

namespace Sift.Engine.Tests.Protocols.Process;

/// <summary>Debian's clamdscan run as an external program against the real clamd.</summary>
public sealed class ClamdscanTests
{
    private static readonly ProcessRunner Runner = new();

    private static Task<ProcessResult> Clamdscan(byte[] message, string? config = null)
        => Runner.RunAsync(MimeDefangClamav.ClamdscanOptions(configFile: config ?? TestEnv.Require("SIFT_TEST_CLAMD_CONF"),
            timeout: TimeSpan.FromSeconds(20)), new MemoryStream(message));

    [Fact]
    public async Task A_clean_message_exits_zero()
    {
        var result = await Clamdscan(ClamdTestData.CleanMessage());
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(ExitVerdict.Clean, result.Verdict);
        Assert.Equal(ClamavInterpretation.Clean, ClamavInterpretation.FromClamdscan(result));
    }

    [Fact]
    public async Task Eicar_exits_one_with_the_name_on_stdout()
    {
        var result = await Clamdscan(ClamdTestData.EicarBytes);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(ExitVerdict.Hit, result.Verdict);
        var interpretation = ClamavInterpretation.FromClamdscan(result);
        Assert.True(interpretation.Hit);
        Assert.Equal(ClamdTestData.EicarName, interpretation.Name);
    }

    [Fact]
    public async Task The_custom_signature_is_found_through_clamdscan()
    {
        var result = await Clamdscan(ClamdTestData.MessageWithCustomSignature());
        Assert.Equal(ClamdTestData.CustomName, ClamavInterpretation.FoundName(result.Stdout));
    }

    [Fact]
    public async Task With_clamd_down_clamdscan_exits_with_an_error_code()
    {
        using var dir = TestEnv.NewTempDir();
        var config = Path.Combine(dir.Path, "clamd.conf");
        await File.WriteAllTextAsync(config, $"LocalSocket {Path.Combine(dir.Path, "no-clamd.sock")}\n");
        var result = await Clamdscan(ClamdTestData.EicarBytes, config);
        Assert.Equal(ProcessOutcome.Exited, result.Outcome);
        Assert.True(result.ExitCode >= 2, $"exit code {result.ExitCode}");
        Assert.Equal(ExitVerdict.Error, result.Verdict);
        var interpretation = ClamavInterpretation.FromClamdscan(result);
        Assert.False(interpretation.Available);
        Assert.False(interpretation.Hit);
    }
}
