using System.Net;
using Sift.Protocols.Spf;

namespace Sift.Engine.Tests.Protocols.Spf;

public class SpfMacroTests
{
    // The sender and address of the examples in RFC 7208 §7.4.
    private static SpfMacroContext Context(string ip = "192.0.2.3") => new(
        "strong-bad@email.example.com", "strong-bad", "email.example.com", "email.example.com",
        IPAddress.Parse(ip), "mx.example.org", "mail.example.com", "checker.example.net", 1_700_000_000);

    [Theory]
    [InlineData("%{s}", "strong-bad@email.example.com")]
    [InlineData("%{o}", "email.example.com")]
    [InlineData("%{d}", "email.example.com")]
    [InlineData("%{d4}", "email.example.com")]
    [InlineData("%{d3}", "email.example.com")]
    [InlineData("%{d2}", "example.com")]
    [InlineData("%{d1}", "com")]
    [InlineData("%{dr}", "com.example.email")]
    [InlineData("%{d2r}", "example.email")]
    [InlineData("%{l}", "strong-bad")]
    [InlineData("%{l-}", "strong.bad")]
    [InlineData("%{lr}", "strong-bad")]
    [InlineData("%{lr-}", "bad.strong")]
    [InlineData("%{l1r-}", "strong")]
    [InlineData("%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com")]
    [InlineData("%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com")]
    [InlineData("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com")]
    [InlineData("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com")]
    [InlineData("%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net")]
    [InlineData("%{h}", "mx.example.org")]
    [InlineData("%{p}", "mail.example.com")]
    [InlineData("%{i}", "192.0.2.3")]
    [InlineData("%%%_%-", "% %20")]
    [InlineData("%{S}", "strong-bad%40email.example.com")]
    [InlineData("%{L}", "strong-bad")]
    [InlineData("%{l+-}", "strong.bad")]
    [InlineData("%{s_}", "strong-bad@email.example.com")]
    [InlineData("%{D2R}", "example.email")]
    [InlineData("%{d100}", "email.example.com")]
    public void Rfc7208_examples_and_transformers_expand_as_specified(string macro, string expected)
    {
        Assert.True(SpfMacro.TryExpand(macro, Context(), isExplanation: false, out var expanded, out var error), error);
        Assert.Equal(expected, expanded);
    }

    [Fact]
    public void Ipv6_i_macro_expands_to_dotted_nibbles_and_v_to_ip6()
    {
        Assert.True(SpfMacro.TryExpand("%{ir}.%{v}._spf.%{d2}", Context("2001:db8::cb01"), false, out var expanded, out _));
        Assert.Equal("1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com", expanded);
    }

    [Theory]
    [InlineData("%{c}", "192.0.2.3")]
    [InlineData("%{r}", "checker.example.net")]
    [InlineData("%{t}", "1700000000")]
    [InlineData("%{i} is not one of %{d}'s designated mail servers.", "192.0.2.3 is not one of email.example.com's designated mail servers.")]
    public void Explanation_only_letters_expand_in_explanations(string macro, string expected)
    {
        Assert.True(SpfMacro.TryExpand(macro, Context(), isExplanation: true, out var expanded, out var error), error);
        Assert.Equal(expected, expanded);
    }

    [Fact]
    public void C_macro_of_an_ipv6_client_is_the_readable_address()
    {
        Assert.True(SpfMacro.TryExpand("%{c}", Context("2001:db8::cb01"), true, out var expanded, out _));
        Assert.Equal("2001:db8::cb01", expanded);
    }

    [Theory]
    [InlineData("%{c}")]
    [InlineData("%{r}")]
    [InlineData("%{t}")]
    [InlineData("%{x}")]
    [InlineData("%{d0}")]
    [InlineData("%{d2x}")]
    [InlineData("%{d")]
    [InlineData("%{}")]
    [InlineData("%")]
    [InlineData("%x")]
    [InlineData("%(ir).sbl.example.org")]
    [InlineData("a b")]
    public void Invalid_macro_strings_outside_explanations_are_rejected(string macro)
    {
        Assert.False(SpfMacro.TryExpand(macro, Context(), isExplanation: false, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("%{p}.example.com", true)]
    [InlineData("%{P}", true)]
    [InlineData("%%{p}", false)]
    [InlineData("%{d}", false)]
    public void Uses_validated_name_spots_only_a_real_p_macro(string macro, bool expected)
        => Assert.Equal(expected, SpfMacro.UsesValidatedName(macro));
}
