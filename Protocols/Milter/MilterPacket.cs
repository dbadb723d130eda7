using System.Buffers;

namespace Sift.Protocols.Milter;

/// <summary>
/// One framed packet: the command (or reply) byte and its data. The data points into the
/// reader's buffer and is valid only until the reader advances past it.
/// </summary>
/// <param name="Code">The command byte (a <see cref="MilterCommand"/> from the MTA, a
/// <see cref="MilterReplyCode"/> from the milter).</param>
/// <param name="Data">The bytes after the command byte.</param>
public readonly record struct MilterPacket(byte Code, ReadOnlySequence<byte> Data)
{
    /// <summary>The 4-byte length plus the command byte.</summary>
    public const int HeaderLength = 5;

    /// <summary>Largest body chunk the protocol sends (<c>MILTER_CHUNK_SIZE</c>).</summary>
    public const int MaxChunkSize = 65535;

    /// <summary>The code as an MTA command.</summary>
    public MilterCommand Command => (MilterCommand)Code;

    /// <summary>The code as a milter reply.</summary>
    public MilterReplyCode Reply => (MilterReplyCode)Code;
}
