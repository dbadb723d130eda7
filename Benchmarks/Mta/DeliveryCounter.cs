namespace Sift.Benchmarks.Mta;

/// <summary>
/// Counts the deliveries Postfix logs (<c>status=sent</c> lines) in its <c>maillog_file</c>, reading
/// only what was appended since the last call, so that a run can wait until every accepted message
/// has reached smtp-sink.
/// </summary>
internal sealed class DeliveryCounter(string path)
{
    private static readonly byte[] Sent = "status=sent"u8.ToArray();
    private readonly byte[] _chunk = new byte[64 * 1024];
    private long _offset;
    private byte[] _partial = [];

    /// <summary>Deliveries logged so far.</summary>
    public long Count { get; private set; }

    /// <summary>Reads the lines appended since the last call and returns the new total.</summary>
    public long Refresh()
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length < _offset) { _offset = 0; _partial = []; }
        file.Seek(_offset, SeekOrigin.Begin);
        int n;
        while ((n = file.Read(_chunk, 0, _chunk.Length)) > 0)
        {
            _offset += n;
            var data = _partial.Length == 0 ? _chunk.AsSpan(0, n) : [.. _partial, .. _chunk.AsSpan(0, n)];
            var lastNewline = data.LastIndexOf((byte)'\n');
            var complete = lastNewline < 0 ? [] : data[..(lastNewline + 1)];
            foreach (var line in complete.Split((byte)'\n'))
            {
                if (complete[line].IndexOf(Sent) >= 0) { Count++; }
            }
            _partial = data[(lastNewline + 1)..].ToArray();
        }
        return Count;
    }

    /// <summary>Polls until <paramref name="target"/> deliveries are logged or the token fires; returns whether they were.</summary>
    public async Task<bool> WaitForAsync(long target, CancellationToken cancel)
    {
        while (Refresh() < target)
        {
            try { await Task.Delay(20, cancel); }
            catch (OperationCanceledException) { return false; }
        }
        return true;
    }
}
