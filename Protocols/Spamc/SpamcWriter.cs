using System.Text;

namespace Sift.Protocols.Spamc;

/// <summary>
/// Writes the head of a SPAMC/1.5 request:
/// <code>
/// CHECK SPAMC/1.5\r\n
/// Content-length: 1234\r\n
/// User: alice\r\n
/// \r\n
/// </code>
/// The message follows the head, byte for byte.
/// </summary>
public static class SpamcWriter
{
    /// <summary>The protocol version this client speaks.</summary>
    public const string ProtocolVersion = "SPAMC/1.5";

    /// <summary>The longest user name accepted.</summary>
    public const int MaxUserLength = 256;

    /// <summary>The most bytes <see cref="WriteHead"/> can need for a verb of up to 32 characters.</summary>
    public const int MaxHeadLength = 32 + 12 + 40 + MaxUserLength + 16;

    /// <summary>
    /// Writes the request head into <paramref name="destination"/> and returns its length.
    /// </summary>
    /// <param name="destination">At least <see cref="MaxHeadLength"/> bytes.</param>
    /// <param name="verb">The verb, e.g. <c>CHECK</c>.</param>
    /// <param name="contentLength">The message length; null to send no Content-length (the client then half-closes after the body).</param>
    /// <param name="user">The spamd user whose preferences apply; null for spamd's default.</param>
    /// <exception cref="ArgumentException">The verb or the user is empty, too long or holds control characters or spaces.</exception>
    public static int WriteHead(Span<byte> destination, string verb, long? contentLength, string? user)
    {
        if (!IsToken(verb, 32)) throw new ArgumentException("a SPAMC verb is 1-32 printable characters without spaces", nameof(verb));
        if (user is not null && !IsToken(user, MaxUserLength))
            throw new ArgumentException($"a spamd user name is 1-{MaxUserLength} printable characters without spaces", nameof(user));
        if (contentLength < 0) throw new ArgumentOutOfRangeException(nameof(contentLength));

        var written = 0;
        Append(destination, ref written, verb);
        Append(destination, ref written, " " + ProtocolVersion + "\r\n");
        if (contentLength is { } length)
        {
            Append(destination, ref written, "Content-length: ");
            length.TryFormat(destination[written..], out var n, provider: System.Globalization.CultureInfo.InvariantCulture);
            written += n;
            Append(destination, ref written, "\r\n");
        }
        if (user is not null)
        {
            Append(destination, ref written, "User: ");
            Append(destination, ref written, user);
            Append(destination, ref written, "\r\n");
        }
        Append(destination, ref written, "\r\n");
        return written;
    }

    private static void Append(Span<byte> destination, ref int written, string text) =>
        written += Encoding.ASCII.GetBytes(text, destination[written..]);

    private static bool IsToken(string text, int maxLength)
    {
        if (text.Length == 0 || text.Length > maxLength) return false;
        foreach (var c in text) if (c <= ' ' || c >= 0x7f) return false;
        return true;
    }
}
