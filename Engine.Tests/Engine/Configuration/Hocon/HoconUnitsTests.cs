using Sift.Engine.Configuration.Hocon;

namespace Sift.Engine.Tests.Engine.Configuration.Hocon;

public class HoconUnitsTests
{
    [Theory]
    [InlineData("5s", 5_000_000_0L)]
    [InlineData("250ms", 2_500_000L)]
    [InlineData("100", 1_000_000L)]
    [InlineData("1.5h", 54_000_000_000L)]
    [InlineData("2 minutes", 1_200_000_000L)]
    [InlineData("1d", 864_000_000_000L)]
    [InlineData("1 day", 864_000_000_000L)]
    [InlineData("10us", 100L)]
    [InlineData("1000ns", 10L)]
    [InlineData("3 seconds", 30_000_000L)]
    public void Durations_parse_every_unit_of_the_specification(string text, long ticks)
    {
        Assert.True(HoconDuration.TryParse(text, out var value));
        Assert.Equal(ticks, value.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("5 parsecs")]
    [InlineData("-5s")]
    [InlineData("5M")]
    [InlineData("1e400d")]
    [InlineData("99999999999999999999d")]
    public void Bad_durations_are_refused(string text) => Assert.False(HoconDuration.TryParse(text, out _));

    [Theory]
    [InlineData("4096", 4096L)]
    [InlineData("10B", 10L)]
    [InlineData("64K", 65_536L)]
    [InlineData("64k", 65_536L)]
    [InlineData("1KiB", 1024L)]
    [InlineData("1kB", 1000L)]
    [InlineData("50M", 52_428_800L)]
    [InlineData("1MB", 1_000_000L)]
    [InlineData("2 mebibytes", 2_097_152L)]
    [InlineData("1G", 1_073_741_824L)]
    [InlineData("1 gigabyte", 1_000_000_000L)]
    [InlineData("1T", 1_099_511_627_776L)]
    [InlineData("1.5K", 1536L)]
    public void Sizes_use_powers_of_two_and_of_ten_as_the_specification_says(string text, long bytes)
    {
        Assert.True(HoconSize.TryParse(text, out var value));
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("big")]
    [InlineData("10 parsecs")]
    [InlineData("-1M")]
    [InlineData("100E")]
    [InlineData("1e30")]
    public void Bad_sizes_are_refused(string text) => Assert.False(HoconSize.TryParse(text, out _));
}
