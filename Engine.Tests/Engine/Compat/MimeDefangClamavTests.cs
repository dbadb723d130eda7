using Sift.Engine.Compat;
using Sift.Engine.Tests.Fakes;
using Sift.Engine.Tests.Infrastructure;
using Sift.Engine.Tests.Protocols.Clamd;
using Sift.Protocols.Clamd;
using Sift.Protocols.Net;
using Sift.Protocols.Process;

namespace Sift.Engine.Tests.Engine.Compat;

/// <summary>The MIMEDefang-shaped drop-ins, against the real clamd and clamdscan.</summary>
public sealed class MimeDefangClamavTests
{
    [Fact]
    public async Task Clamd_scan_of_a_clean_file_is_ok_ok()
    {
        using var dir = TestEnv.NewTempDir();
        var path = Path.Combine(dir.Path, "clean.eml");
        await File.WriteAllBytesAsync(path, ClamdTestData.CleanMessage());
        var (code, category, action) = await MimeDefangClamav.MessageContainsVirusClamdAsync(ClamdTestData.Client(ClamdTestData.Unix()), path);
        Assert.Equal((0, "ok", "ok"), (code, category, action));
    }

    [Fact]
    public async Task Clamd_scan_of_eicar_is_virus_quarantine_with_the_name()
    {
        using var dir = TestEnv.NewTempDir();
        var path = Path.Combine(dir.Path, "eicar.eml");
        await File.WriteAllBytesAsync(path, ClamdTestData.EicarBytes);
        var result = await MimeDefangClamav.MessageContainsVirusClamdAsync(ClamdTestData.Client(ClamdTestData.Unix()), path);
        Assert.Equal((1, "virus", "quarantine"), (result.Code, result.Category, result.Action));
        Assert.Equal(ClamdTestData.EicarName, result.VirusName);
    }

    [Fact]
    public async Task Remote_clamd_stream_of_the_custom_signature_is_virus_quarantine()
    {
        var result = await MimeDefangClamav.MessageContainsVirusClamdStreamAsync(
            ClamdTestData.Client(ClamdTestData.Tcp()), new MemoryStream(ClamdTestData.MessageWithCustomSignature()));
        Assert.Equal((1, "virus", "quarantine"), (result.Code, result.Category, result.Action));
        Assert.Equal(ClamdTestData.CustomName, result.VirusName);
    }

    [Fact]
    public async Task An_unreachable_clamd_is_cannot_execute_tempfail()
    {
        var client = ClamdTestData.Client(EndpointAddress.Unix("/nonexistent/sift/clamd.sock"));
        var result = await MimeDefangClamav.MessageContainsVirusClamdStreamAsync(client, new MemoryStream(ClamdTestData.EicarBytes));
        Assert.Equal((999, "cannot-execute", "tempfail"), (result.Code, result.Category, result.Action));
    }

    [Fact]
    public async Task A_clamd_error_reply_is_swerr_tempfail()
    {
        using var dir = TestEnv.NewTempDir();
        var result = await MimeDefangClamav.MessageContainsVirusClamdAsync(
            ClamdTestData.Client(ClamdTestData.Tcp()), Path.Combine(dir.Path, "missing.eml"));
        Assert.Equal((999, "swerr", "tempfail"), (result.Code, result.Category, result.Action));
    }

    [Fact]
    public async Task A_clamd_that_answers_garbage_is_swerr_tempfail()
    {
        await using var fake = new FakeClamd(FakeClamd.Mode.Garbage);
        var client = new ClamdClient(new ClamdClientOptions { Address = fake.Address, Timeout = TimeSpan.FromSeconds(5) });
        var result = await MimeDefangClamav.MessageContainsVirusClamdStreamAsync(client, new MemoryStream(ClamdTestData.EicarBytes));
        Assert.Equal((999, "swerr", "tempfail"), (result.Code, result.Category, result.Action));
    }

    [Fact]
    public async Task Clamdscan_stream_gives_ok_and_virus()
    {
        var config = TestEnv.Require("SIFT_TEST_CLAMD_CONF");
        var runner = new ProcessRunner();
        var clean = await MimeDefangClamav.ClamdScanStreamAsync(runner, new MemoryStream(ClamdTestData.CleanMessage()), configFile: config);
        Assert.Equal((0, "ok", "ok"), (clean.Code, clean.Category, clean.Action));
        var virus = await MimeDefangClamav.ClamdScanStreamAsync(runner, new MemoryStream(ClamdTestData.EicarBytes), configFile: config);
        Assert.Equal((1, "virus", "quarantine"), (virus.Code, virus.Category, virus.Action));
        Assert.Equal(ClamdTestData.EicarName, virus.VirusName);
    }

    [Fact]
    public async Task Clamdscan_absent_is_not_installed_tempfail()
    {
        var result = await MimeDefangClamav.ClamdScanStreamAsync(new ProcessRunner(), new MemoryStream(ClamdTestData.EicarBytes),
            clamdscan: "/nonexistent/bin/clamdscan");
        Assert.Equal((1, "not-installed", "tempfail"), (result.Code, result.Category, result.Action));
    }

    [Fact]
    public async Task Clamdscan_with_clamd_down_is_swerr_tempfail()
    {
        using var dir = TestEnv.NewTempDir();
        var config = Path.Combine(dir.Path, "clamd.conf");
        await File.WriteAllTextAsync(config, $"LocalSocket {Path.Combine(dir.Path, "no-clamd.sock")}\n");
        var result = await MimeDefangClamav.ClamdScanStreamAsync(new ProcessRunner(), new MemoryStream(ClamdTestData.EicarBytes), configFile: config);
        Assert.Equal((999, "swerr", "tempfail"), (result.Code, result.Category, result.Action));
    }
}
