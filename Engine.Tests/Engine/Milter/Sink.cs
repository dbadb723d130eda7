using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Engine.Milter;

/// <summary>What smtp-sink (behind the test Postfix) received: one dump file per message.</summary>
public static class Sink
{
    /// <summary>The dump of the message Postfix queued as <paramref name="queueId"/> (its Received header names the id).</summary>
    public static Task<string> WaitForAsync(string queueId) => Poll.ForAsync(() =>
    {
        var dir = TestEnv.Require("SIFT_TEST_POSTFIX_SINK_DIR");
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (IOException)
            {
                continue;
            }
            if (text.Contains($"id {queueId}", StringComparison.Ordinal))
            {
                return text;
            }
        }
        return null;
    }, TimeSpan.FromSeconds(20), $"message {queueId} at smtp-sink");
}
