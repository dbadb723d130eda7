using Sift.Engine.Results;
using Sift.Protocols.Clamd;

namespace Sift.Engine.Tests.Engine.Results;

public sealed class ClamavInterpretationTests
{
    [Fact]
    public void A_virus_is_a_hit_with_its_name_in_the_reason()
    {
        var i = ClamavInterpretation.FromScan(new ClamdScanResult(ClamdScanStatus.Virus, "Eicar-Signature", null, "stream: Eicar-Signature FOUND"));
        Assert.True(i.Available);
        Assert.True(i.Hit);
        Assert.Equal("Eicar-Signature", i.Name);
        Assert.Equal("virus Eicar-Signature", i.Reason);
    }

    [Fact]
    public void Clean_is_available_and_not_a_hit()
    {
        var i = ClamavInterpretation.FromScan(new ClamdScanResult(ClamdScanStatus.Clean, null, null, "stream: OK"));
        Assert.True(i.Available);
        Assert.False(i.Hit);
        Assert.Null(i.Reason);
    }

    [Fact]
    public void Errors_and_the_size_limit_are_unavailable_never_hits()
    {
        var limit = ClamavInterpretation.FromScan(new ClamdScanResult(ClamdScanStatus.SizeLimitExceeded, null, "INSTREAM size limit exceeded.", ""));
        Assert.False(limit.Available);
        Assert.False(limit.Hit);
        Assert.Contains("StreamMaxLength", limit.Reason);
        var error = ClamavInterpretation.FromScan(new ClamdScanResult(ClamdScanStatus.Error, null, "Can't open file", ""));
        Assert.False(error.Available);
        Assert.Contains("Can't open file", error.Reason);
    }
}
