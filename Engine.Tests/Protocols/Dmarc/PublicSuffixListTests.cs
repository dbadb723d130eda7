using Sift.Engine.Tests.Infrastructure;
using Sift.Protocols.Dmarc;

namespace Sift.Engine.Tests.Protocols.Dmarc;

public class PublicSuffixListTests
{
    private static readonly PublicSuffixList Embedded = PublicSuffixList.Embedded();

    // The publicsuffix.org test vectors (tests/test_psl.txt): input, registrable domain.
    [Theory]
    [InlineData(null, null)]
    [InlineData("COM", null)]
    [InlineData("example.COM", "example.com")]
    [InlineData("WwW.example.COM", "example.com")]
    [InlineData(".com", null)]
    [InlineData(".example", null)]
    [InlineData(".example.com", null)]
    [InlineData(".example.example", null)]
    [InlineData("example", null)]
    [InlineData("example.example", "example.example")]
    [InlineData("b.example.example", "example.example")]
    [InlineData("a.b.example.example", "example.example")]
    [InlineData("biz", null)]
    [InlineData("domain.biz", "domain.biz")]
    [InlineData("b.domain.biz", "domain.biz")]
    [InlineData("a.b.domain.biz", "domain.biz")]
    [InlineData("com", null)]
    [InlineData("example.com", "example.com")]
    [InlineData("b.example.com", "example.com")]
    [InlineData("a.b.example.com", "example.com")]
    [InlineData("uk.com", null)]
    [InlineData("example.uk.com", "example.uk.com")]
    [InlineData("b.example.uk.com", "example.uk.com")]
    [InlineData("a.b.example.uk.com", "example.uk.com")]
    [InlineData("test.ac", "test.ac")]
    [InlineData("mm", null)]
    [InlineData("c.mm", null)]
    [InlineData("b.c.mm", "b.c.mm")]
    [InlineData("a.b.c.mm", "b.c.mm")]
    [InlineData("jp", null)]
    [InlineData("test.jp", "test.jp")]
    [InlineData("www.test.jp", "test.jp")]
    [InlineData("ac.jp", null)]
    [InlineData("test.ac.jp", "test.ac.jp")]
    [InlineData("www.test.ac.jp", "test.ac.jp")]
    [InlineData("kyoto.jp", null)]
    [InlineData("test.kyoto.jp", "test.kyoto.jp")]
    [InlineData("ide.kyoto.jp", null)]
    [InlineData("b.ide.kyoto.jp", "b.ide.kyoto.jp")]
    [InlineData("a.b.ide.kyoto.jp", "b.ide.kyoto.jp")]
    [InlineData("c.kobe.jp", null)]
    [InlineData("b.c.kobe.jp", "b.c.kobe.jp")]
    [InlineData("a.b.c.kobe.jp", "b.c.kobe.jp")]
    [InlineData("city.kobe.jp", "city.kobe.jp")]
    [InlineData("www.city.kobe.jp", "city.kobe.jp")]
    [InlineData("ck", null)]
    [InlineData("test.ck", null)]
    [InlineData("b.test.ck", "b.test.ck")]
    [InlineData("a.b.test.ck", "b.test.ck")]
    [InlineData("www.ck", "www.ck")]
    [InlineData("www.www.ck", "www.ck")]
    [InlineData("us", null)]
    [InlineData("test.us", "test.us")]
    [InlineData("www.test.us", "test.us")]
    [InlineData("ak.us", null)]
    [InlineData("test.ak.us", "test.ak.us")]
    [InlineData("www.test.ak.us", "test.ak.us")]
    [InlineData("k12.ak.us", null)]
    [InlineData("test.k12.ak.us", "test.k12.ak.us")]
    [InlineData("www.test.k12.ak.us", "test.k12.ak.us")]
    [InlineData("食狮.com.cn", "食狮.com.cn")]
    [InlineData("食狮.公司.cn", "食狮.公司.cn")]
    [InlineData("www.食狮.公司.cn", "食狮.公司.cn")]
    [InlineData("shishi.公司.cn", "shishi.公司.cn")]
    [InlineData("公司.cn", null)]
    [InlineData("食狮.中国", "食狮.中国")]
    [InlineData("www.食狮.中国", "食狮.中国")]
    [InlineData("shishi.中国", "shishi.中国")]
    [InlineData("中国", null)]
    [InlineData("xn--85x722f.com.cn", "xn--85x722f.com.cn")]
    [InlineData("xn--85x722f.xn--55qx5d.cn", "xn--85x722f.xn--55qx5d.cn")]
    [InlineData("www.xn--85x722f.xn--55qx5d.cn", "xn--85x722f.xn--55qx5d.cn")]
    [InlineData("shishi.xn--55qx5d.cn", "shishi.xn--55qx5d.cn")]
    [InlineData("xn--55qx5d.cn", null)]
    [InlineData("xn--85x722f.xn--fiqs8s", "xn--85x722f.xn--fiqs8s")]
    [InlineData("www.xn--85x722f.xn--fiqs8s", "xn--85x722f.xn--fiqs8s")]
    [InlineData("shishi.xn--fiqs8s", "shishi.xn--fiqs8s")]
    [InlineData("xn--fiqs8s", null)]
    public void Publicsuffix_org_test_vectors_give_the_registrable_domain(string? domain, string? expected)
        => Assert.Equal(expected, Embedded.GetRegistrableDomain(domain));

    [Theory]
    [InlineData("mail.example.co.uk", "co.uk", "example.co.uk")]
    [InlineData("example.co.uk.", "co.uk", "example.co.uk")]
    [InlineData("a..example.com", null, null)]
    [InlineData("", null, null)]
    public void Suffix_and_registrable_domain_of_ordinary_names(string domain, string? suffix, string? registrable)
    {
        Assert.Equal(suffix, Embedded.GetPublicSuffix(domain));
        Assert.Equal(registrable, Embedded.GetRegistrableDomain(domain));
    }

    [Fact]
    public void Organizational_domain_of_a_public_suffix_is_the_name_itself()
    {
        Assert.Equal("co.uk", Embedded.GetOrganizationalDomain("CO.UK"));
        Assert.Equal("example.co.uk", Embedded.GetOrganizationalDomain("a.b.example.co.uk"));
        Assert.Null(Embedded.GetOrganizationalDomain("bad..name"));
    }

    private const string SmallList = """
        // ===BEGIN ICANN DOMAINS===
        com
        *.wild
        !keep.wild
        // ===END ICANN DOMAINS===
        // ===BEGIN PRIVATE DOMAINS===
        blogspot.com   trailing text is ignored
        *.cloud.com
        // ===END PRIVATE DOMAINS===
        """;

    [Theory]
    [InlineData("me.blogspot.com", true, "me.blogspot.com")]
    [InlineData("me.blogspot.com", false, "blogspot.com")]
    [InlineData("x.y.cloud.com", true, "x.y.cloud.com")]
    [InlineData("x.y.cloud.com", false, "cloud.com")]
    [InlineData("a.b.wild", false, "a.b.wild")]
    [InlineData("a.keep.wild", false, "keep.wild")]
    public void Private_section_rules_apply_only_when_asked(string domain, bool includePrivate, string expected)
    {
        var list = PublicSuffixList.Parse(new StringReader(SmallList));
        Assert.Equal(5, list.RuleCount);
        Assert.Equal(expected, list.GetRegistrableDomain(domain, includePrivate));
    }

    [Fact]
    public void Load_prefers_the_debian_file_and_falls_back_to_the_embedded_copy()
    {
        using var dir = TestEnv.NewTempDir();
        var missing = PublicSuffixList.Load(Path.Combine(dir.Path, "absent.dat"));
        Assert.Equal("embedded", missing.Source);
        Assert.True(missing.RuleCount > 5000, missing.RuleCount.ToString());

        // The test environment installs Debian's publicsuffix package (test-env/install.sh).
        var system = PublicSuffixList.Load();
        Assert.Equal(PublicSuffixList.DebianPath, system.Source);
        Assert.Equal("example.co.uk", system.GetRegistrableDomain("mail.example.co.uk"));
    }

    [Fact]
    public void An_empty_file_falls_back_to_the_embedded_copy()
    {
        using var dir = TestEnv.NewTempDir();
        var path = Path.Combine(dir.Path, "empty.dat");
        File.WriteAllText(path, "// nothing here\n");
        Assert.Equal("embedded", PublicSuffixList.Load(path).Source);
    }

    [Fact]
    public void Names_with_more_labels_than_dns_allows_are_rejected_not_crashed()
    {
        Assert.Null(Embedded.GetRegistrableDomain(string.Join('.', Enumerable.Repeat("a", 200))));
        Assert.Null(Embedded.GetRegistrableDomain(new string('a', 300) + ".com"));
    }
}
