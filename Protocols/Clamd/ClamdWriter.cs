using System.Buffers.Binary;
using System.Text;

namespace Sift.Protocols.Clamd;

/// <summary>
/// Encodes clamd commands. Every command uses the <c>z</c> prefix: the command and the reply are
/// NUL-terminated, so a path or a reply may contain newlines without breaking framing.
/// <code>
/// zPING\0                      → PONG\0
/// zVERSION\0                   → ClamAV 1.4.6/27000/…\0
/// zSCAN /abs/path\0            → /abs/path: OK\0 | /abs/path: Name FOUND\0 | /abs/path: … ERROR\0
/// zINSTREAM\0 {len:u32be bytes}* 00 00 00 00
///                              → stream: OK\0 | stream: Name FOUND\0 | INSTREAM size limit exceeded. ERROR\0
/// </code>
/// </summary>
public static class ClamdWriter
{
    /// <summary>The largest chunk length clamd's INSTREAM takes in one frame (a sane bound; clamd itself
    /// refuses chunks past StreamMaxLength).</summary>
    public const int MaxChunkLength = 1 << 20;

    /// <summary>The bytes of a chunk header.</summary>
    public const int ChunkHeaderLength = 4;

    /// <summary><c>zPING\0</c>.</summary>
    public static ReadOnlyMemory<byte> Ping { get; } = "zPING\0"u8.ToArray();

    /// <summary><c>zVERSION\0</c>.</summary>
    public static ReadOnlyMemory<byte> Version { get; } = "zVERSION\0"u8.ToArray();

    /// <summary><c>zINSTREAM\0</c>.</summary>
    public static ReadOnlyMemory<byte> Instream { get; } = "zINSTREAM\0"u8.ToArray();

    /// <summary>The zero-length chunk that ends an INSTREAM.</summary>
    public static ReadOnlyMemory<byte> EndOfStream { get; } = new byte[ChunkHeaderLength];

    /// <summary>Encodes <c>zSCAN path\0</c>.</summary>
    /// <exception cref="ArgumentException">The path is not absolute or contains a NUL or a newline.</exception>
    public static byte[] Scan(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path[0] != '/') throw new ArgumentException("clamd needs an absolute path to SCAN", nameof(path));
        if (path.AsSpan().IndexOfAny('\0', '\n', '\r') >= 0)
            throw new ArgumentException("a path to SCAN cannot contain NUL or newline characters", nameof(path));
        var length = 6 + Encoding.UTF8.GetByteCount(path) + 1;
        var bytes = new byte[length];
        "zSCAN "u8.CopyTo(bytes);
        Encoding.UTF8.GetBytes(path, bytes.AsSpan(6));
        bytes[^1] = 0;
        return bytes;
    }

    /// <summary>Writes the 4-byte big-endian length that precedes an INSTREAM chunk.</summary>
    public static void WriteChunkHeader(Span<byte> destination, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)length);
    }
}
