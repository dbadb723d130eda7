using System.Text;

namespace Sift.Engine.Tests.Infrastructure;

/// <summary>Messages the spam scanners judge the same way every time with local rules only.</summary>
public static class TestMessages
{
    /// <summary>The GTUBE string: every SpamAssassin and rspamd install treats it as spam.</summary>
    public const string GtubeLine = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    /// <summary>A well-formed message carrying GTUBE.</summary>
    public static string Gtube(int n = 0) => Message(n, "Test spam", $"This is the GTUBE, the\n\t{GtubeLine}\n\nYou should get spam.\n");

    /// <summary>A short, well-formed, harmless message.</summary>
    public static string Plain(int n = 0) =>
        Message(n, "Lunch on Thursday", "Hi Bob,\n\nShall we meet at noon on Thursday at the usual place?\n\nAlice\n");

    /// <summary>A message as a seekable stream (so its length can be announced).</summary>
    public static MemoryStream AsStream(string message) => new(Encoding.ASCII.GetBytes(message));

    private static string Message(int n, string subject, string body) =>
        "From: Alice Example <alice@example.com>\n" +
        "To: Bob Example <bob@example.com>\n" +
        $"Subject: {subject}\n" +
        $"Message-ID: <test-{n}@example.com>\n" +
        "Date: Sun, 22 Nov 2026 03:00:00 +0000\n" +
        "MIME-Version: 1.0\n" +
        "Content-Type: text/plain; charset=us-ascii\n" +
        "\n" + body;
}
