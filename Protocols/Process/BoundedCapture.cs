using System.Buffers;
using System.Text;

namespace Sift.Protocols.Process;

/// <summary>Reads a pipe to its end, keeping at most a bounded number of bytes: the excess is read
/// (so that the writer never blocks on a full pipe) and discarded.</summary>
internal sealed class BoundedCapture(int limit)
{
    private readonly ArrayBufferWriter<byte> _kept = new(Math.Clamp(limit, 1, 4096));

    public bool Truncated { get; private set; }

    public async Task ReadToEndAsync(Stream pipe)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(8192);
        try
        {
            int read;
            while ((read = await pipe.ReadAsync(buffer.AsMemory()).ConfigureAwait(false)) > 0)
            {
                lock (_kept)
                {
                    var keep = Math.Min(read, limit - _kept.WrittenCount);
                    if (keep > 0) _kept.Write(buffer.AsSpan(0, keep));
                    if (keep < read) Truncated = true;
                }
            }
        }
        catch (IOException)
        {
            // The pipe broke (the process was killed): keep what arrived.
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public string Text()
    {
        // A capture abandoned after the drain timeout may still be writing.
        lock (_kept) return Encoding.UTF8.GetString(_kept.WrittenSpan);
    }
}
