namespace Sift.Engine.Checks;

/// <summary>
/// A message's content for content checks, in memory or spooled to a file. Compared by
/// reference: two checks of the same kind on the same content are the same lookup.
/// </summary>
public sealed class MessageContent
{
    private readonly ReadOnlyMemory<byte> _bytes;

    private MessageContent(ReadOnlyMemory<byte> bytes, string? path)
    {
        _bytes = bytes;
        Path = path;
    }

    /// <summary>The spool file, when the content lives on disk.</summary>
    public string? Path { get; }

    /// <summary>Content held in memory.</summary>
    public static MessageContent FromBytes(ReadOnlyMemory<byte> bytes) => new(bytes, null);

    /// <summary>Content spooled to <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public static MessageContent FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new(ReadOnlyMemory<byte>.Empty, path);
    }

    /// <summary>A fresh read-only stream over the content (each caller gets its own).</summary>
    /// <exception cref="IOException">The spool file cannot be opened.</exception>
    public Stream OpenRead() => Path is null
        ? new MemoryStream(_bytes.ToArray(), writable: false)
        : new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
}
