namespace Sift.Engine.Tests.Protocols.Spf;

/// <summary>
/// The scenarios of test-env/zones/spf.conf with the answers RFC 7208 / RFC 7489 require.
/// <see cref="SpfZoneScenarioTests"/> runs them over the file loaded in memory; the real-server
/// tests run the same tables against unbound through the DNS client adapter.
/// </summary>
public static class SpfZoneScenarios
{
    /// <summary>MAIL FROM, client address, HELO, expected md_spf_verify code, text the explanation must contain.</summary>
    public static TheoryData<string, string, string, string, string> Spf => new()
    {
        { "user@ip4.spf.test", "192.0.2.10", "", "pass", "designates 192.0.2.10" },
        { "user@ip4.spf.test", "::ffff:192.0.2.10", "", "pass", "designates" },
        { "user@ip4.spf.test", "198.51.100.1", "", "fail", "does not designate" },
        { "user@ip6.spf.test", "2001:db8::1", "", "pass", "designates" },
        { "user@ip6.spf.test", "2001:db9::1", "", "softfail", "softly" },
        { "user@a.spf.test", "192.0.2.22", "", "pass", "designates" },
        { "user@a.spf.test", "192.0.2.24", "", "fail", "does not designate" },
        { "user@a.spf.test", "2001:db8::23", "", "pass", "designates" },
        { "user@mx.spf.test", "198.51.100.99", "", "pass", "designates" },
        { "user@mx.spf.test", "203.0.113.99", "", "pass", "designates" },
        { "user@mx.spf.test", "192.0.2.99", "", "fail", "does not designate" },
        { "user@ptr.spf.test", "192.0.2.40", "", "pass", "designates" },
        { "user@ptr.spf.test", "192.0.2.41", "", "fail", "does not designate" },
        { "user@exists.spf.test", "192.0.2.10", "", "pass", "designates" },
        { "user@exists.spf.test", "192.0.2.11", "", "fail", "does not designate" },
        { "user@neutral.spf.test", "192.0.2.1", "", "neutral", "neither permitted nor denied" },
        { "user@include.spf.test", "198.51.100.5", "", "pass", "designates" },
        { "user@include.spf.test", "203.0.113.5", "", "fail", "does not designate" },
        { "user@include-none.spf.test", "192.0.2.1", "", "permerror", "has no SPF record" },
        { "user@redirect.spf.test", "192.0.2.10", "", "pass", "designates" },
        { "user@redirect.spf.test", "198.51.100.1", "", "fail", "does not designate" },
        { "user@exp.spf.test", "192.0.2.9", "", "fail", "192.0.2.9 is not allowed to send mail for exp.spf.test" },
        { "user@long.spf.test", "192.0.2.60", "", "pass", "designates" },
        { "user@long.spf.test", "198.51.100.13", "", "pass", "designates" },
        { "user@long.spf.test", "198.51.100.14", "", "fail", "does not designate" },
        { "user@none.spf.test", "192.0.2.1", "", "none", "does not publish" },
        { "user@nxdomain.spf.test", "192.0.2.1", "", "none", "does not publish" },
        { "user@two.spf.test", "192.0.2.1", "", "permerror", "more than one" },
        { "user@syntax.spf.test", "192.0.2.1", "", "permerror", "syntax error" },
        { "user@loop.spf.test", "192.0.2.1", "", "permerror", "DNS-querying terms" },
        { "user@limit.spf.test", "192.0.2.1", "", "permerror", "DNS-querying terms" },
        { "user@void.spf.test", "192.0.2.1", "", "permerror", "void" },
        { "", "192.0.2.50", "mail.helo.spf.test", "pass", "postmaster@mail.helo.spf.test" },
        { "<>", "192.0.2.51", "mail.helo.spf.test", "fail", "does not designate" },
    };

    /// <summary>From domain, the raw record md_get_dmarc_record must return (empty for none), the domain it came from.</summary>
    public static TheoryData<string, string, string> Dmarc => new()
    {
        { "dmarc.test", "v=DMARC1; p=reject; sp=quarantine; pct=100; rua=mailto:agg@dmarc.test; adkim=s; aspf=r; fo=1; ri=3600", "dmarc.test" },
        { "mail.dmarc.test", "v=DMARC1; p=reject; sp=quarantine; pct=100; rua=mailto:agg@dmarc.test; adkim=s; aspf=r; fo=1; ri=3600", "dmarc.test" },
        { "own.dmarc.test", "v=DMARC1; p=none", "own.dmarc.test" },
        { "multi.dmarc.test", "", "multi.dmarc.test" },
        { "bad.dmarc.test", "", "bad.dmarc.test" },
        { "mail.example.co.uk", "v=DMARC1; p=quarantine; pct=50; np=reject", "example.co.uk" },
        { "nodmarc.spf.test", "", "" },
    };
}
