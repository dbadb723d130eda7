using System.Buffers;
using System.Diagnostics;
using Sift.Engine.Checks;

namespace Sift.Engine.Milter;

/// <summary>
/// One message's bytes as they arrive from the MTA: in memory up to a threshold, then in a temp
/// file of its own (named <c>sift-spool-PID-…</c>), never more than a maximum size. Disposing
/// deletes the file; <see cref="DeleteLeftovers"/> removes those of processes that are gone.
/// Not thread-safe: one session owns it.
/// </summary>
public sealed class MessageSpool : IDisposable
{
    /// <summary>Prefix of spool file names.</summary>
    public const string FilePrefix = "sift-spool-";

    private readonly long _memoryThreshold;
    private readonly long _maxSize;
    private readonly string _directory;
    private byte[] _buffer = [];
    private int _buffered;
    private FileStream? _file;
    private bool _sealed;

    /// <summary>Creates an empty spool.</summary>
    /// <param name="memoryThreshold">Bytes kept in memory; beyond, the message goes to a file.</param>
    /// <param name="maxSize">Largest message; bytes past it are dropped and <see cref="TooLarge"/> is set.</param>
    /// <param name="directory">Folder of spool files (empty: the system temporary folder).</param>
    public MessageSpool(long memoryThreshold, long maxSize, string? directory)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(memoryThreshold);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSize);
        _memoryThreshold = Math.Min(memoryThreshold, Array.MaxLength);
        _maxSize = maxSize;
        _directory = string.IsNullOrEmpty(directory) ? Path.GetTempPath() : directory;
    }

    /// <summary>Bytes received so far (also those dropped past the maximum).</summary>
    public long Length { get; private set; }

    /// <summary>True once more than the maximum size arrived.</summary>
    public bool TooLarge => Length > _maxSize;

    /// <summary>The spool file, once the message went past the memory threshold.</summary>
    public string? FilePath => _file?.Name;

    /// <summary>Appends bytes; past the maximum size they are counted but not kept.</summary>
    /// <exception cref="IOException">The spool file cannot be written.</exception>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_sealed)
        {
            throw new InvalidOperationException("The spool is sealed.");
        }
        var before = Length;
        Length += bytes.Length;
        if (Length > _maxSize)
        {
            var room = _maxSize - before;
            if (room <= 0)
            {
                return;
            }
            bytes = bytes[..(int)room];
        }
        if (_file is null && _buffered + (long)bytes.Length <= _memoryThreshold)
        {
            EnsureCapacity(_buffered + bytes.Length);
            bytes.CopyTo(_buffer.AsSpan(_buffered));
            _buffered += bytes.Length;
            return;
        }
        _file ??= CreateFile();
        if (_buffered > 0)
        {
            _file.Write(_buffer, 0, _buffered);
            ReturnBuffer();
        }
        _file.Write(bytes);
    }

    /// <summary>Appends a multi-segment sequence.</summary>
    /// <exception cref="IOException">The spool file cannot be written.</exception>
    public void Append(in ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            Append(segment.Span);
        }
    }

    /// <summary>Ends writing and gives the content for checks (memory or file). Idempotent.</summary>
    /// <exception cref="IOException">The spool file cannot be flushed.</exception>
    public MessageContent Seal()
    {
        _sealed = true;
        if (_file is not null)
        {
            _file.Flush();
            return MessageContent.FromFile(_file.Name);
        }
        return MessageContent.FromBytes(_buffer.AsMemory(0, _buffered));
    }

    /// <summary>Deletes the file (if any) and drops the bytes.</summary>
    public void Dispose()
    {
        _sealed = true;
        if (_file is not null)
        {
            var path = _file.Name;
            _file.Dispose();
            _file = null;
            try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        ReturnBuffer();
    }

    /// <summary>
    /// Deletes spool files in <paramref name="directory"/> left by Sift processes that no longer
    /// run (a crash leaves its files behind); returns how many.
    /// </summary>
    public static int DeleteLeftovers(string? directory)
    {
        var folder = string.IsNullOrEmpty(directory) ? Path.GetTempPath() : directory;
        if (!Directory.Exists(folder))
        {
            return 0;
        }
        var deleted = 0;
        foreach (var path in Directory.EnumerateFiles(folder, FilePrefix + "*"))
        {
            var rest = Path.GetFileName(path).AsSpan(FilePrefix.Length);
            var dash = rest.IndexOf('-');
            if (dash <= 0 || !int.TryParse(rest[..dash], out var pid) || pid == Environment.ProcessId || IsRunning(pid))
            {
                continue;
            }
            try
            {
                File.Delete(path);
                deleted++;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return deleted;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private FileStream CreateFile()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, $"{FilePrefix}{Environment.ProcessId}-{Guid.NewGuid():N}.eml");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.Read | FileShare.Delete,
            BufferSize = 64 * 1024,
        };
        if (!OperatingSystem.IsWindows())
        {
            // Readable by the group: a local clamd (SCAN by path) runs as another user of it.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        }
        return new FileStream(path, options);
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _buffer.Length)
        {
            return;
        }
        var size = (int)Math.Min(Math.Max(needed, Math.Max(4096, _buffer.Length * 2L)), Math.Max(_memoryThreshold, needed));
        // Plain arrays, not pooled: a content check that outlives the session may still read them.
        var next = GC.AllocateUninitializedArray<byte>(size);
        _buffer.AsSpan(0, _buffered).CopyTo(next);
        _buffer = next;
    }

    private void ReturnBuffer()
    {
        _buffer = [];
        _buffered = 0;
    }
}
