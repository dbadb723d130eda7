using System.Security.Cryptography;
using System.Text;

namespace Sift.Protocols.Dns.Lookups;

/// <summary>Hash functions of hash blocklists.</summary>
public enum HashKind
{
    /// <summary>MD5, 32 lower-case hex digits.</summary>
    Md5,
    /// <summary>SHA-1, 40 lower-case hex digits.</summary>
    Sha1,
    /// <summary>SHA-256 in lower-case base32 without padding (52 characters): 64 hex digits would exceed the 63-octet label limit.</summary>
    Sha256,
}

/// <summary>The label a hash blocklist is queried with: the hash of the normalised address.</summary>
public static class HashKey
{
    /// <summary>
    /// Normalises an address as hash lists expect: surrounding space and angle brackets removed,
    /// lower-cased; the domain converted to ASCII (IDNA).
    /// </summary>
    public static string Normalize(string email)
    {
        var e = email.Trim().Trim('<', '>').Trim().ToLowerInvariant();
        int at = e.LastIndexOf('@');
        if (at > 0 && at < e.Length - 1 && Idna.TryToAscii(e[(at + 1)..], out var domain))
        {
            e = e[..(at + 1)] + domain;
        }
        return e;
    }

    /// <summary>The query label for <paramref name="email"/>.</summary>
    public static string For(string email, HashKind kind)
    {
        var bytes = Encoding.UTF8.GetBytes(Normalize(email));
        return kind switch
        {
            HashKind.Md5 => Convert.ToHexStringLower(MD5.HashData(bytes)),
            HashKind.Sha1 => Convert.ToHexStringLower(SHA1.HashData(bytes)),
            _ => Base32(SHA256.HashData(bytes)),
        };
    }

    /// <summary>Parses "md5", "sha1", "sha256" (any case).</summary>
    public static bool TryParse(string text, out HashKind kind) => Enum.TryParse(text, ignoreCase: true, out kind) && Enum.IsDefined(kind);

    /// <summary>RFC 4648 base32, lower case, no padding.</summary>
    private static string Base32(ReadOnlySpan<byte> data)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var sb = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (byte b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) sb.Append(alphabet[(buffer << (5 - bits)) & 31]);
        return sb.ToString();
    }
}
