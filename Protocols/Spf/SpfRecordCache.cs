using System.Collections.Concurrent;

namespace Sift.Protocols.Spf;

/// <summary>
/// Parsed records by their exact text. The same few provider records (include chains) come
/// back in most checks; parsing them once removes most of an evaluation's allocations.
/// Bounded: when full it is emptied, never grown.
/// </summary>
internal sealed class SpfRecordCache(int capacity)
{
    private readonly ConcurrentDictionary<string, (SpfRecord? Record, string? Error)> _entries = new(StringComparer.Ordinal);

    public bool TryParse(string text, out SpfRecord? record, out string? error)
    {
        if (_entries.TryGetValue(text, out var cached))
        {
            (record, error) = cached;
            return record is not null;
        }
        bool ok = SpfRecord.TryParse(text, out record, out error);
        if (capacity > 0 && text.Length <= 4096)
        {
            if (_entries.Count >= capacity)
            {
                _entries.Clear();
            }
            _entries.TryAdd(text, (record, error));
        }
        return ok;
    }
}
