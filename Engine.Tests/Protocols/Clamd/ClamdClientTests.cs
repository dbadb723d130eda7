using System.IO.Pipelines;
using Sift.Protocols.Clamd;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Protocols.Clamd;

/// <summary>The client against the real clamd started by test-env/servers/clamd.sh.</summary>
public sealed class ClamdClientTests
{
    public static IEnumerable<object[]> Transports() => ClamdTestData.Transports();

    [Theory, MemberData(nameof(Transports))]
    public async Task Ping_is_answered_with_pong(string transport)
    {
        await ClamdTestData.ClientFor(transport).PingAsync();
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task Version_names_clamav(string transport)
    {
        var version = await ClamdTestData.ClientFor(transport).VersionAsync();
        Assert.StartsWith("ClamAV 1.", version);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task Instream_of_eicar_finds_the_eicar_signature(string transport)
    {
        var result = await ClamdTestData.ClientFor(transport).ScanStreamAsync(new MemoryStream(ClamdTestData.EicarBytes));
        Assert.Equal(ClamdScanStatus.Virus, result.Status);
        Assert.Equal(ClamdTestData.EicarName, result.VirusName);
        Assert.Equal($"stream: {ClamdTestData.EicarName} FOUND", result.Reply);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task Instream_finds_the_custom_body_signature_inside_a_message(string transport)
    {
        var result = await ClamdTestData.ClientFor(transport).ScanStreamAsync(new MemoryStream(ClamdTestData.MessageWithCustomSignature()));
        Assert.True(result.IsVirus);
        Assert.Equal(ClamdTestData.CustomName, result.VirusName);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task Instream_of_a_clean_message_is_clean(string transport)
    {
        var result = await ClamdTestData.ClientFor(transport).ScanStreamAsync(new MemoryStream(ClamdTestData.CleanMessage()));
        Assert.Equal(ClamdScanStatus.Clean, result.Status);
        Assert.Null(result.VirusName);
        Assert.Equal("stream: OK", result.Reply);
    }

    [Fact]
    public async Task Instream_in_many_tiny_chunks_still_finds_the_signature()
    {
        // A signature split over chunk boundaries must be reassembled by clamd: 7-byte chunks.
        var client = ClamdTestData.Client(ClamdTestData.Tcp(), chunkSize: 7);
        var result = await client.ScanStreamAsync(new MemoryStream(ClamdTestData.MessageWithCustomSignature()));
        Assert.Equal(ClamdTestData.CustomName, result.VirusName);
    }

    [Fact]
    public async Task Instream_from_a_pipe_reader_finds_the_signature()
    {
        var pipe = new Pipe();
        var message = ClamdTestData.MessageWithCustomSignature();
        var writer = Task.Run(async () =>
        {
            // Written in three pieces so that the client sees several reads.
            for (var i = 0; i < message.Length; i += 40)
            {
                await pipe.Writer.WriteAsync(message.AsMemory(i, Math.Min(40, message.Length - i)));
            }
            await pipe.Writer.CompleteAsync();
        });
        var result = await ClamdTestData.Client(ClamdTestData.Unix()).ScanStreamAsync(pipe.Reader);
        await writer;
        await pipe.Reader.CompleteAsync();
        Assert.Equal(ClamdTestData.CustomName, result.VirusName);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task Instream_past_stream_max_length_is_the_size_limit_error(string transport)
    {
        // test-env starts clamd with StreamMaxLength 1M; send 3 MiB generated on the fly.
        var client = ClamdTestData.ClientFor(transport);
        var result = await client.ScanStreamAsync(new GeneratedStream(3 * 1024 * 1024));
        Assert.Equal(ClamdScanStatus.SizeLimitExceeded, result.Status);
        Assert.Contains("size limit exceeded", result.ErrorText, StringComparison.OrdinalIgnoreCase);
    }

    [Theory, MemberData(nameof(Transports))]
    public async Task Scan_of_a_file_finds_eicar_and_names_the_path(string transport)
    {
        using var dir = TestEnv.NewTempDir();
        var path = Path.Combine(dir.Path, "eicar.txt");
        await File.WriteAllBytesAsync(path, ClamdTestData.EicarBytes);
        var result = await ClamdTestData.ClientFor(transport).ScanFileAsync(path);
        Assert.Equal(ClamdScanStatus.Virus, result.Status);
        Assert.Equal(ClamdTestData.EicarName, result.VirusName);
        Assert.StartsWith(path + ": ", result.Reply);
    }

    [Fact]
    public async Task Scan_of_a_clean_file_is_clean_and_of_a_missing_file_an_error()
    {
        using var dir = TestEnv.NewTempDir();
        var clean = Path.Combine(dir.Path, "clean.eml");
        await File.WriteAllBytesAsync(clean, ClamdTestData.CleanMessage());
        var client = ClamdTestData.Client(ClamdTestData.Unix());

        Assert.Equal(ClamdScanStatus.Clean, (await client.ScanFileAsync(clean)).Status);

        var missing = await client.ScanFileAsync(Path.Combine(dir.Path, "missing.eml"));
        Assert.Equal(ClamdScanStatus.Error, missing.Status);
        Assert.Contains("No such file", missing.ErrorText);
    }

    [Fact]
    public async Task Scan_with_a_file_signature_in_a_message_file_finds_the_custom_name()
    {
        using var dir = TestEnv.NewTempDir();
        var path = Path.Combine(dir.Path, "custom.eml");
        await File.WriteAllBytesAsync(path, ClamdTestData.MessageWithCustomSignature());
        var result = await ClamdTestData.Client(ClamdTestData.Tcp()).ScanFileAsync(path);
        Assert.Equal(ClamdTestData.CustomName, result.VirusName);
    }

    [Fact]
    public async Task Many_concurrent_instreams_each_get_their_own_answer()
    {
        var client = ClamdTestData.Client(ClamdTestData.Tcp());
        var tasks = Enumerable.Range(0, 24).Select(i => client.ScanStreamAsync(
            new MemoryStream(i % 2 == 0 ? ClamdTestData.EicarBytes : ClamdTestData.CleanMessage()))).ToArray();
        var results = await Task.WhenAll(tasks);
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(i % 2 == 0 ? ClamdScanStatus.Virus : ClamdScanStatus.Clean, results[i].Status);
        }
    }
}
