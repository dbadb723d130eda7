using Sift.Protocols.Dmarc;

namespace Sift.Engine.Tests.Protocols.Dmarc;

public class DmarcRecordTests
{
    private static DmarcRecord Parse(string text)
    {
        Assert.True(DmarcRecord.TryParse(text, out var record, out var error), error);
        return record!;
    }

    [Fact]
    public void A_minimal_record_gets_every_default()
    {
        var r = Parse("v=DMARC1; p=none");
        Assert.Equal(DmarcPolicy.None, r.Policy);
        Assert.Equal(DmarcPolicy.None, r.SubdomainPolicy);
        Assert.False(r.HasSubdomainPolicy);
        Assert.Null(r.NonExistentSubdomainPolicy);
        Assert.Equal(100, r.Percent);
        Assert.Empty(r.AggregateReportUris);
        Assert.Empty(r.FailureReportUris);
        Assert.Equal(DmarcAlignment.Relaxed, r.DkimAlignment);
        Assert.Equal(DmarcAlignment.Relaxed, r.SpfAlignment);
        Assert.Equal("0", r.FailureOptions);
        Assert.Equal(86400u, r.ReportInterval);
        Assert.Empty(r.Warnings);
    }

    [Fact]
    public void Every_tag_is_read()
    {
        var r = Parse("v=DMARC1; p=reject; sp=quarantine; np=reject; pct=25; rua=mailto:agg@example.com,mailto:b@example.net!10m; "
            + "ruf=mailto:fail@example.com; adkim=s; aspf=s; fo=1:d; ri=3600");
        Assert.Equal(DmarcPolicy.Reject, r.Policy);
        Assert.Equal(DmarcPolicy.Quarantine, r.SubdomainPolicy);
        Assert.True(r.HasSubdomainPolicy);
        Assert.Equal(DmarcPolicy.Reject, r.NonExistentSubdomainPolicy);
        Assert.Equal(25, r.Percent);
        Assert.Equal(["mailto:agg@example.com", "mailto:b@example.net!10m"], r.AggregateReportUris);
        Assert.Equal(["mailto:fail@example.com"], r.FailureReportUris);
        Assert.Equal(DmarcAlignment.Strict, r.DkimAlignment);
        Assert.Equal(DmarcAlignment.Strict, r.SpfAlignment);
        Assert.Equal("1:d", r.FailureOptions);
        Assert.Equal(3600u, r.ReportInterval);
        Assert.Empty(r.Warnings);
    }

    [Theory]
    [InlineData("v=DMARC1;p=quarantine", DmarcPolicy.Quarantine)]
    [InlineData("v = DMARC1 ; p = reject ;", DmarcPolicy.Reject)]
    [InlineData("v=DMARC1; P=REJECT", DmarcPolicy.Reject)]
    [InlineData("v=DMARC1; p=none; p=reject", DmarcPolicy.None)]
    [InlineData("v=DMARC1; x-unknown=1; p=quarantine; future=yes", DmarcPolicy.Quarantine)]
    [InlineData("v=DMARC1\t; p=reject", DmarcPolicy.Reject)]
    public void Spacing_case_repeats_and_unknown_tags_do_not_stop_parsing(string text, DmarcPolicy expected)
        => Assert.Equal(expected, Parse(text).Policy);

    [Theory]
    [InlineData("v=DMARC1; p=bogus; rua=mailto:a@example.com")]
    [InlineData("v=DMARC1; rua=mailto:a@example.com")]
    [InlineData("v=DMARC1; p=reject; sp=bogus; rua=mailto:a@example.com")]
    public void Invalid_or_missing_p_with_a_valid_rua_reads_as_p_none(string text)
    {
        var r = Parse(text);
        Assert.Equal(DmarcPolicy.None, r.Policy);
        Assert.Equal(DmarcPolicy.None, r.SubdomainPolicy);
        Assert.True(r.PolicyDefaulted);
        Assert.NotEmpty(r.Warnings);
    }

    [Theory]
    [InlineData("v=DMARC1; p=bogus", "invalid p")]
    [InlineData("v=DMARC1", "no p")]
    [InlineData("v=DMARC1; p=reject; sp=nah", "invalid sp")]
    [InlineData("v=DMARC1; p=bogus; rua=not a uri", "invalid p")]
    [InlineData("v=DMARC2; p=reject", "not a v=DMARC1")]
    [InlineData("v=dmarc1; p=reject", "not a v=DMARC1")]
    [InlineData("p=reject; v=DMARC1", "not a v=DMARC1")]
    [InlineData("v=DMARC10; p=reject", "not a v=DMARC1")]
    [InlineData("v=spf1 -all", "not a v=DMARC1")]
    [InlineData("", "not a v=DMARC1")]
    public void Unusable_records_are_rejected_with_the_reason(string text, string reason)
    {
        Assert.False(DmarcRecord.TryParse(text, out var record, out var error));
        Assert.Null(record);
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData("pct=0", 0)]
    [InlineData("pct=50", 50)]
    [InlineData("pct=100", 100)]
    [InlineData("pct=101", 100)]
    [InlineData("pct=99999999999999", 100)]
    [InlineData("pct=-5", 100)]
    [InlineData("pct=abc", 100)]
    [InlineData("pct=", 100)]
    public void Pct_is_clamped_to_0_100_and_garbage_means_100(string tag, int expected)
        => Assert.Equal(expected, Parse("v=DMARC1; p=reject; " + tag).Percent);

    [Theory]
    [InlineData("adkim=x; aspf=strict")]
    [InlineData("fo=2")]
    [InlineData("fo=1:x")]
    [InlineData("ri=-1")]
    [InlineData("ri=soon")]
    [InlineData("np=maybe")]
    [InlineData("rua=mailto:a@example.com!10q")]
    [InlineData("ruf=nothing")]
    [InlineData("garbage-without-equals")]
    public void Bad_optional_values_fall_back_to_defaults_with_a_warning(string tags)
    {
        var r = Parse("v=DMARC1; p=quarantine; " + tags);
        Assert.Equal(DmarcPolicy.Quarantine, r.Policy);
        Assert.Equal(DmarcAlignment.Relaxed, r.DkimAlignment);
        Assert.Equal(DmarcAlignment.Relaxed, r.SpfAlignment);
        Assert.Equal("0", r.FailureOptions);
        Assert.Equal(86400u, r.ReportInterval);
        Assert.Null(r.NonExistentSubdomainPolicy);
        Assert.Empty(r.FailureReportUris);
        Assert.Empty(r.AggregateReportUris);
        Assert.NotEmpty(r.Warnings);
    }

    [Fact]
    public void Every_prefix_of_a_record_parses_or_fails_without_throwing()
    {
        const string text = "v=DMARC1; p=reject; sp=none; pct=50; rua=mailto:a@example.com!5k; adkim=s; fo=0:1:d:s; ri=60";
        for (int i = 0; i <= text.Length; i++)
        {
            _ = DmarcRecord.TryParse(text[..i], out _, out _);
        }
        Assert.Equal("0:1:d:s", Parse(text).FailureOptions);
    }
}
