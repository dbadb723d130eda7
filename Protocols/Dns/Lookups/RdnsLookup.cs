using System.Net;
using System.Net.Sockets;

namespace Sift.Protocols.Dns.Lookups;

/// <summary>
/// The raw answer of a reverse-DNS check: the PTR names of the address and which of them, if
/// any, resolves back to it (forward-confirmed reverse DNS).
/// </summary>
/// <param name="Address">The address looked up.</param>
/// <param name="Status">How the PTR query ended.</param>
/// <param name="ResponseCode">The PTR query's response code.</param>
/// <param name="PtrNames">The PTR targets (at most <see cref="RdnsLookup.MaxPtrNames"/> are confirmed).</param>
/// <param name="ConfirmedName">The first PTR name whose A/AAAA records include <paramref name="Address"/>; null when none.</param>
/// <param name="ForwardFailed">A forward lookup timed out or failed, so a missing confirmation is not certain.</param>
/// <param name="Error">Why the PTR lookup failed, when it did.</param>
public sealed record RdnsAnswer(IPAddress Address, DnsQueryStatus Status, DnsResponseCode ResponseCode, IReadOnlyList<string> PtrNames, string? ConfirmedName, bool ForwardFailed, string? Error);

/// <summary>PTR of an address, then forward confirmation of each name (in parallel).</summary>
public static class RdnsLookup
{
    /// <summary>Most PTR names forward-checked: a hostile reverse zone cannot make us do more.</summary>
    public const int MaxPtrNames = 5;

    /// <summary>Looks up the PTR of <paramref name="address"/> and confirms it forward (A for IPv4, AAAA for IPv6).</summary>
    public static async ValueTask<RdnsAnswer> QueryAsync(DnsClient client, IPAddress address, CancellationToken ct = default)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var ptr = await client.QueryAsync(ReverseName.ForPtr(address), DnsRecordType.PTR, ct).ConfigureAwait(false);
        var names = ptr.Records<PtrRecord>().Select(p => p.Target).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (names.Length == 0)
        {
            return new RdnsAnswer(address, ptr.Status, ptr.ResponseCode, [], null, false, ptr.Error);
        }
        var type = address.AddressFamily == AddressFamily.InterNetworkV6 ? DnsRecordType.AAAA : DnsRecordType.A;
        var forward = await Task.WhenAll(names.Take(MaxPtrNames).Select(n => client.QueryAsync(n, type, ct).AsTask())).ConfigureAwait(false);
        string? confirmed = null;
        for (int i = 0; i < forward.Length && confirmed is null; i++)
        {
            if (forward[i].Answers.Any(r => r is ARecord a && a.Address.Equals(address) || r is AaaaRecord q && q.Address.Equals(address)))
            {
                confirmed = names[i];
            }
        }
        bool failed = confirmed is null && forward.Any(f => f.Status != DnsQueryStatus.Answered || f.ResponseCode is not (DnsResponseCode.NoError or DnsResponseCode.NXDomain));
        return new RdnsAnswer(address, ptr.Status, ptr.ResponseCode, names, confirmed, failed, ptr.Error);
    }
}
