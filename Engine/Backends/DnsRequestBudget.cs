namespace Sift.Engine.Backends;

/// <summary>
/// The DNS requests one message may cause (<c>sift.dns.max-queries-per-message</c>, 64 by
/// default), shared by every DNS check of its batch, so that hostile SPF records or long lists
/// cannot turn one message into hundreds of queries. Thread-safe.
/// </summary>
public sealed class DnsRequestBudget
{
    private int _used;

    /// <summary>A budget of <paramref name="limit"/> requests.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public DnsRequestBudget(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        Limit = limit;
    }

    /// <summary>Requests allowed.</summary>
    public int Limit { get; }

    /// <summary>Requests taken so far (may exceed <see cref="Limit"/> by follow-up queries charged after the fact).</summary>
    public int Used => Volatile.Read(ref _used);

    /// <summary>Takes <paramref name="count"/> requests; false (and nothing taken) when that would pass the limit.</summary>
    public bool TryTake(int count = 1)
    {
        while (true)
        {
            var used = Volatile.Read(ref _used);
            if (used + count > Limit)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _used, used + count, used) == used)
            {
                return true;
            }
        }
    }

    /// <summary>Takes <paramref name="count"/> requests or throws.</summary>
    /// <exception cref="DnsBudgetExceededException">The budget is spent.</exception>
    public void Take(int count = 1)
    {
        if (!TryTake(count))
        {
            throw new DnsBudgetExceededException(Limit);
        }
    }

    /// <summary>Counts follow-up requests already made (a blocklist's TXT reason, rDNS forward lookups).</summary>
    public void Charge(int count) => Interlocked.Add(ref _used, count);
}

/// <summary>A message's DNS request budget is spent: the check fails (an error, never a listing).</summary>
/// <param name="limit">The budget.</param>
public sealed class DnsBudgetExceededException(int limit)
    : Exception($"DNS request budget of {limit} per message is spent");
