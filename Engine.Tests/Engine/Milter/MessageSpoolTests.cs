using System.Text;
using Sift.Engine.Milter;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Engine.Milter;

public sealed class MessageSpoolTests
{
    [Fact]
    public async Task A_small_message_stays_in_memory()
    {
        using var dir = TestEnv.NewTempDir();
        using var spool = new MessageSpool(1024, 10_000, dir.Path);
        spool.Append("Subject: hi\r\n\r\nbody\r\n"u8);
        var content = spool.Seal();
        Assert.Null(content.Path);
        Assert.Empty(Directory.GetFiles(dir.Path));
        Assert.Equal("Subject: hi\r\n\r\nbody\r\n", await new StreamReader(content.OpenRead()).ReadToEndAsync());
    }

    [Fact]
    public async Task A_message_past_the_threshold_goes_to_a_file_that_dispose_deletes()
    {
        using var dir = TestEnv.NewTempDir();
        var spool = new MessageSpool(100, 10_000, dir.Path);
        var line = Encoding.ASCII.GetBytes(new string('a', 60) + "\r\n");
        for (var i = 0; i < 5; i++)
        {
            spool.Append(line);
        }
        var content = spool.Seal();
        Assert.NotNull(content.Path);
        Assert.StartsWith(Path.Combine(dir.Path, MessageSpool.FilePrefix + Environment.ProcessId + "-"), content.Path);
        Assert.Equal(5 * line.Length, (await new StreamReader(content.OpenRead()).ReadToEndAsync()).Length);
        spool.Dispose();
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Bytes_past_the_maximum_are_counted_but_not_kept()
    {
        using var spool = new MessageSpool(1 << 20, 10, null);
        spool.Append("0123456789ABCDEF"u8);
        Assert.True(spool.TooLarge);
        Assert.Equal(16, spool.Length);
        Assert.Equal(10, spool.Seal().OpenRead().Length);
    }

    [Fact]
    public void Leftovers_of_a_dead_process_are_deleted_and_those_of_live_ones_kept()
    {
        using var dir = TestEnv.NewTempDir();
        var dead = Path.Combine(dir.Path, $"{MessageSpool.FilePrefix}{int.MaxValue - 7}-x.eml");
        var live = Path.Combine(dir.Path, $"{MessageSpool.FilePrefix}{Environment.ProcessId}-y.eml");
        var other = Path.Combine(dir.Path, "unrelated.eml");
        foreach (var path in new[] { dead, live, other })
        {
            File.WriteAllText(path, "x");
        }
        Assert.Equal(1, MessageSpool.DeleteLeftovers(dir.Path));
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(other));
    }
}
