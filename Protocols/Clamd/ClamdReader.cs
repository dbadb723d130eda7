using System.Buffers;
using System.Text;

namespace Sift.Protocols.Clamd;

/// <summary>Frames and parses clamd's NUL-terminated replies. Never throws on short or hostile input.</summary>
public static class ClamdReader
{
    /// <summary>
    /// Looks for one complete reply (up to its NUL). Returns false and consumes nothing when the NUL
    /// has not arrived yet; the caller bounds how many bytes it is willing to buffer.
    /// </summary>
    public static bool TryReadReply(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> reply)
        => reader.TryReadTo(out reply, (byte)0, advancePastDelimiter: true);

    /// <summary>Decodes a reply's bytes (without the NUL), trimming the trailing newline clamd adds in
    /// the <c>n</c> command form.</summary>
    public static string Decode(in ReadOnlySequence<byte> reply)
    {
        var text = Encoding.UTF8.GetString(reply);
        return text.TrimEnd('\n', '\r');
    }

    /// <summary>
    /// Parses a scan reply (<c>stream: OK</c>, <c>path: Name FOUND</c>, <c>… ERROR</c>). Returns false
    /// when the text is none of these (the connection then carried something that is not clamd's).
    /// </summary>
    public static bool TryParseScanReply(string reply, out ClamdScanResult result)
    {
        ReadOnlySpan<char> text = reply;
        if (text.EndsWith(" FOUND", StringComparison.Ordinal))
        {
            var body = text[..^6];
            var colon = body.LastIndexOf(": ", StringComparison.Ordinal);
            var name = (colon < 0 ? body : body[(colon + 2)..]).Trim();
            if (name.Length > 0)
            {
                result = new ClamdScanResult(ClamdScanStatus.Virus, name.ToString(), null, reply);
                return true;
            }
        }
        else if (text.EndsWith(" ERROR", StringComparison.Ordinal))
        {
            var message = text[..^6].Trim().ToString();
            var status = message.Contains("size limit exceeded", StringComparison.OrdinalIgnoreCase)
                ? ClamdScanStatus.SizeLimitExceeded
                : ClamdScanStatus.Error;
            result = new ClamdScanResult(status, null, message, reply);
            return true;
        }
        else if (text.EndsWith(": OK", StringComparison.Ordinal))
        {
            result = new ClamdScanResult(ClamdScanStatus.Clean, null, null, reply);
            return true;
        }
        result = null!;
        return false;
    }
}
