using Sift.Engine.Configuration;
using Sift.Engine.Configuration.Hocon;

namespace Sift.Engine.Tests.Engine.Configuration.Hocon;

/// <summary>Parsing never throws anything but <see cref="HoconException"/>, whatever the input.</summary>
public class HoconHostileInputTests
{
    private static void ParsesOrFailsCleanly(string text)
    {
        try
        {
            HoconReader.Load(text, "hostile.conf", _ => null);
        }
        catch (HoconException e)
        {
            Assert.False(string.IsNullOrEmpty(e.Detail));
            Assert.True(e.Position.Line >= 1 && e.Position.Column >= 1, e.Message);
        }
    }

    public static IEnumerable<object[]> ValidDocuments()
    {
        yield return [File.ReadAllText(RepoFiles.Path("hocon/examples/postfix-gateway.conf"))];
        yield return [File.ReadAllText(RepoFiles.Path("hocon/examples/scanner-farm.conf"))];
        foreach (var row in HoconReaderTests.Documents)
        {
            yield return [(string)row[1]];
        }
    }

    [Theory]
    [MemberData(nameof(ValidDocuments))]
    public void Every_prefix_of_a_valid_document_parses_or_fails_with_a_reader_error(string document)
    {
        for (var length = 0; length <= document.Length; length++)
        {
            ParsesOrFailsCleanly(document[..length]);
        }
    }

    [Fact]
    public void Every_third_prefix_of_reference_conf_parses_or_fails_with_a_reader_error()
    {
        var text = SiftConfiguration.ReferenceText();
        for (var length = 0; length <= text.Length; length += 3)
        {
            ParsesOrFailsCleanly(text[..length]);
        }
    }

    [Fact]
    public void Random_mutations_of_reference_conf_parse_or_fail_with_a_reader_error()
    {
        var text = SiftConfiguration.ReferenceText();
        var random = new Random(20261122);
        const string alphabet = "{}[],:=+$?\"#/\\\n ${}.abc1";
        for (var i = 0; i < 500; i++)
        {
            var chars = text.ToCharArray();
            for (var m = 0; m < 3; m++)
            {
                chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            }
            ParsesOrFailsCleanly(new string(chars));
        }
    }

    [Theory]
    [InlineData("a = ", "[", "]")]
    [InlineData("a = ", "{ b = ", "}")]
    [InlineData("", "a { ", "}")]
    public void Deep_nesting_is_refused_not_a_stack_overflow(string head, string open, string close)
    {
        var text = head + string.Concat(Enumerable.Repeat(open, 100_000)) + string.Concat(Enumerable.Repeat(close, 100_000));
        var e = Assert.Throws<HoconException>(() => HoconReader.Load(text));
        Assert.Equal(HoconErrorReason.NestingTooDeep, e.Reason);
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_accepted()
    {
        var depth = HoconLimits.MaxNesting - 1;
        var text = "a = " + new string('[', depth) + new string(']', depth);
        Assert.NotNull(HoconReader.Load(text));
    }

    [Fact]
    public void A_long_chain_of_substitutions_is_refused_not_a_stack_overflow()
    {
        var text = string.Join('\n', Enumerable.Range(0, 10_000).Select(i => $"k{i} = ${{k{i + 1}}}")) + "\nk10000 = 1";
        var e = Assert.Throws<HoconException>(() => HoconReader.Load(text));
        Assert.Equal(HoconErrorReason.SubstitutionTooDeep, e.Reason);
    }

    [Fact]
    public void A_short_chain_of_substitutions_resolves()
    {
        var text = string.Join('\n', Enumerable.Range(0, 50).Select(i => $"k{i} = ${{k{i + 1}}}")) + "\nk50 = 1";
        Assert.Equal("1", ((HoconScalar)HoconReader.Load(text).Find(["k0"])!).Text);
    }

    [Fact]
    public void A_long_cycle_is_reported_as_a_cycle_or_as_too_deep()
    {
        var text = string.Join('\n', Enumerable.Range(0, 100).Select(i => $"k{i} = ${{k{(i + 1) % 100}}}"));
        var e = Assert.Throws<HoconException>(() => HoconReader.Load(text));
        Assert.Equal(HoconErrorReason.SubstitutionCycle, e.Reason);
    }

    [Fact]
    public void An_oversized_document_is_refused()
    {
        var e = Assert.Throws<HoconException>(() => HoconReader.Load(new string(' ', HoconLimits.MaxDocumentChars + 1)));
        Assert.Equal(HoconErrorReason.DocumentTooLarge, e.Reason);
    }
}
