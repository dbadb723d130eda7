using System.Net;
using Sift.Protocols.Spf;

namespace Sift.Engine.Tests.Protocols.Spf;

public class SpfRecordParserTests
{
    [Fact]
    public void Record_with_every_mechanism_and_modifier_parses_in_order()
    {
        Assert.True(SpfRecord.TryParse(
            "v=spf1 +all -include:_spf.example.com ~a ?a:mail.example.com/24//64 mx/26 mx:%{d}//48 ptr ptr:example.com "
            + "ip4:192.0.2.0/24 ip6:2001:db8::/32 exists:%{i}.bl.example.org redirect=_spf.%{d} exp=explain.%{d} foo=bar",
            out var record, out var error), error);
        Assert.Equal(
            new[] { "All", "Include", "A", "A", "Mx", "Mx", "Ptr", "Ptr", "Ip4", "Ip6", "Exists" },
            record!.Mechanisms.Select(m => m.Kind.ToString()));
        Assert.Equal(SpfQualifier.Fail, record.Mechanisms[1].Qualifier);
        Assert.Equal(SpfQualifier.SoftFail, record.Mechanisms[2].Qualifier);
        Assert.Equal(SpfQualifier.Neutral, record.Mechanisms[3].Qualifier);
        Assert.Equal((24, 64), (record.Mechanisms[3].Cidr4, record.Mechanisms[3].Cidr6));
        Assert.Equal((26, 128), (record.Mechanisms[4].Cidr4, record.Mechanisms[4].Cidr6));
        Assert.Equal((32, 48), (record.Mechanisms[5].Cidr4, record.Mechanisms[5].Cidr6));
        Assert.Equal("%{d}", record.Mechanisms[5].DomainSpec);
        Assert.Equal(IPAddress.Parse("192.0.2.0"), record.Mechanisms[8].Network);
        Assert.Equal(32, record.Mechanisms[9].Cidr6);
        Assert.Equal("_spf.%{d}", record.Redirect);
        Assert.Equal("explain.%{d}", record.Explanation);
    }

    [Theory]
    [InlineData("v=spf1")]
    [InlineData("V=SPF1 MX -ALL")]
    [InlineData("v=spf1  a   -all  ")]
    [InlineData("v=spf1 a:foo-bar.com")]
    [InlineData("v=spf1 a:example.com.")]
    [InlineData("v=spf1 a:foo.123-4")]
    [InlineData("v=spf1 ip4:0.0.0.0/0")]
    [InlineData("v=spf1 ip6:::/0")]
    [InlineData("v=spf1 ip6:::ffff:1.2.3.4")]
    [InlineData("v=spf1 exists:%{l1r+}.%{d}")]
    [InlineData("v=spf1 unknown-mod=%{d}.x -all")]
    [InlineData("v=spf1 a:%{d}/24")]
    [InlineData("v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d}")]
    [InlineData("v=spf1 a:foo:bar/baz.example.com")]
    [InlineData("v=spf1 mx:foo:bar/baz.example.com/24//64")]
    [InlineData("v=spf1 a:%{l/}.example.com/24")]
    public void Valid_records_parse(string text)
        => Assert.True(SpfRecord.TryParse(text, out _, out var error), error);

    [Theory]
    [InlineData("v=spf1 foo")]                          // unknown mechanism
    [InlineData("v=spf1 all:example.com")]              // all takes no argument
    [InlineData("v=spf1 all/24")]
    [InlineData("v=spf1 include")]                      // include needs a domain
    [InlineData("v=spf1 include:")]
    [InlineData("v=spf1 exists")]
    [InlineData("v=spf1 a:1.2.3.4")]                    // numeric top label
    [InlineData("v=spf1 a:[1.2.3.4]")]                  // domain literal
    [InlineData("v=spf1 a:foo.-bar")]
    [InlineData("v=spf1 a/33")]                         // IPv4 prefix over 32
    [InlineData("v=spf1 a//129")]
    [InlineData("v=spf1 a/024")]                        // leading zero
    [InlineData("v=spf1 a/")]
    [InlineData("v=spf1 a//")]
    [InlineData("v=spf1 a:example.com/")]
    [InlineData("v=spf1 mx/24/64")]
    [InlineData("v=spf1 ip4:1.2.3")]
    [InlineData("v=spf1 ip4:1.2.3.4.5")]
    [InlineData("v=spf1 ip4:1.2.3.256")]
    [InlineData("v=spf1 ip4:01.2.3.4")]
    [InlineData("v=spf1 ip4:1.2.3.4/33")]
    [InlineData("v=spf1 ip4:::1")]
    [InlineData("v=spf1 ip4")]
    [InlineData("v=spf1 ip6:1.2.3.4")]
    [InlineData("v=spf1 ip6:2001:db8::/129")]
    [InlineData("v=spf1 ip6:2001:db8::%eth0")]
    [InlineData("v=spf1 redirect=a.example.com redirect=b.example.com")]
    [InlineData("v=spf1 exp=a.example.com exp=b.example.com")]
    [InlineData("v=spf1 redirect=")]
    [InlineData("v=spf1 exists:%{x}.example.com")]      // unknown macro letter
    [InlineData("v=spf1 exists:%{c}.example.com")]      // c only in explanations
    [InlineData("v=spf1 exists:%{d0}.example.com")]
    [InlineData("v=spf1 foo=%")]                        // unknown modifier, bad macro-string
    [InlineData("v=spf1 -")]
    [InlineData("v=spf1 a:ex\u00e4mple.com")]
    [InlineData("v=spf10 -all")]
    [InlineData("spf2.0/pra -all")]
    public void Syntax_errors_are_rejected_with_a_reason(string text)
    {
        Assert.False(SpfRecord.TryParse(text, out var record, out var error));
        Assert.Null(record);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("a:foo:bar/baz.example.com", "foo:bar/baz.example.com", 32, 128)]
    [InlineData("a:foo:bar/baz.example.com/24", "foo:bar/baz.example.com", 24, 128)]
    [InlineData("mx:x/1.example.com/16//48", "x/1.example.com", 16, 48)]
    [InlineData("a//0", null, 32, 0)]
    public void Dual_cidr_is_read_from_the_end_so_the_domain_may_hold_slashes(string term, string? domain, int cidr4, int cidr6)
    {
        Assert.True(SpfRecord.TryParse("v=spf1 " + term, out var record, out var error), error);
        var m = record!.Mechanisms[0];
        Assert.Equal((domain, cidr4, cidr6), (m.DomainSpec, m.Cidr4, m.Cidr6));
    }

    [Fact]
    public void Every_prefix_of_a_record_parses_or_fails_without_throwing()
    {
        const string text = "v=spf1 ?a:%{d}.x.example/24//64 ip6:2001:db8::1/64 ip4:192.0.2.1/16 exists:%{ir}.%{v}.x.example exp=e.%{d2r} -all";
        for (int i = 0; i <= text.Length; i++)
        {
            _ = SpfRecord.TryParse(text[..i], out _, out _);
        }
        Assert.True(SpfRecord.TryParse(text, out _, out var error), error);
    }
}
